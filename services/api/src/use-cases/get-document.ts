import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { documentStepRows, documentVersionRows, unknownSigningOutcomes, type Viewer } from '@naskah/domain';
import { getRecord, isoTimestamps } from '../http/list-records.js';
import { documentListSpec } from '@naskah/domain';

/** A visible document with its content, versions and routing steps; 404 when not visible. */
export async function getDocument(em: EntityManager, viewer: Viewer, id: number): Promise<Record<string, unknown>> {
  const spec = documentListSpec(viewer);
  const document = await getRecord(em, { ...spec, columns: { ...spec.columns, content: 'd.content' } }, id);
  const [versions, steps, signingOutcomesUnknown] = await Promise.all([
    documentVersionRows(em, id),
    documentStepRows(em.fork(), id),
    // Certified signing requests whose answer was lost: the provider may have signed (issue 21).
    unknownSigningOutcomes(em.fork(), id),
  ]);
  return { ...document, versions: versions.map(isoTimestamps), steps: steps.map(isoTimestamps), signingOutcomesUnknown };
}
