import type { KeyHolder } from '../keys/key-holder.js';
import { assertCertificateValidAt } from '../keys/validity.js';
import { parseCertificate } from '../pki/certificate.js';
import { SigningError } from '../errors.js';
import { octetString, oid, sequence, setOf } from './der.js';
import { OID } from './oids.js';
import {
  assembleSignedData,
  attribute,
  sha256,
  signerTemplate,
  type SignerTemplate,
} from './signed-data.js';
import { parseTimestampToken } from './timestamp-token.js';
import type { CadesSignatureOptions, TimestampClient } from './types.js';

export type { CadesSignatureOptions, RevocationSource, TimestampClient, ValidationMaterial } from './types.js';
export { parseTimestampToken, type TimestampTokenInfo } from './timestamp-token.js';

const templates = new WeakMap<KeyHolder, SignerTemplate>();
const CONTENT_TYPE_DATA = attribute(OID.contentType, oid(OID.data));
const MESSAGE_DIGEST_PREFIX = sequence(oid(OID.messageDigest), setOf(octetString(Buffer.alloc(32)))).subarray(0, -32);

function templateFor(holder: KeyHolder): SignerTemplate {
  let t = templates.get(holder);
  if (!t) {
    t = signerTemplate(parseCertificate(holder.certificate), holder.chain, holder.keyAlgorithm);
    templates.set(holder, t);
  }
  return t;
}

/**
 * A detached CAdES signature (PAdES baseline B-B, or B-T with `timestamp`) over
 * `contentDigest`: one SignerInfo whose signed attributes are exactly
 * content-type, message-digest and signing-certificate-v2. Refuses a
 * certificate that is not valid at `signingTime` (CERT_EXPIRED /
 * CERT_NOT_YET_VALID) and a time-stamp that falls after it expires.
 */
export async function buildCadesSignature(opts: CadesSignatureOptions): Promise<Buffer> {
  const { holder, contentDigest } = opts;
  if (contentDigest.length !== 32) throw new RangeError('contentDigest must be a SHA-256 digest (32 bytes)');
  assertCertificateValidAt(holder.subject, opts.signingTime ?? new Date());
  const template = templateFor(holder);
  const messageDigest = Buffer.concat([MESSAGE_DIGEST_PREFIX, contentDigest]);
  // The three attributes' DER order is fixed (their lengths never change), but
  // sorting three buffers costs nothing and keeps the SET valid DER by construction.
  const signedAttributes = setOf(CONTENT_TYPE_DATA, messageDigest, template.signingCertificateV2);
  const signature = await holder.sign(signedAttributes);
  let unsignedAttributes: Buffer[] | undefined;
  if (opts.timestamp) {
    const token = await opts.timestamp.timestamp(sha256(signature));
    const info = parseTimestampToken(token);
    if (info.genTime > holder.subject.notAfter) {
      throw new SigningError('CERT_EXPIRED', 'The signer certificate had expired at the time-stamp time.');
    }
    unsignedAttributes = [attribute(OID.signatureTimeStampToken, token)];
  }
  return assembleSignedData({ template, signedAttributes, signature, unsignedAttributes, eContentType: OID.data });
}

/** The RFC 3161 token for a /DocTimeStamp (SubFilter ETSI.RFC3161) over `digest` (SHA-256 of the byte ranges). */
export async function buildDocumentTimestamp(digest: Buffer, tsa: TimestampClient): Promise<Buffer> {
  if (digest.length !== 32) throw new RangeError('digest must be a SHA-256 digest (32 bytes)');
  const token = await tsa.timestamp(digest);
  parseTimestampToken(token);
  return token;
}
export { httpTimestampClient, httpRevocationSource, ocspUrlOf, type HttpClientOptions } from './http-clients.js';
export {
  assertNotRevoked,
  collectValidationMaterial,
  ocspCertificateStatus,
  ocspRequest,
  type CertificateStatus,
} from './revocation.js';
