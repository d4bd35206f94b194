import { SigningError } from '../errors.js';
import type { SignerIdentity } from './key-holder.js';

/** Signing refuses a certificate outside its validity period at the claimed signing time. */
export function assertCertificateValidAt(subject: Pick<SignerIdentity, 'notBefore' | 'notAfter'>, at: Date): void {
  if (at > subject.notAfter) {
    throw new SigningError('CERT_EXPIRED', `The signer certificate expired on ${subject.notAfter.toISOString()}.`);
  }
  if (at < subject.notBefore) {
    throw new SigningError('CERT_NOT_YET_VALID', `The signer certificate is not valid before ${subject.notBefore.toISOString()}.`);
  }
}
