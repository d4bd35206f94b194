export { ArchiveError, archiveErrorCodes, archiveErrorStatus, type ArchiveErrorCode } from './errors.js';
export { archiveStorage, objectLock, type ArchiveStorage, type ArchiveBuckets } from './storage.js';
export { ensureBuckets, assertArchiveBucketLocked } from './buckets.js';
export { putVersion, getVersion, versionKey, type StoredVersion } from './version-store.js';
export { Sha256Stream, sha256OfStream } from './hashing-stream.js';
export { findRetentionRule, retainUntil, activeUntil, retentionEnds, permanentRetainUntil, type RetentionRuleRow } from './retention.js';
export {
  archiveDocument, archiveLatestVersion, arsipKey, manifestKey,
  type ArchiveContext, type ArchiveDocumentInput, type ArchivedDocument, type ArchiveManifest, type ManifestFile,
} from './archive-document.js';
export { setLegalHold } from './legal-hold.js';
export { assertMayRetrieve } from './access.js';
export { scanArchiveBatch, raiseIntegrityAlert, type IntegrityProblem, type IntegrityProblemKind, type ScanProgress } from './scan/integrity-scan.js';
