// A certified signature whose answer never came back: the request reached the
// provider, so it may have signed. The audit trail records it (it is a fact
// about the document, and the trail is where facts are kept), the document
// shows it to whoever opens it, and nothing is sent for that signer again
// until they confirm it. A later signature by them, or their confirmation,
// settles it.
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type AuditActor } from '../audit/record-audit.js';

export interface UnknownSigningOutcome {
  personId: number;
  /** The version that was sent for signing. */
  version: number;
  provider: string;
  at: string;
}

interface OutcomeEvent {
  documentId: number;
  agencyId: number | null;
  version: number;
  provider: string;
  actor: AuditActor & { id: number };
}

/** Records that the provider may have signed `version` for this signer; its own transaction (the signing request failed). */
export async function recordUnknownSigningOutcome(em: EntityManager, event: OutcomeEvent): Promise<void> {
  await em.transactional(async (tx) => {
    await recordAudit(tx, {
      actor: event.actor, action: 'document.signature_outcome_unknown', subjectType: 'document', subjectId: event.documentId,
      agencyId: event.agencyId, data: { version: event.version, provider: event.provider },
    });
  });
}

/** The signer chose to send again, having been told the first request may have signed. */
export async function confirmSigningResend(em: EntityManager, event: OutcomeEvent): Promise<void> {
  await em.transactional(async (tx) => {
    await recordAudit(tx, {
      actor: event.actor, action: 'document.signature_resend_confirmed', subjectType: 'document', subjectId: event.documentId,
      agencyId: event.agencyId, data: { version: event.version, provider: event.provider },
    });
  });
}

/** Unsettled unknown outcomes of a document, oldest first: no signature and no confirmation by that signer since. */
export async function unknownSigningOutcomes(em: EntityManager, documentId: number): Promise<UnknownSigningOutcome[]> {
  return em.execute<UnknownSigningOutcome[]>(
    `select u.actor_id as "personId", (u.data->>'version')::int as version, coalesce(u.data->>'provider', '') as provider,
            to_char(u.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at
       from audit_event u
      where u.subject_type = 'document' and u.subject_id = ? and u.action = 'document.signature_outcome_unknown'
        and not exists (select 1 from audit_event s
                         where s.subject_type = 'document' and s.subject_id = u.subject_id and s.actor_id = u.actor_id and s.seq > u.seq
                           and s.action in ('document.signature_resend_confirmed', 'document.signature_added'))
      order by u.seq`, [String(documentId)]);
}
