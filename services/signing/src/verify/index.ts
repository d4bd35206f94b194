export { verifyPdf, pdfDate, type VerifyOptions, type VerificationReport, type SignatureReport, type PadesLevel as VerifiedLevel, type Coverage } from './verify-pdf.js';
export { publicSummary, type PublicSummary, type PublicSignature } from './public-summary.js';
export { runVerifyCommand } from './command.js';
export { REASONS, type Reason, type ReasonCode, type Verdict } from './reasons.js';
export { DEFAULT_LIMITS, type VerifyLimits } from './pdf-syntax.js';
export type { RevocationSource as OnlineRevocationSource } from './revocation.js';
export { checkPdfStructure, UPLOAD_LIMITS, type PdfStructure } from './check-structure.js';
export {
  trustConfiguration, trustConfigurationFromFiles, verifyWithTrust, labelReport, signatureTrust, anchorFileName,
  type TrustConfiguration, type TrustConfigurationInput, type TrustAnchor, type TrustKind, type SignatureTrust, type SignatureTrustKind,
  type LabelledReport, type LabelledSignatureReport,
} from './trust.js';
