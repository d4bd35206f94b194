export { SigningError, isSigningError, type SigningErrorCode } from './errors.js';
export * from './keys/index.js';
export * from './cms/index.js';
export * from './pki/index.js';
export {
  verifyPdf, publicSummary, runVerifyCommand, checkPdfStructure, UPLOAD_LIMITS, type PdfStructure, REASONS as VERIFY_REASONS,
  type VerifyOptions, type VerificationReport, type SignatureReport, type FieldLock, type PublicSummary, type PublicSignature,
  type Reason as VerifyReason, type ReasonCode as VerifyReasonCode, type Verdict,
  trustConfiguration, trustConfigurationFromFiles, verifyWithTrust, labelReport, signatureTrust, anchorFileName,
  type TrustConfiguration, type TrustConfigurationInput, type TrustAnchor, type TrustKind, type SignatureTrust, type SignatureTrustKind,
  type LabelledReport, type LabelledSignatureReport,
} from './verify/index.js';
export { signPdf, signPdfFile, upgradeToLta, renewDocumentTimestamp, archivalState, type ArchivalState, type ArchivalTimestamp, type UpgradeToLtaOptions, type SignPdfOptions, type PadesLevel, type StampPlacement } from './sign.js';
export { formatSigningTime, footerText, initialsOf } from './stamp/appearance.js';
export * from './providers/index.js';
