export { verifyPdf, type VerifyOptions, type VerificationReport, type SignatureReport, type FieldLock } from './verify-pdf.js';
export { publicSummary, type PublicSummary, type PublicSignature } from './public-summary.js';
export { runVerifyCommand } from './command.js';
export { REASONS, type Reason, type ReasonCode, type Verdict } from './reasons.js';
export { checkPdfStructure, UPLOAD_LIMITS, type PdfStructure } from './check-structure.js';
export {
  trustConfiguration, trustConfigurationFromFiles, verifyWithTrust, labelReport, signatureTrust, anchorFileName,
  type TrustConfiguration, type TrustConfigurationInput, type TrustAnchor, type TrustKind, type SignatureTrust, type SignatureTrustKind,
  type LabelledReport, type LabelledSignatureReport,
} from './trust.js';
