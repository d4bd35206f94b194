// The rulebook: every vocabulary and formula Naskah's processes share, defined
// once. Pure (no database, no Node built-ins), so the API, the workflow bundle
// and the console import it as `@naskah/domain/rulebook`.
export {
  documentTypes, draftableDocumentTypes, sifatLevels, securityClassifications, grantedClassifications, openClassifications, needsClassifiedGrant,
  documentStatuses, editableDocumentStatuses, isEditableStatus, finalDocumentStatuses, routingEndStatuses, documentVersionReasons, renderedVersionReasons, parafPrintableReasons, dispositionInstructions, INSTRUCTION_SEPARATOR, instructionText, dispositionStates, followUpStatuses, indicatorDirections, agreementStatuses,
  evidenceMediaTypes, EVIDENCE_MAX_BYTES, INBOX_BADGE_CAP, agencyNameForms, isAgencyName, type EvidenceMediaType, type EvidenceFileRef,
  type DocumentType, type Sifat, type SecurityClassification, type DocumentStatus, type DocumentVersionReason, type DispositionInstruction, type DispositionState, type FollowUpStatus, type IndicatorDirection, type AgreementStatus,
} from './vocabularies.js';
export { achievementPercent, averagePercent, ACHIEVEMENT_CAP_PERCENT, ACHIEVEMENT_FLOOR_PERCENT } from './achievement.js';
export { formatNumber, formatAgendaNumber } from './numbering.js';
export { auditActionLabels, auditActorLabels, auditSystemActorLabel } from './audit-vocabulary.js';
export { pemdaTimeZones, timeZoneLabel, timeZoneOffsetHours, dinasDate, type PemdaTimeZone } from './pemda-time-zones.js';
