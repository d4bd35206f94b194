import type { KeyHolder } from '../keys/key-holder.js';

/** An RFC 3161 time-stamp authority, over HTTP or in process. */
export interface TimestampClient {
  /** Returns the TimeStampToken (a ContentInfo holding SignedData), DER. */
  timestamp(messageImprintSha256: Buffer): Promise<Buffer>;
}

/** Where revocation information for a certificate comes from. */
export interface RevocationSource {
  /** Returns an OCSPResponse (RFC 6960), DER, successful or not: callers check the status. */
  ocsp(certificate: Buffer, issuer: Buffer): Promise<Buffer>;
  /** Returns the CRL (DER) of the CA whose certificate is `issuer`; undefined when this source has none for that CA (OCSP only). */
  crl?(issuer: Buffer): Promise<Buffer | undefined>;
}

export interface CadesSignatureOptions {
  /** SHA-256 over the signature's byte ranges */
  contentDigest: Buffer;
  holder: KeyHolder;
  /** When given, the signature gets a signature-time-stamp (PAdES B-T). */
  timestamp?: TimestampClient;
  /**
   * The claimed signing time (goes in /M, not in the CMS); the certificate must be
   * valid then. Defaults to now.
   */
  signingTime?: Date;
}

/** Everything a /DSS needs for one signature (PAdES B-LT). */
export interface ValidationMaterial {
  certs: Buffer[];
  ocsps: Buffer[];
  crls: Buffer[];
}
