// The public surface of the signing core, what other packages use (services/signing/README.md lists it).
// The CA's building blocks (DER, X.509, CMS pieces) are `@naskah/signing/cms`; test helpers `@naskah/signing/testing`.

// sign: PAdES signatures as incremental updates, their long-term upgrades, and the `naskah sign` command.
export { signPdf, type SignPdfOptions } from './sign.js';
export {
  upgradeToLta, renewDocumentTimestamp, archivalState, type UpgradeToLtaOptions, type ArchivalState, type ArchivalTimestamp,
} from './archival.js';
export { runSignCommand, type LocalCa } from './sign-command.js';
export { openPkcs12 } from './keys/pkcs12.js';
export { assertCertificateValidAt } from './keys/validity.js';
export type { KeyHolder } from './keys/key-holder.js';
export { SigningError, isSigningError } from './errors.js';

// verify: the verifier, its public summary, trust configuration and the upload check.
export { verifyPdf, type VerificationReport, type FieldLock } from './verify/verify-pdf.js';
export { publicSummary, type PublicSummary, type PublicSignature } from './verify/public-summary.js';
export { checkPdfStructure } from './verify/check-structure.js';
export {
  trustConfiguration, verifyWithTrust, anchorFileName,
  type TrustConfiguration, type TrustKind, type LabelledReport, type LabelledSignatureReport, type SignatureTrustKind,
} from './verify/trust.js';

// stamp: where the visible stamp goes.
export { DEFAULT_SIGNATURE_BLOCK, placementFor, type SignatureAppearance } from './stamp/appearance.js';
export type { StampPlacement } from './sign.js';

// cms: certificates, time-stamps and revocation evidence.
export { parseCertificate, pemToDer, derToPem } from './cms/certificate.js';
export { httpTimestampClient, httpRevocationSource } from './cms/http-clients.js';
export { assertNotRevoked } from './cms/revocation.js';
export type { RevocationSource, TimestampClient } from './cms/types.js';

// providers: a certificate provider's gateway (BSrE-style remote signing).
export type { SigningProvider, SignedDocument, ProviderKind, SignerSecret } from './providers/provider.js';
export type { GatewayApiVersion, ProviderSignatureCheck } from './providers/contract.js';
export { gatewayProvider, type GatewayConfig, type GatewayProvider } from './providers/gateway-provider.js';
export { GATEWAY_ERRORS, GATEWAY_HTTP_STATUS, GATEWAY_STATUS } from './providers/gateway-errors.js';
export { checkGatewayResponse } from './providers/response-check.js';
export { gatewayDirectory, loadGatewayDirectory, type GatewayDirectory, type GatewayDirectoryEntry } from './providers/gateway-directory.js';
export { gatewayHealth } from './providers/circuit.js';
