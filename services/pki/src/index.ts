export {
  DEFAULT_PKI_BASE_URL,
  Pki,
  initPki,
  openPki,
  issueCertificate,
  revokeCertificate,
  type InitPkiOptions,
  type IssueRequest,
  type IssuedCertificate,
  type IssuedRecord,
  type KeyType,
  type RevocationReason,
} from './authority.js';
export { TimestampAuthority } from './timestamp-authority.js';
export { OcspResponder } from './ocsp-responder.js';
export { inProcessTimestampClient, inProcessRevocationSource } from './in-process.js';
export { createPkiHandler, startPkiServer, type PkiHandler, type RunningPkiServer } from './http.js';
export { runPkiCommand } from './command.js';
export { installationTrust, type InstallationTrustOptions } from './installation-trust.js';
