import { createHash, randomBytes } from 'node:crypto';
import type { KeyHolder } from '../keys/key-holder.js';
import { SigningError } from '../errors.js';
import { parseCertificate } from './certificate.js';
import {
  algorithmIdentifier,
  childAt,
  childrenOf,
  contentOf,
  contextConstructed,
  integerHex,
  nullValue,
  octetString,
  oid,
  oidOf,
  parseDer,
  sequence,
  timeOf,
} from './der.js';
import { OID } from './oids.js';
import { parseTimestampToken } from './timestamp-token.js';
import type { RevocationSource, ValidationMaterial } from './types.js';

export type CertificateStatus =
  | { status: 'good'; thisUpdate: Date }
  | { status: 'revoked'; thisUpdate: Date; revokedAt: Date }
  | { status: 'unknown'; thisUpdate: Date };

/** An OCSPRequest (SHA-1 CertID, as every responder understands it) with a nonce. */
export function ocspRequest(certificate: Buffer, issuer: Buffer, nonce: Buffer = randomBytes(16)): Buffer {
  const cert = parseCertificate(certificate);
  const ca = parseCertificate(issuer);
  const certId = sequence(
    algorithmIdentifier(OID.sha1, nullValue()),
    octetString(createHash('sha1').update(ca.subjectDer).digest()),
    octetString(createHash('sha1').update(ca.publicKeyBytes).digest()),
    cert.serialDer,
  );
  return sequence(
    sequence(
      sequence(sequence(certId)),
      contextConstructed(2, sequence(sequence(oid(OID.ocspNonce), octetString(octetString(nonce))))),
    ),
  );
}

/**
 * Reads the status of `certificate` from an OCSPResponse. Does not check the
 * responder's signature (the verifier does); OCSP_UNAVAILABLE when the
 * response is not a successful basic response or does not mention it.
 */
export function ocspCertificateStatus(response: Buffer, certificate: Buffer): CertificateStatus {
  const serial = parseCertificate(certificate).serialHex;
  try {
    const resp = parseDer(response);
    const status = contentOf(childAt(resp, 0, 0x0a))[0]!;
    if (status !== 0) throw new SigningError('OCSP_UNAVAILABLE', `The OCSP responder answered with error status ${status}.`);
    const bytes = childAt(childAt(resp, 1, 0xa0), 0);
    if (oidOf(childAt(bytes, 0)) !== OID.ocspBasic) throw new Error('not basic');
    const basic = parseDer(Buffer.from(contentOf(childAt(bytes, 1, 0x04))));
    const tbs = childAt(basic, 0);
    const responses = childrenOf(tbs).filter((n) => n.tag === 0x30)[0]!;
    for (const single of childrenOf(responses)) {
      const [certId, certStatus, thisUpdate] = childrenOf(single);
      if (integerHex(childAt(certId!, 3)) !== serial) continue;
      const at = timeOf(thisUpdate!);
      if (certStatus!.tag === 0x80) return { status: 'good', thisUpdate: at };
      if (certStatus!.tag === 0xa1) return { status: 'revoked', thisUpdate: at, revokedAt: timeOf(childAt(certStatus!, 0)) };
      return { status: 'unknown', thisUpdate: at };
    }
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw new SigningError('OCSP_UNAVAILABLE', 'The OCSP responder sent a response that cannot be read.');
  }
  throw new SigningError('OCSP_UNAVAILABLE', 'The OCSP response does not cover the signer certificate.');
}

/** Refuses a revoked (CERT_REVOKED) or unknown signer certificate before signing. */
export async function assertNotRevoked(holder: KeyHolder, source: RevocationSource): Promise<void> {
  const issuer = holder.chain[0];
  if (!issuer) throw new SigningError('CERT_INVALID', 'The signer certificate has no issuer certificate to check revocation with.');
  const status = ocspCertificateStatus(await source.ocsp(holder.certificate, issuer), holder.certificate);
  if (status.status === 'revoked') {
    throw new SigningError('CERT_REVOKED', `The signer certificate was revoked on ${status.revokedAt.toISOString()}.`);
  }
  if (status.status === 'unknown') {
    throw new SigningError('CERT_INVALID', 'The certificate authority does not know the signer certificate.');
  }
}

/**
 * Everything a /DSS needs so the signature validates later without network
 * access (PAdES B-LT): the certificates of the signer's chain and of any
 * time-stamp tokens, an OCSP response for each certificate below a root, and
 * the CRLs when the source offers them.
 */
export async function collectValidationMaterial(
  holder: Pick<KeyHolder, 'certificate' | 'chain'>,
  source: RevocationSource,
  timestampTokens: readonly Buffer[] = [],
): Promise<ValidationMaterial> {
  const known = new Map<string, ReturnType<typeof parseCertificate>>();
  const add = (der: Buffer): void => {
    const c = parseCertificate(der);
    known.set(c.sha256.toString('hex'), c);
  };
  add(holder.certificate);
  holder.chain.forEach(add);
  for (const token of timestampTokens) parseTimestampToken(token).certificates.forEach(add);
  const all = [...known.values()];
  const ocsps: Buffer[] = [];
  const crls: Buffer[] = [];
  const crlIssuers = new Set<string>();
  for (const cert of all) {
    if (cert.issuerDer.equals(cert.subjectDer)) continue; // a root is trusted, not checked
    if (cert.extensions.has(OID.ocspNoCheck)) continue;
    const issuer = all.find((c) => c.subjectDer.equals(cert.issuerDer));
    if (!issuer) throw new SigningError('CERT_INVALID', `The issuer of certificate ${cert.serialHex} is not in the chain.`);
    const response = await source.ocsp(cert.der, issuer.der);
    const status = ocspCertificateStatus(response, cert.der);
    if (status.status === 'revoked') {
      throw new SigningError('CERT_REVOKED', `Certificate ${cert.serialHex} was revoked on ${status.revokedAt.toISOString()}.`);
    }
    ocsps.push(response);
    const issuerKey = issuer.sha256.toString('hex');
    if (source.crl && !crlIssuers.has(issuerKey)) {
      crlIssuers.add(issuerKey);
      const crl = await source.crl(issuer.der);
      if (crl) crls.push(crl);
    }
  }
  return { certs: all.map((c) => c.der), ocsps, crls };
}
