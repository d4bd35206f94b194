import { createHash, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  childAt,
  contentOf,
  contextConstructed,
  integer,
  NAME_OIDS,
  octetString,
  oid,
  OID,
  parseDer,
  printableString,
  sequence,
  setOf,
  signatureAlgorithm,
  tlv,
  utf8String,
  x509Time,
} from '@naskah/signing/cms';

export interface NameParts {
  country?: string;
  organization?: string;
  title?: string;
  commonName: string;
  serialNumber?: string;
  userId?: string;
}

/** A distinguished name, one attribute per RDN, in the conventional C, O, title, CN, serialNumber order. */
export function distinguishedName(parts: NameParts): Buffer {
  const rdn = (type: string, value: Buffer): Buffer => setOf(sequence(oid(type), value));
  const rdns: Buffer[] = [];
  if (parts.country) rdns.push(rdn(NAME_OIDS.country, printableString(parts.country)));
  if (parts.organization) rdns.push(rdn(NAME_OIDS.organization, utf8String(parts.organization)));
  if (parts.title) rdns.push(rdn(NAME_OIDS.title, utf8String(parts.title)));
  rdns.push(rdn(NAME_OIDS.commonName, utf8String(parts.commonName)));
  if (parts.serialNumber) rdns.push(rdn(NAME_OIDS.serialNumber, printableString(parts.serialNumber)));
  if (parts.userId) rdns.push(rdn(NAME_OIDS.userId, utf8String(parts.userId)));
  return sequence(...rdns);
}

export function extension(type: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(type), boolean(true), octetString(value)) : sequence(oid(type), octetString(value));
}

/** RFC 5280 method 1 key identifier: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spkiDer: Buffer): Buffer {
  const bits = contentOf(childAt(parseDer(spkiDer), 1, 0x03)).subarray(1);
  return createHash('sha1').update(bits).digest();
}

const uri = (url: string): Buffer => tlv(0x86, Buffer.from(url, 'latin1'));

export const KEY_USAGE = {
  /** digitalSignature + nonRepudiation (officials) */
  signing: bitString(Buffer.from([0xc0]), 6),
  /** digitalSignature only (TSA, OCSP responder) */
  digitalSignature: bitString(Buffer.from([0x80]), 7),
  /** keyCertSign + cRLSign */
  ca: bitString(Buffer.from([0x06]), 1),
} as const;

export const ext = {
  basicConstraintsCa: (pathLength?: number): Buffer =>
    extension(OID.basicConstraints, true, sequence(boolean(true), ...(pathLength === undefined ? [] : [integer(pathLength)]))),
  keyUsage: (bits: Buffer): Buffer => extension(OID.keyUsage, true, bits),
  extKeyUsage: (purpose: string): Buffer => extension(OID.extKeyUsage, true, sequence(oid(purpose))),
  /**
   * The officials' signing purposes, non-critical. emailProtection is what NSS requires for
   * certificateUsageEmailSigner (the usage poppler's pdfsig verifies with): an EKU without it
   * is SEC_ERROR_INADEQUATE_CERT_TYPE. And the EKU must be present at all: NSS's PKIX
   * validation looks the extension up on the leaf after its last signature check, and when
   * it is absent CERT_PKIXVerifyCert succeeds yet leaves SEC_ERROR_EXTENSION_NOT_FOUND as
   * the thread's error, which poppler 22.12 reads instead of the return value and prints as
   * "Unknown issue with Certificate or corrupted data".
   */
  signerExtKeyUsage: (): Buffer => extension(OID.extKeyUsage, false, sequence(oid(OID.ekuEmailProtection), oid(OID.ekuDocumentSigning))),
  subjectKeyIdentifier: (id: Buffer): Buffer => extension(OID.subjectKeyIdentifier, false, octetString(id)),
  authorityKeyIdentifier: (id: Buffer): Buffer => extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, id))),
  authorityInfoAccess: (ocspUrl: string | undefined, caIssuersUrl: string): Buffer =>
    extension(
      OID.authorityInfoAccess,
      false,
      sequence(
        ...(ocspUrl ? [sequence(oid(OID.ocspAccess), uri(ocspUrl))] : []),
        sequence(oid(OID.caIssuersAccess), uri(caIssuersUrl)),
      ),
    ),
  crlDistributionPoint: (url: string): Buffer =>
    extension(OID.crlDistributionPoints, false, sequence(sequence(contextConstructed(0, contextConstructed(0, uri(url)))))),
  ocspNoCheck: (): Buffer => extension(OID.ocspNoCheck, false, Buffer.from([0x05, 0x00])),
};

export interface CertificateRequest {
  serial: Buffer;
  subject: Buffer;
  issuer: Buffer;
  issuerKey: KeyObject;
  publicKeySpki: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

export function signatureKindOf(key: KeyObject): 'rsa' | 'ecdsa' {
  return key.asymmetricKeyType === 'ec' ? 'ecdsa' : 'rsa';
}

/** Signs a DER structure the X.509 way: SEQUENCE { tbs, algorithm, BIT STRING signature }. */
export function signStructure(tbs: Buffer, key: KeyObject): Buffer {
  return sequence(tbs, signatureAlgorithm(signatureKindOf(key)), bitString(sign('sha256', tbs, key)));
}

export function buildCertificate(req: CertificateRequest): Buffer {
  const tbs = sequence(
    contextConstructed(0, integer(2)),
    integer(req.serial),
    signatureAlgorithm(signatureKindOf(req.issuerKey)),
    req.issuer,
    sequence(x509Time(req.notBefore), x509Time(req.notAfter)),
    req.subject,
    req.publicKeySpki,
    contextConstructed(3, sequence(...req.extensions)),
  );
  return signStructure(tbs, req.issuerKey);
}
