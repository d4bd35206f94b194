export * from './entities/index.js';
export * from './rulebook/index.js';
export { DomainError, domainErrorCodes, type DomainErrorCode } from './errors.js';
export { openOrm, createOrm, ormConfig, migrateUp, postgresSessionOptions, type OrmOptions, type DomainOrm, type DomainEntityManager } from './orm.js';
export { recordAudit, type AuditActor, type AuditEntry } from './audit/record-audit.js';
export { verifyAuditChain, type AuditChainReport, type AuditChainBreak } from './audit/verify-audit-chain.js';
export { auditHash, genesisHash } from './audit/audit-hash.js';
export { canonicalJson } from './audit/canonical-json.js';
export { ownSignatureOnTop, recordSignedVersion, versionObjectKey, type NewSignedVersion } from './versions/signed-version.js';
export { recordDocumentVersion, type NewDocumentVersion, type DocumentRenderInput } from './versions/record-version.js';
export { confirmSigningResend, recordUnknownSigningOutcome, unknownSigningOutcomes, type UnknownSigningOutcome } from './versions/signing-outcome.js';
export { allocateNumber, cancelNumber, type NumberRequest, type AllocatedNumber } from './numbering/allocate-number.js';
export { nextAgendaNumber } from './numbering/agenda-number.js';
export { resolveActor, mayActFor, actingPositionIds, positionsAtOrBelow, delegationPrefix, type ResolvedActor, type ActingVia } from './access/resolve-actor.js';
export { signingTurnFromRecords, type SigningTurn } from './routing/signing-turn.js';
export {
  claimWorkflowStep, markPendingSteps, setDocumentStatus, markSubmitted, completeRoutingStep, markDocumentSigned, returnParafSteps, reopenParafSteps, numberingSubject,
  currentVersionWithDrafter, documentRecipients, markRecipientsDelivered, sealSubject, type CurrentVersion, type SealSubject,
} from './routing/routing-records.js';
export { loadViewer, hasRole, pgIntArray, parsePgArray, type Viewer } from './access/viewer.js';
export { announceViewerChange, watchViewerChanges, type ViewerChangeWatch } from './access/viewer-changes.js';
export {
  documentVisibility, documentVisibilityBranches, incomingLetterVisibility, dispositionVisibility, agreementVisibility, archiveRecordVisibility,
  certificateVisibility, delegationVisibility, type SqlFragment,
} from './access/document-visibility.js';
export {
  isVisible, visibleIds, visibleScope, resourceTypes, archiveRetrievers, archiveRetrievalRefusal, positionsOutsideReach, peopleOutsideChain, mayReportRealisation,
  type ResourceType,
} from './access/policy.js';
export { seedDemo, type SeedResult, type IssueSeedCertificate, type SeedCertificate } from './seed/seed.js';
export { internalCaIssuer, demoSigningPassphrase } from './seed/demo-certificates.js';
export * as demo from './seed/tanah-bumbu.js';
export { indicatorUnitKind, indicatorValueProblem, indicatorValueRules, indicatorUnitKinds, MAX_INDICATOR_AMOUNT, type IndicatorUnitKind, type IndicatorValueRule } from './agreements/indicator-units.js';
// The aggregates' operations: outside services/domain no code names a table (infra/lint/tables.test.ts).
export * from './archive/index.js';
export { archiveAuditTrail, auditEventListSource, auditedActions, hasAuditEvent, type AuditTrailRow } from './audit/audit-trail.js';
export * from './correspondence/index.js';
export * from './auth/index.js';
export * from './organisation/index.js';
export * from './documents/index.js';
export {
  agreementListSource, draftAgreement, loadAgreement, indicatorProgress, setAgreementStatus, recordQuarterRealisations, reviseAgreementTargets, agreementAgency, agreementEvidenceFile,
  type AgreementDraft, type AgreementIndicator, type AgreementRecord, type IndicatorProgress, type QuarterRealisation,
} from './agreements/records.js';
export { readInbox, inboxQueues, type InboxQueue, type InboxRow } from './reads/inbox.js';
export { preparedRows } from './reads/prepared.js';
export { documentListSpec } from './reads/document-list.js';
export type { ListSpec, FilterKind } from './reads/list-spec.js';
export { dashboardAgencies, readDashboardAgreements } from './dashboard/follow-ups.js';
export {
  refreshDashboardDays, rebuildDashboardDays, readDashboardDocuments, readDashboardDispositions, rollUpNewDocument, rollUpDocumentChange, type DashboardDocumentRow,
} from './dashboard/dashboard-days.js';
export { parafMarkedContent, type ParafMarkInput, type Diparaf } from './versions/paraf-mark.js';
