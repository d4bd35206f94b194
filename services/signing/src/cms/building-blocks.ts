// `@naskah/signing/cms`: the DER, X.509 and CMS pieces a certification authority builds its answers
// from (certificates, CRLs, OCSP and time-stamp responses, PKCS#12 files). The internal CA
// (`@naskah/pki`) is their one user outside this package; signing and verifying never need them.
export {
  bitString, boolean, childAt, childrenOf, contentOf, contextConstructed, encodingOf, enumerated, generalizedTime, integer, integerHex,
  octetString, oid, oidOf, parseDer, printableString, sequence, setOf, tlv, utf8String, x509Time, type DerNode,
} from './der.js';
export { HASH_BY_OID, OID, TSA_POLICY_OID } from './oids.js';
export { assembleSignedData, attribute, sha256, signatureAlgorithm, signerTemplate, type SignerTemplate } from './cades.js';
export { derToPem, NAME_OIDS, parseCertificate, pemToDer, type ParsedCertificate } from './certificate.js';
export { collectValidationMaterial, ocspCertificateStatus, ocspRequest } from './revocation.js';
export { timestampRequest, tokenFromResponse } from './timestamp-token.js';
export type { RevocationSource, TimestampClient } from './types.js';
export { encodePkcs12 } from '../keys/pkcs12.js';
export { httpOcsp, type RevocationSource as VerifyRevocationSource } from '../verify/revocation.js';
export { readPassphrase, UsageError } from '../cli-input.js';
