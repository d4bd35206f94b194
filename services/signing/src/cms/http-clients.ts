import { randomBytes } from 'node:crypto';
import { SigningError } from '../errors.js';
import { childrenOf, contentOf, oidOf, parseDer } from './der.js';
import { OID } from './oids.js';
import { parseCertificate } from './certificate.js';
import { ocspRequest } from './revocation.js';
import { timestampRequest, tokenFromResponse } from './timestamp-token.js';
import type { RevocationSource, TimestampClient } from './types.js';

export interface HttpClientOptions {
  /** per request, default 10 s */
  timeoutMs?: number;
}

async function post(url: string, body: Buffer, contentType: string, accept: string, timeoutMs: number): Promise<Buffer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, accept },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** An RFC 3161 client over HTTP. Any failure is TSA_UNAVAILABLE or TSA_RESPONSE_INVALID, never a local time. */
export function httpTimestampClient(url: string, options: HttpClientOptions = {}): TimestampClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async timestamp(imprint: Buffer): Promise<Buffer> {
      const nonce = randomBytes(12);
      nonce[0] = (nonce[0]! & 0x7f) | 0x01;
      let response: Buffer;
      try {
        response = await post(url, timestampRequest(imprint, nonce), 'application/timestamp-query', 'application/timestamp-reply', timeoutMs);
      } catch (error) {
        throw new SigningError('TSA_UNAVAILABLE', `The time-stamp authority at ${url} could not be reached (${reason(error)}).`, 'tsa');
      }
      return tokenFromResponse(response, imprint, nonceHex(nonce));
    },
  };
}

const nonceHex = (nonce: Buffer): string => nonce.toString('hex').replace(/^0+/, '') || '0';

function reason(error: unknown): string {
  if (error instanceof Error) return error.name === 'TimeoutError' ? 'timed out' : error.message;
  return 'unknown error';
}

/**
 * OCSP over HTTP, at the URL given or, by default, the one in each
 * certificate's authority information access; CRLs from `crlUrl` when given.
 */
export function httpRevocationSource(options: HttpClientOptions & { ocspUrl?: string; crlUrl?: (issuer: Buffer) => string } = {}): RevocationSource {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const source: RevocationSource = {
    async ocsp(certificate: Buffer, issuer: Buffer): Promise<Buffer> {
      const url = options.ocspUrl ?? ocspUrlOf(certificate);
      try {
        return await post(url, ocspRequest(certificate, issuer), 'application/ocsp-request', 'application/ocsp-response', timeoutMs);
      } catch (error) {
        throw new SigningError('OCSP_UNAVAILABLE', `The OCSP responder at ${url} could not be reached (${reason(error)}).`);
      }
    },
  };
  if (options.crlUrl) {
    const crlUrl = options.crlUrl;
    source.crl = async (issuer: Buffer): Promise<Buffer> => {
      const url = crlUrl(issuer);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return Buffer.from(await response.arrayBuffer());
      } catch (error) {
        throw new SigningError('OCSP_UNAVAILABLE', `The CRL at ${url} could not be fetched (${reason(error)}).`);
      }
    };
  }
  return source;
}

/** The OCSP URL in a certificate's authority information access extension. */
function ocspUrlOf(certificate: Buffer): string {
  const aia = parseCertificate(certificate).extensions.get(OID.authorityInfoAccess);
  if (aia) {
    for (const access of childrenOf(parseDer(Buffer.from(aia.value)))) {
      const [method, location] = childrenOf(access);
      // accessLocation uniformResourceIdentifier: [6] IMPLICIT IA5String
      if (method && location?.tag === 0x86 && oidOf(method) === OID.ocspAccess) return contentOf(location).toString('latin1');
    }
  }
  throw new SigningError('OCSP_UNAVAILABLE', 'The certificate names no OCSP responder.');
}
