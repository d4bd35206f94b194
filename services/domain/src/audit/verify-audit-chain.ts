import type { EntityManager } from '@mikro-orm/postgresql';
import { auditHash, genesisHash } from './audit-hash.js';

export type AuditChainBreak =
  | { seq: number; id: number; reason: 'hash_mismatch' }
  | { seq: number; id: number; reason: 'prev_hash_mismatch' }
  | { seq: number; id: number; reason: 'sequence_gap'; expectedSeq: number };

export interface AuditChainReport {
  ok: boolean;
  checked: number;
  headHash: string;
  /** The first broken link, in chain order; later links are not judged. */
  firstBreak: AuditChainBreak | null;
}

interface AuditRow {
  id: string; seq: string; actor_id: number | null; actor_name: string; on_behalf_of: string | null; action: string;
  subject_type: string; subject_id: string; agency_id: number | null; at: Date; data: Record<string, unknown>;
  prev_hash: string; hash: string;
}

/**
 * Re-walks the whole chain in seq order. An edited row fails its own hash, a
 * deleted row leaves a gap in seq (and a prevHash that no longer matches), and
 * reordered rows fail both checks because seq is inside the hash.
 */
export async function verifyAuditChain(em: EntityManager, batchSize = 5000): Promise<AuditChainReport> {
  let expectedSeq = 1;
  let prevHash = genesisHash;
  let checked = 0;
  let lastSeq = 0;
  for (;;) {
    const rows = await em.execute<AuditRow[]>(
      'select * from audit_event where seq > ? order by seq limit ?', [lastSeq, batchSize]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const id = Number(row.id);
      if (seq !== expectedSeq) return broken({ seq, id, reason: 'sequence_gap', expectedSeq });
      if (row.prev_hash !== prevHash) return broken({ seq, id, reason: 'prev_hash_mismatch' });
      const hash = auditHash(row.prev_hash, {
        seq, actorId: row.actor_id, actorName: row.actor_name, onBehalfOf: row.on_behalf_of, action: row.action,
        subjectType: row.subject_type, subjectId: row.subject_id, agencyId: row.agency_id, at: row.at, data: row.data,
      });
      if (hash !== row.hash) return broken({ seq, id, reason: 'hash_mismatch' });
      prevHash = row.hash;
      expectedSeq = seq + 1;
      lastSeq = seq;
      checked += 1;
    }
  }
  return { ok: true, checked, headHash: prevHash, firstBreak: null };

  function broken(at: AuditChainBreak): AuditChainReport {
    return { ok: false, checked, headHash: prevHash, firstBreak: at };
  }
}
