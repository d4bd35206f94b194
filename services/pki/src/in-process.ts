import { randomBytes } from 'node:crypto';
import { ocspRequest, parseCertificate, type RevocationSource, type TimestampClient, timestampRequest, tokenFromResponse } from '@naskah/signing/cms';
import type { Pki } from './authority.js';
import { OcspResponder } from './ocsp-responder.js';
import { TimestampAuthority } from './timestamp-authority.js';

/**
 * The PKI's TSA called in process (the CLI's `--pki D`), through the same
 * request and response encodings as over HTTP.
 */
export function inProcessTimestampClient(pki: Pki, authority = new TimestampAuthority(pki)): TimestampClient {
  return {
    timestamp(imprint: Buffer): Promise<Buffer> {
      const nonce = randomBytes(12);
      nonce[0] = (nonce[0]! & 0x7f) | 0x01;
      const response = authority.respond(timestampRequest(imprint, nonce));
      return Promise.resolve(tokenFromResponse(response, imprint, nonce.toString('hex').replace(/^0+/, '')));
    },
  };
}

export function inProcessRevocationSource(pki: Pki, responder = new OcspResponder(pki)): RevocationSource {
  return {
    ocsp(certificate: Buffer, issuer: Buffer): Promise<Buffer> {
      return Promise.resolve(responder.respond(ocspRequest(certificate, issuer)));
    },
    crl(issuer: Buffer): Promise<Buffer> {
      const subject = parseCertificate(issuer).subjectDer;
      return Promise.resolve(pki.crl(subject.equals(pki.root.certificate.subjectDer) ? 'root' : 'issuing'));
    },
  };
}
