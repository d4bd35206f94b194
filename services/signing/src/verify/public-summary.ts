// What the public verification page (the QR target) may show: only what a
// holder of the paper already sees on it — names, positions, agencies, times
// and the verdict. No NIK, certificate serials, chains or byte offsets.
import { REASONS, type Verdict } from './reasons.js';
import type { LabelledReport, SignatureTrust } from './trust.js';
import type { VerificationReport } from './verify-pdf.js';

export interface PublicSignature {
  readonly signer: string | null;
  readonly title: string | null;
  readonly agency: string | null;
  /** The certificate's issuer (the CA or provider that certified the signer, as the page footer names it). */
  readonly issuer: string | null;
  readonly signedAt: string | null;
  readonly timestampAt: string | null;
  readonly verdict: Verdict;
  /** The trust anchor and what kind of TTE it makes this (certified, non-certified, untrusted); null for an unlabelled report. */
  readonly trust: SignatureTrust | null;
  /** Reason codes plus their texts, without technical detail. */
  readonly reasons: ReadonlyArray<{ code: string; id: string; en: string }>;
}

export interface PublicSummary {
  readonly verdict: Verdict;
  readonly verdictText: { id: string; en: string };
  readonly signatures: PublicSignature[];
  readonly reasons: ReadonlyArray<{ code: string; id: string; en: string }>;
}

const VERDICT_TEXT: Record<Verdict, { id: string; en: string }> = {
  VALID: { id: 'Tanda tangan elektronik sah dan dokumen tidak berubah sejak ditandatangani.', en: 'The electronic signatures are valid and the document has not changed since it was signed.' },
  INVALID: { id: 'Tanda tangan elektronik tidak sah.', en: 'The electronic signatures are not valid.' },
  INDETERMINATE: { id: 'Keabsahan tanda tangan elektronik belum dapat dipastikan.', en: 'The validity of the electronic signatures cannot be established yet.' },
};

export function publicSummary(report: VerificationReport | LabelledReport): PublicSummary {
  const plain = (rs: ReadonlyArray<{ code: keyof typeof REASONS }>): PublicSummary['reasons'] =>
    [...new Set(rs.map((r) => r.code))].map((code) => ({ code, id: REASONS[code].id, en: REASONS[code].en }));
  return {
    verdict: report.verdict,
    verdictText: VERDICT_TEXT[report.verdict],
    reasons: plain(report.reasons),
    signatures: report.signatures.map((s) => ({
      signer: s.kind === 'document-timestamp' ? null : s.signer?.name ?? null,
      title: s.kind === 'document-timestamp' ? null : s.signer?.title ?? null,
      agency: s.signer?.agency ?? null,
      issuer: s.kind === 'document-timestamp' ? null : s.signer?.issuer ?? null,
      signedAt: s.signedAt,
      timestampAt: s.timestamp?.time ?? null,
      verdict: s.verdict,
      trust: 'trust' in s ? s.trust : null,
      reasons: plain(s.reasons),
    })),
  };
}
