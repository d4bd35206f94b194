// A CAdES signature for PAdES (ETSI EN 319 122): the SignedData with one
// SignerInfo, built once per signer as a template, so each document costs the
// hash, the RSA operation and a few copied bytes (issue 20). Also the RFC 3161
// token of a document time-stamp.
import { createHash } from 'node:crypto';
import type { KeyHolder } from '../keys/key-holder.js';
import { assertCertificateValidAt } from '../keys/validity.js';
import { SigningError } from '../errors.js';
import { parseCertificate, type ParsedCertificate } from './certificate.js';
import { OID } from './oids.js';
import {
  algorithmIdentifier,
  contextConstructed,
  integer,
  nullValue,
  octetString,
  oid,
  sequence,
  setOf,
  tlv,
} from './der.js';
import { parseTimestampToken } from './timestamp-token.js';
import type { CadesSignatureOptions, TimestampClient } from './types.js';

export type SignatureKind = 'rsa' | 'ecdsa';

export function signatureAlgorithm(kind: SignatureKind): Buffer {
  return kind === 'rsa' ? algorithmIdentifier(OID.sha256WithRSA, nullValue()) : algorithmIdentifier(OID.ecdsaWithSha256);
}

const sha256Algorithm = (): Buffer => algorithmIdentifier(OID.sha256);

export function attribute(type: string, ...values: Buffer[]): Buffer {
  return sequence(oid(type), setOf(...values));
}

/** signing-certificate-v2 (RFC 5035) naming one certificate by SHA-256 hash and issuer/serial. */
function signingCertificateV2Attribute(cert: ParsedCertificate): Buffer {
  // hashAlgorithm is omitted: its DEFAULT is SHA-256, and DER forbids encoding a default.
  const issuerSerial = sequence(sequence(contextConstructed(4, cert.issuerDer)), cert.serialDer);
  const essCertIdV2 = sequence(octetString(cert.sha256), issuerSerial);
  return attribute(OID.signingCertificateV2, sequence(sequence(essCertIdV2)));
}

/**
 * The constant parts of a SignedData for one signer certificate, so that a
 * signature is a hash, one private-key operation and a few concatenations.
 */
export interface SignerTemplate {
  readonly kind: SignatureKind;
  readonly digestAlgorithms: Buffer;
  readonly certificates: Buffer;
  readonly signerIdentifier: Buffer;
  readonly digestAlgorithm: Buffer;
  readonly signatureAlgorithm: Buffer;
  readonly signingCertificateV2: Buffer;
}

export function signerTemplate(signer: ParsedCertificate, chain: readonly Buffer[], kind: SignatureKind): SignerTemplate {
  return {
    kind,
    digestAlgorithms: setOf(sha256Algorithm()),
    // [0] IMPLICIT SET OF Certificate: the signer first, then its chain (order kept as given)
    certificates: tlv(0xa0, signer.der, ...chain),
    signerIdentifier: sequence(signer.issuerDer, signer.serialDer),
    digestAlgorithm: sha256Algorithm(),
    signatureAlgorithm: signatureAlgorithm(kind),
    signingCertificateV2: signingCertificateV2Attribute(signer),
  };
}

export interface SignedDataParts {
  template: SignerTemplate;
  /** the SET-tagged signed attributes that were signed */
  signedAttributes: Buffer;
  signature: Buffer;
  /** complete Attribute encodings */
  unsignedAttributes?: Buffer[];
  eContentType: string;
  /** encapsulated content; absent for a detached signature */
  eContent?: Buffer;
}

export function assembleSignedData(parts: SignedDataParts): Buffer {
  const t = parts.template;
  const implicitSignedAttrs = Buffer.from(parts.signedAttributes);
  implicitSignedAttrs[0] = 0xa0;
  const signerInfoFields = [
    integer(1),
    t.signerIdentifier,
    t.digestAlgorithm,
    implicitSignedAttrs,
    t.signatureAlgorithm,
    octetString(parts.signature),
  ];
  if (parts.unsignedAttributes?.length) {
    const set = setOf(...parts.unsignedAttributes);
    set[0] = 0xa1;
    signerInfoFields.push(set);
  }
  const encap =
    parts.eContent === undefined
      ? sequence(oid(parts.eContentType))
      : sequence(oid(parts.eContentType), contextConstructed(0, octetString(parts.eContent)));
  // CMSVersion 1 for id-data with issuerAndSerialNumber, 3 for any other content type (RFC 5652 §5.1)
  const version = parts.eContentType === OID.data ? 1 : 3;
  const signedData = sequence(
    integer(version),
    t.digestAlgorithms,
    encap,
    t.certificates,
    setOf(sequence(...signerInfoFields)),
  );
  return sequence(oid(OID.signedData), contextConstructed(0, signedData));
}

export const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

const templates = new WeakMap<KeyHolder, SignerTemplate>();
const CONTENT_TYPE_DATA = attribute(OID.contentType, oid(OID.data));
const MESSAGE_DIGEST_PREFIX = sequence(oid(OID.messageDigest), setOf(octetString(Buffer.alloc(32)))).subarray(0, -32);

/**
 * The finished DER of a B-B SignedData for one signer and one signature length,
 * with the places of the message digest and the signature value: per document
 * only those bytes are written into a copy (no re-encoding of the certificates).
 */
interface PreparedSignedData {
  signedAttributes: Buffer;
  /** offset of the message digest in `signedAttributes` */
  attrsDigestAt: number;
  der?: Buffer;
  digestAt?: number;
  signatureAt?: number;
  signatureLength?: number;
}
const prepared = new WeakMap<SignerTemplate, PreparedSignedData>();

function preparedFor(template: SignerTemplate): PreparedSignedData {
  let p = prepared.get(template);
  if (!p) {
    // The SET's order never depends on the digest: the three attributes differ in their OIDs first.
    const signedAttributes = setOf(CONTENT_TYPE_DATA, Buffer.concat([MESSAGE_DIGEST_PREFIX, Buffer.alloc(32)]), template.signingCertificateV2);
    p = { signedAttributes, attrsDigestAt: signedAttributes.indexOf(MESSAGE_DIGEST_PREFIX) + MESSAGE_DIGEST_PREFIX.length };
    prepared.set(template, p);
  }
  return p;
}

function assembleDetachedBB(template: SignerTemplate, p: PreparedSignedData, signedAttributes: Buffer, signature: Buffer): Buffer {
  if (p.signatureLength !== signature.length) {
    const blankSignature = Buffer.alloc(signature.length);
    const der = assembleSignedData({ template, signedAttributes: p.signedAttributes, signature: blankSignature, eContentType: OID.data });
    const implicitAttrs = Buffer.from(p.signedAttributes);
    implicitAttrs[0] = 0xa0;
    const sigField = Buffer.concat([template.signatureAlgorithm, octetString(blankSignature)]);
    p.der = der;
    p.digestAt = der.indexOf(implicitAttrs) + p.attrsDigestAt;
    p.signatureAt = der.indexOf(sigField) + sigField.length - signature.length;
    p.signatureLength = signature.length;
  }
  const der = Buffer.from(p.der!);
  signedAttributes.copy(der, p.digestAt! - p.attrsDigestAt);
  der[p.digestAt! - p.attrsDigestAt] = 0xa0;
  signature.copy(der, p.signatureAt);
  return der;
}

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
  const p = preparedFor(template);
  const signedAttributes = Buffer.from(p.signedAttributes);
  contentDigest.copy(signedAttributes, p.attrsDigestAt);
  const signature = await holder.sign(signedAttributes);
  if (!opts.timestamp) return assembleDetachedBB(template, p, signedAttributes, signature);
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
