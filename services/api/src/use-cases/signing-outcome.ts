// No blind retry of a certified signature (issue 21): when a provider call
// was sent and its answer lost (GATEWAY_OUTCOME_UNKNOWN), the provider may
// have signed. The document records it; the next attempt by that signer is
// refused until they confirm that they want to send again, having been told.
// Nothing here ever sends a second request on its own.
import {
  confirmSigningResend, recordUnknownSigningOutcome, unknownSigningOutcomes, type DomainEntityManager as EntityManager, type Viewer,
} from '@naskah/domain';
import { isSigningError } from '@naskah/signing';
import { AppError } from '../errors/problem.js';

interface Attempt {
  documentId: number;
  /** The version sent for signing. */
  version: number;
  /** The provider's name, for the trail. */
  provider: string;
}

const actor = (viewer: Viewer) => ({ id: viewer.personId, name: viewer.name });

/** Before a certified signature goes out: stops at an unsettled unknown outcome of this signer unless they confirmed. */
export async function guardUnknownOutcome(em: EntityManager, viewer: Viewer, attempt: Attempt, confirmResend: boolean): Promise<void> {
  const pending = (await unknownSigningOutcomes(em, attempt.documentId)).find((o) => o.personId === viewer.personId);
  if (!pending) return;
  if (!confirmResend) {
    throw new AppError('SIGNATURE_OUTCOME_UNKNOWN', 409,
      `Permintaan tanda tangan Anda ke ${pending.provider} pada ${pending.at} tidak mendapat jawaban; dokumen mungkin sudah ditandatangani di sana. Konfirmasi bila ingin mengirim ulang.`,
      { field: 'confirmResend' });
  }
  await confirmSigningResend(em, { ...attempt, agencyId: viewer.agencyId, actor: actor(viewer) });
}

/** After a provider call failed: a lost answer is written down before the error goes back to the signer. */
export async function noteUnknownOutcome(em: EntityManager, viewer: Viewer, attempt: Attempt, error: unknown): Promise<void> {
  if (isSigningError(error, 'GATEWAY_OUTCOME_UNKNOWN')) await recordUnknownSigningOutcome(em, { ...attempt, agencyId: viewer.agencyId, actor: actor(viewer) });
}
