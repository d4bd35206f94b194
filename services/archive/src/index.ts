export { ArchiveError, archiveErrorCodes, archiveErrorStatus, type ArchiveErrorCode } from './errors.js';
export { archiveStorage, objectLock, type ArchiveStorage, type ArchiveBuckets } from './storage.js';
export { ensureBuckets, assertArchiveBucketLocked } from './buckets.js';
export { putVersion, getVersion, versionKey, type StoredVersion, type VersionStorage } from './version-store.js';
export { Sha256Stream, sha256OfStream } from './hashing-stream.js';
export { findRetentionRule, retainUntil, activeUntil, retentionEnds, permanentRetainUntil, type RetentionRuleRow } from './retention.js';
export {
  archiveDocument, archiveLatestVersion, arsipKey, manifestKey,
  type ArchiveContext, type ArchiveDocumentInput, type ArchivedDocument, type ArchiveManifest, type ManifestFile,
} from './archive-document.js';
export { setLegalHold } from './legal-hold.js';
export { assertMayRetrieve } from './access.js';
export { scanArchiveBatch, raiseIntegrityAlert, type IntegrityProblem, type IntegrityProblemKind, type ScanProgress } from './scan/integrity-scan.js';
export { archivePort, type ArchivePortShape } from './activities.js';
export { createIntegrityScanActivities, type IntegrityScanActivities } from './scan/activities.js';
export { ensureIntegrityScanSchedule, integrityScanScheduleId, integrityScanWorkflowPath } from './scan/schedule.js';
export { integrityScanProgress, type IntegrityScanState } from './scan/messages.js';
export { openAuditorPackage, type AuditorPackage, type AuditorPackageOptions, type PackageViewer } from './package/auditor-package.js';
export { reviewArchiveLifecycle, type LifecycleReview } from './lifecycle.js';
export {
  openRetrievableRecord, openArchiveVerification, openArchivedPdf, verifyArchivedPdf,
  type RetrievalViewer, type RetrievableRecord, type ArchiveVerification, type ArchiveVerificationReport, type ArchiveVerificationOptions,
} from './retrieval.js';
export {
  listDestructionProposals, getDestructionProposal, approveDestructionProposal, rejectDestructionProposal, openDestructionDocument,
  type DestructionProposal, type ProposedRecord, type DestructionDecider,
} from './destruction.js';
export { ltvActionFor, upgradeForArchive, type ArchiveLtv, type LtvAction } from './ltv/archival-timestamps.js';
export { renewArchiveBatch, type RenewalBatch, type RenewalResult, type RenewedManifest } from './ltv/renewal.js';
export { createArchiveRenewalActivities, type ArchiveRenewalActivities } from './ltv/activities.js';
export { ensureArchiveRenewalSchedule, archiveRenewalScheduleId } from './ltv/schedule.js';
export { configuredArchiveLtv } from './ltv/configured.js';
