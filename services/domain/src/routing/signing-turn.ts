// Whose signature a routed document waits for, as its records say: the
// `pending` sign steps the workflow's activities mark (the inbox's Perlu Tanda
// Tangan queue reads the same rows). The API asks this when the workflow does
// not answer a query in time (a worker restarting) or is between two steps, so
// a signer can still sign; the workflow's Update validator stays the judge.
import type { EntityManager } from '@mikro-orm/postgresql';
import { resolveActor, type ResolvedActor } from '../access/resolve-actor.js';

export interface SigningTurn {
  /** The version to sign on top of: the newest stored one. */
  version: number;
  actor: ResolvedActor;
  /** The newest version is this person's own signature: their signature is already being recorded. */
  alreadySigned: boolean;
}

/** The person's turn to sign the document now, or null when no pending sign step is theirs (as holder or Plh/Plt). */
export async function signingTurnFromRecords(em: EntityManager, documentId: number, personId: number, at: Date = new Date()): Promise<SigningTurn | null> {
  const steps = await em.execute<{ position_id: number }[]>(
    `select s.position_id from routing_step s join document d on d.id = s.document_id
      where s.document_id = ? and s.kind = 'sign' and s.state = 'pending' and d.status = 'signing' order by s.step_order, s.id`, [documentId]);
  const [latest] = await em.execute<{ no: number; reason: string; author_id: number | null }[]>(
    'select no, reason, author_id from document_version where document_id = ? order by no desc limit 1', [documentId]);
  if (!latest) return null;
  for (const step of steps) {
    const actor = await resolveActor(em, step.position_id, at);
    if (actor?.personId === personId) return { version: latest.no, actor, alreadySigned: latest.reason === 'signed' && latest.author_id === personId };
  }
  return null;
}
