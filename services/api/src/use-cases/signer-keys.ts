// The one interface the sign use case calls, whoever holds the signer's key:
// Naskah's internal CA (a PKCS#12 opened here, non-certified TTE) or a
// certificate provider's gateway (BSrE-style, certified). What differs
// between them (when the secret is checked, the lockout, the no-blind-retry
// bookkeeping of a request that leaves this host) lives in the two
// implementations below, so sign-document.ts never asks which kind it has.
import {
  GATEWAY_ERRORS, gatewayProvider, loadGatewayDirectory, type GatewayDirectory, isSigningError, placementFor, signPdf,
  type GatewayProvider, type KeyHolder, type SignatureAppearance, type SignerSecret, type SignPdfOptions,
} from '@naskah/signing';
import { inProcessRevocationSource, inProcessTimestampClient } from '@naskah/pki';
import { pemdaTimeZone, type DomainEntityManager as EntityManager, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import { internalCa } from './internal-ca.js';
import { guardUnknownOutcome, noteUnknownOutcome } from './signing-outcome.js';

/** Where one signature goes: the version being signed and how it is asked for. */
interface SigningAttempt {
  em: EntityManager;
  viewer: Viewer;
  documentId: number;
  /** The version whose bytes are signed. */
  version: number;
  /** The signer was told an earlier request's answer was lost, and sends again anyway. */
  confirmResend: boolean;
}

interface SignatureRequest {
  pdf: Buffer;
  reason: string;
  /**
   * A TTE: the visible stamp whose QR code opens the public verification page. A reviewer's
   * electronic paraf: invisible (the paraf box printed in the letter is its visible mark).
   */
  appearance: SignatureAppearance;
  /** A reviewer's approval signature (paraf), named `Paraf` in the PDF's signature fields. */
  paraf?: boolean;
}

/** The wrong-secret lockout (SigningLockout in sign-document.ts). */
interface SignerLockout {
  assertOpen(userId: number): Promise<void>;
  failed(userId: number): Promise<void>;
  succeeded(userId: number): Promise<void>;
}

/** A signer's key opened for this request (one passphrase or code entry, also for bulk signing). */
export interface SignerKey {
  /** Who signs, for the trail and the version record: 'internal' or the provider's name. */
  readonly provider: string;
  /** Certified TTE (a provider's certificate), or Naskah's internal, non-certified one. */
  readonly certified: boolean;
  /** The signed PDF, or an AppError naming what the signer can do. Nothing is stored here. */
  sign(attempt: SigningAttempt, request: SignatureRequest): Promise<Buffer>;
}

/**
 * PAdES B-LT when the key comes from our internal CA: its time-stamp authority and OCSP responder
 * run in this process, so the signature carries a trusted time and the revocation evidence an
 * auditor needs years later without asking anyone. A PKCS#12 from another CA is signed B-B.
 */
function longTermEvidence(holder: KeyHolder): Pick<SignPdfOptions, 'level' | 'timestamp' | 'revocation'> {
  const ca = internalCa();
  if (!ca || !holder.chain[0]?.equals(ca.issuing.certificate.der)) return { level: 'B-B' };
  return { level: 'B-LT', timestamp: inProcessTimestampClient(ca), revocation: inProcessRevocationSource(ca) };
}

/** The internal CA's key, already opened with the right passphrase (checked once, when opened). */
export function internalKey(holder: KeyHolder): SignerKey {
  return {
    provider: 'internal',
    certified: false,
    async sign({ em }, { pdf, reason, appearance, paraf }) {
      // The stamp prints the signing time in the Pemda's zone (its settings).
      return signPdf(pdf, {
        holder, reason, ...(appearance.visible ? { verificationUrl: appearance.linkQR } : {}), timeZone: await pemdaTimeZone(em), placement: placementFor(appearance),
        ...(paraf ? { paraf: true } : {}), ...longTermEvidence(holder),
      });
    },
  };
}

/** A provider's refusal as a problem: its code, its status, the Indonesian sentence. */
export function gatewayProblem(error: unknown): unknown {
  if (!isSigningError(error)) return error;
  const known = (GATEWAY_ERRORS as Record<string, { status: number; id: string } | undefined>)[error.code];
  return known ? new AppError(error.code, known.status, known.id, error.field ? { field: error.field } : {}) : error;
}

let gatewayDirectory: GatewayDirectory | undefined;

/**
 * The agency's certificate provider (SIGNING_GATEWAYS_FILE, see @naskah/signing providers, read once);
 * `calls`: a shorter timeout or fewer retries for this use of it.
 */
export function gatewayFor(agencyCode: string, calls: { timeoutMs?: number; retries?: number } = {}): GatewayProvider {
  try {
    gatewayDirectory ??= loadGatewayDirectory(process.env['SIGNING_GATEWAYS_FILE'] || undefined);
    return gatewayProvider({ ...gatewayDirectory.forAgency(agencyCode), ...calls });
  } catch (error) {
    throw gatewayProblem(error);
  }
}

/** A one-time code (TOTP) instead of the passphrase: contract v2 of the provider's gateway only. */
export function offersTotp(gateway: GatewayProvider): boolean {
  return gateway.apiVersion === 'v2';
}

/** `provider`: the gateway that lacks TOTP, or null for the internal CA (which has none). */
export function totpUnsupported(provider: string | null): AppError {
  return new AppError('TOTP_UNSUPPORTED', 422,
    `${provider ? `the certificate provider ${provider}` : 'the internal CA'} does not sign with a one-time code (TOTP); sign with your passphrase`, { field: 'totp' });
}

/**
 * A signer whose certificate is held by a provider's gateway (certificate.provider = 'gateway'): the
 * passphrase or one-time code lives only as long as this request and goes to the gateway with each
 * document. The gateway checks it only when it signs, so its verdict counts toward the lockout here;
 * and a request that left this host and lost its answer is never sent again without the signer's word.
 */
export function gatewayKey(gateway: GatewayProvider, nik: string, secret: SignerSecret, lockout: SignerLockout): SignerKey {
  return {
    provider: gateway.name,
    certified: true,
    async sign({ em, viewer, documentId, version, confirmResend }, { pdf, reason, appearance }) {
      // A wrong secret earlier in this bulk run (or a parallel request) may have locked signing since the key was "opened".
      await lockout.assertOpen(viewer.userId);
      const attempt = { documentId, version, provider: gateway.name };
      await guardUnknownOutcome(em, viewer, attempt, confirmResend);
      // A gateway's PDF has passed the provider module's own checks (earlier signatures intact, one new
      // signature by this NIK over the whole file) or it throws.
      try {
        const signed = await gateway.signDocument({ pdf, signer: { nik, ...secret }, appearance, reason });
        await lockout.succeeded(viewer.userId);
        return signed.pdf;
      } catch (error) {
        if (isSigningError(error, 'PASSPHRASE_INVALID') || isSigningError(error, 'TOTP_INVALID')) await lockout.failed(viewer.userId);
        await noteUnknownOutcome(em, viewer, attempt, error);
        throw gatewayProblem(error);
      }
    },
  };
}
