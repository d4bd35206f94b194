import { createHash } from 'node:crypto';
import type { ParsedCertificate } from './certificate.js';
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
