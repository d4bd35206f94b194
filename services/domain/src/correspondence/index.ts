export { notifyActiveAdmins, notificationsOf, type NewNotification, type NotificationRow } from './notifications.js';
export {
  incomingLetterListSource, dispositionListSource, insertIncomingLetter, incomingLetterScan, updateIncomingLetter, setIncomingLetterScan, letterToDispose,
  dispositionBranchOf, type DispositionBranchRef, type IncomingLetterFields, type IncomingLetterScan,
} from './letters.js';
