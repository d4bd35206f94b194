export { verifyPdf, type SignatureReport, type VerificationReport } from './verify-pdf.js';
