export {
  archivableDocument, documentVersionFiles, latestDocumentVersionFile, archiveRecordOfDocument, insertArchiveRecord, archiveRecordForLegalHold,
  archiveListSource, setArchiveRecordLegalHold, retrievableArchiveRecord, archiveRecordsAfter, renewableArchiveRecordsAfter, recordArchiveRenewal, liveArchiveRecords, markArchiveRecordDestroyed,
  type ArchivableDocument, type DocumentVersionFile, type ArchiveRecordOfDocument, type NewArchiveRecord, type RetrievableRecord, type ScannedRecord, type RenewableArchiveRecord, type LiveArchiveRecord,
} from './archive-records.js';
export {
  usulMusnahRows, proposedRecordRows, lockUsulMusnah, decideUsulMusnah, recordBeritaAcara, proposeDestruction, type UsulMusnahRow, type ProposedRecordRow,
} from './usul-musnah.js';
export { retentionRuleListSource, retentionRuleFor, listRetentionRules, lockRetentionRule, saveRetentionRule, type RetentionRuleRow } from './retention-rules.js';
