export {
  agencyListSource, positionListSource, personListSource, directoryEntryExists, installationRegion, insertAgency, updateAgency, agencyById, insertPosition,
  lockPosition, positionHeldByOther, positionById, positionInAgency, positionsBelow, subordinatePositions, isBelowBy, insertPerson, lockPerson, updatePerson, directoryPerson,
  personPosition, certificateSubject, type DirectoryEntry, type SubordinatePosition, type AgencyFields, type PersonFields,
} from './directory.js';
export { userListSource, insertUser, updateUser, type UserChange } from './users.js';
export { delegationListSource, insertDelegation, lockLiveDelegation, revokeDelegation } from './delegations.js';
export {
  certificateListSource, certificateRow, activeCertificateOf, lockCertificateHolder, insertInternalCertificate, lockCertificate, markCertificateRevoked,
  type CertificateRow, type CertificateStatus, type CertificateProvider, type NewCertificate,
} from './certificates.js';
