export {
  agencyListSource, positionListSource, positionPickerOrder, personListSource, directoryEntryExists, installationRegion, insertAgency, updateAgency, agencyById, insertPosition,
  lockPosition, positionHeldByOther, positionById, positionInAgency, positionsBelow, subordinatePositions, isBelowBy, insertPerson, lockPerson, updatePerson, directoryPerson,
  personPosition, certificateSubject, agencyLetterhead, personNip, personName, positionHolder, superiorHolderIds, existingPositionIds,
  type DirectoryEntry, type SubordinatePosition, type AgencyLetterhead, type AgencyFields, type PersonFields,
} from './directory.js';
export { userListSource, insertUser, updateUser, type UserChange } from './users.js';
export { delegationListSource, insertDelegation, lockLiveDelegation, revokeDelegation, delegationValidTo } from './delegations.js';
export {
  certificateListSource, certificateRow, activeCertificateOf, signingCertificateOf, latestRevokedCertificate, type SigningCertificate, lockCertificateHolder, insertInternalCertificate, lockCertificate, markCertificateRevoked,
  type CertificateRow, type CertificateStatus, type CertificateProvider, type NewCertificate,
} from './certificates.js';
export { isSealedDocumentType, pemdaSettings, pemdaPublicBaseUrl, pemdaTimeZone, savePemdaSettings, seedPemdaSettings, defaultPemdaTimeZone, type PemdaSettings } from './pemda-settings.js';
