export { openPkcs12 } from './local-key-holder.js';
export { assertCertificateValidAt } from './validity.js';
