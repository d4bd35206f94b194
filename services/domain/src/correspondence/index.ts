export { notifyActiveAdmins, notificationsOf, type NewNotification, type NotificationRow } from './notifications.js';
export {
  incomingLetterListSource, dispositionListSource, insertIncomingLetter, incomingLetterScan, updateIncomingLetter, setIncomingLetterScan, letterToDispose,
  dispositionBranchOf, dispositionFollowUpAttachment, type DispositionBranchRef, type IncomingLetterFields, type IncomingLetterScan,
} from './letters.js';
export {
  recordClaimedNotifications, type ClaimedNotification, distributedDocument, newestVersionFile, kepadaInOtherAgencies, letterRegistrar, insertDistributedLetter, incomingLetterAgency,
  dispositionIdOfBranch, upsertDispositionBranch, type DistributedDocument, type DistributedLetter, type DispositionBranchRow,
} from './workflow-records.js';
