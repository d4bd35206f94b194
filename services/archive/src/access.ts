import type { Viewer } from '@naskah/domain';
import { ArchiveError } from './errors.js';

const restricted = new Set(['rahasia', 'sangat_rahasia']);

/**
 * Who may retrieve an archived record (package, PDF): admins and auditors;
 * Rahasia and Sangat Rahasia only with the classified-access grant, whatever the role.
 */
export function assertMayRetrieve(viewer: Pick<Viewer, 'roles' | 'classifiedAccess'>, record: { classification: string }): void {
  if (!viewer.roles.includes('auditor') && !viewer.roles.includes('admin')) {
    throw new ArchiveError('ARCHIVE_FORBIDDEN', 'Only auditors and admins retrieve archive packages.');
  }
  if (restricted.has(record.classification) && !viewer.classifiedAccess) {
    throw new ArchiveError('ARCHIVE_FORBIDDEN', 'This record is Rahasia; your account has no grant for classified records.');
  }
}
