export const signingPackage = "signing";
export { SigningError, isSigningError, type SigningErrorCode } from './errors.js';
export * from './keys/index.js';
export * from './cms/index.js';
export * from './pki/index.js';
