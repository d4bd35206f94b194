// The signature algorithms the verifier checks with node:crypto itself: one
// table for signer, time-stamp and OCSP signatures (cms.ts) and certificate
// links (certificates.ts).

export const SHA1_WITH_RSA = '1.2.840.113549.1.1.5';

/** RSA PKCS#1 v1.5 and ECDSA signature algorithms, by the digest each names. */
export const SIGNATURE_DIGESTS: Readonly<Record<string, string>> = {
  [SHA1_WITH_RSA]: 'sha1', '1.2.840.113549.1.1.11': 'sha256', '1.2.840.113549.1.1.12': 'sha384', '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384', '1.2.840.10045.4.3.4': 'sha512',
};
