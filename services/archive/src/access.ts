import { archiveRetrievalRefusal, type Viewer } from '@naskah/domain';
import { ArchiveError } from './errors.js';

/** The access policy's answer for retrieving an archived original (services/domain access/policy.ts), as the archive's error. */
export function assertMayRetrieve(viewer: Pick<Viewer, 'roles' | 'classifiedAccess'>, record: { classification: string }): void {
  const refusal = archiveRetrievalRefusal(viewer, record.classification);
  if (refusal === 'role') throw new ArchiveError('ARCHIVE_FORBIDDEN', 'Only auditors and admins retrieve archive packages.');
  if (refusal === 'classification') throw new ArchiveError('ARCHIVE_FORBIDDEN', 'This record is Rahasia; your account has no grant for classified records.');
}
