import type { EntityManager } from '@mikro-orm/postgresql';
import { auditHash, genesisHash } from './audit-hash.js';

export interface AuditActor {
  /** Person id; null for the system (seed, scheduled work). */
  id: number | null;
  name: string;
  /** e.g. "Plh. Kepala Dinas Kominfo" when acting under a delegation. */
  onBehalfOf?: string | null;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  subjectType: string;
  subjectId: string | number;
  agencyId?: number | null;
  data?: Record<string, unknown>;
  at?: Date;
}

/** Any fixed key: every chain append takes it so links are appended one at a time. */
const auditChainLock = 7_404_251;

/**
 * Appends one link to the audit chain. Call it inside the transaction that
 * makes the change it records (`em` must be that transaction's manager): the
 * change and its audit event commit or roll back together. Appends are
 * serialised by a transaction-scoped advisory lock, so the chain never forks.
 */
export async function recordAudit(em: EntityManager, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  if (!em.isInTransaction()) throw new Error('recordAudit must run inside the transaction of the change it records');
  await em.execute('select pg_advisory_xact_lock(?)', [auditChainLock]);
  const [last] = await em.execute<{ seq: string; hash: string }[]>(
    'select seq, hash from audit_event order by seq desc limit 1',
  );
  const seq = last ? Number(last.seq) + 1 : 1;
  const prevHash = last?.hash ?? genesisHash;
  const content = {
    seq,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    onBehalfOf: entry.actor.onBehalfOf ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    agencyId: entry.agencyId ?? null,
    // Millisecond precision: what timestamptz round-trips through a JS Date.
    at: new Date(Math.floor((entry.at ?? new Date()).getTime())),
    data: entry.data ?? {},
  };
  const hash = auditHash(prevHash, content);
  await em.execute(
    `insert into audit_event (seq, actor_id, actor_name, on_behalf_of, action, subject_type, subject_id, agency_id, at, data, prev_hash, hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
    [seq, content.actorId, content.actorName, content.onBehalfOf, content.action, content.subjectType, content.subjectId,
      content.agencyId, content.at, JSON.stringify(content.data), prevHash, hash],
  );
  return { seq, hash };
}
