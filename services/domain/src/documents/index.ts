export {
  documentOwnership, lockDocument, documentStatus, storedDraftRow, documentRoute, documentVersionRows, documentStepRows, versionFile,
  replaceRecipients, replaceWaitingSteps, routableDocument, latestVersion, signatureSourceVersion, signStepPositions, type RoutableDocument,
  type StoredDraftRow, type RouteStep,
} from './drafts.js';
export { lampiranOf, lampiranCount, insertLampiran, deleteLampiran, type LampiranRecord } from './lampiran.js';
