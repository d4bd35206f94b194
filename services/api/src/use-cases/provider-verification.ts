// The certificate provider's own verdict on a stored signed document, shown
// beside Naskah's in the verification report (issue 21): the provider's
// verification service (v2 `/api/v2/verify/pdf`, v1 `/api/sign/verify`) as it
// judged each signature. Informational only: Naskah's verdict is its own
// verifier's and never changes with this; a provider that is down or slow is
// "tidak tersedia", not an error of the report.
import { isSigningError, type ProviderSignatureCheck } from '@naskah/signing';
import { AppError } from '../errors/problem.js';
import { gatewayFor } from './signer-keys.js';

/** A public page should not wait for a slow provider (a 4 MB PDF with 8 signatures takes ~40 s there). */
const verifyTimeoutMs = 15_000;

export interface ProviderVerdict {
  /** The provider's name as configured, e.g. "BSrE BSSN". */
  name: string;
  available: boolean;
  /** What the reader is told: whose verdict this is, or that it is not available now. */
  label: { id: string; en: string };
  /** The provider's overall conclusion (e.g. TOTAL_PASSED); null when unavailable. */
  conclusion: string | null;
  signatures: ProviderSignatureCheck[];
}

/** The provider of the document's agency judges the PDF; null when the agency has no provider configured. */
export async function providerVerdict(agencyCode: string, pdf: Buffer): Promise<ProviderVerdict | null> {
  let gateway;
  try {
    gateway = gatewayFor(agencyCode, { timeoutMs: verifyTimeoutMs, retries: 0 });
  } catch (error) {
    if (error instanceof AppError && error.code === 'GATEWAY_NOT_CONFIGURED') return null;
    throw error;
  }
  try {
    const answer = await gateway.verify(pdf);
    return {
      name: gateway.name, available: true, conclusion: answer.conclusion, signatures: answer.signatures,
      label: {
        id: `Hasil pemeriksaan oleh penyelenggara sertifikat elektronik (${gateway.name}); hasil verifikasi Naskah di atas tidak bergantung padanya.`,
        en: `As judged by the certificate provider (${gateway.name}); Naskah's own verification above does not depend on it.`,
      },
    };
  } catch (error) {
    if (!isSigningError(error)) throw error;
    return {
      name: gateway.name, available: false, conclusion: null, signatures: [],
      label: {
        id: `Pemeriksaan oleh penyelenggara sertifikat elektronik (${gateway.name}) tidak tersedia saat ini.`,
        en: `The certificate provider's check (${gateway.name}) is not available right now.`,
      },
    };
  }
}
