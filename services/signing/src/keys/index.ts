export { openPkcs12 } from './pkcs12.js';
export { assertCertificateValidAt } from './validity.js';
