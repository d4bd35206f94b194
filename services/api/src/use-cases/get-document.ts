import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { unknownSigningOutcomes, type Viewer } from '@naskah/domain';
import { getRecord, isoTimestamps } from '../http/list-records.js';
import { documentListSpec } from '@naskah/domain';

/** A visible document with its content, versions and routing steps; 404 when not visible. */
export async function getDocument(em: EntityManager, viewer: Viewer, id: number): Promise<Record<string, unknown>> {
  const spec = documentListSpec(viewer);
  const document = await getRecord(em, { ...spec, columns: { ...spec.columns, content: 'd.content' } }, id);
  const [versions, steps, signingOutcomesUnknown] = await Promise.all([
    em.execute(`select no, sha256, size::float8 as size, reason, author_id as "authorId", created_at as "createdAt"
      from document_version where document_id = ? order by no`, [id]),
    em.fork().execute(`select id, kind, step_order as "order", parallel_group as "parallelGroup", position_id as "positionId", state, note,
      acted_by_id as "actedById", acted_at as "actedAt" from routing_step where document_id = ? order by step_order, id`, [id]),
    // Certified signing requests whose answer was lost: the provider may have signed (issue 21).
    unknownSigningOutcomes(em.fork(), id),
  ]);
  return { ...document, versions: versions.map(isoTimestamps), steps: steps.map(isoTimestamps), signingOutcomesUnknown };
}
