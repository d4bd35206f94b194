import type { AuditActor } from '@naskah/domain';
import { archiveLatestVersion, type ArchiveContext } from './archive-document.js';

/** The workflows package's `ArchivePort`, structurally: keyed by workflow step, idempotent per document. */
export interface ArchivePortShape {
  archiveDocument(key: { workflowId: string; stepKey: string }, documentId: string): Promise<{ archiveId: string }>;
}

const workflowActor = (key: { workflowId: string; stepKey: string }): AuditActor => ({ id: null, name: `Alur kerja ${key.workflowId} (${key.stepKey})` });

/** What `postgresPorts` in workflows/ can return as `archive`: archives the document's latest version into the locked bucket. */
export function archivePort(ctx: ArchiveContext): ArchivePortShape {
  return {
    async archiveDocument(key, documentId) {
      const archived = await archiveLatestVersion(ctx, Number(documentId), workflowActor(key));
      return { archiveId: String(archived.archiveId) };
    },
  };
}
