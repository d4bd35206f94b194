/**
 * Every failure the signing package reports crosses package boundaries as a
 * SigningError with a stable `code`; the API and console translate by code.
 * Messages are plain English and never contain a passphrase or key material.
 */
export type SigningErrorCode =
  | 'PASSPHRASE_INVALID'
  | 'P12_MALFORMED'
  | 'CERT_REVOKED'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_INVALID'
  | 'CERT_UNKNOWN'
  | 'TSA_UNAVAILABLE'
  | 'TSA_RESPONSE_INVALID'
  | 'OCSP_UNAVAILABLE'
  | 'OCSP_RESPONSE_INVALID'
  | 'PKI_NOT_FOUND'
  | 'PDF_MALFORMED'
  | 'PDF_ENCRYPTED'
  | 'PDF_TRUNCATED'
  | 'SIGNATURE_TOO_LARGE'
  | 'ANCHOR_NOT_FOUND'
  | 'PLACEMENT_INVALID'
  | 'USAGE'
  // Certificate provider's signing gateway (src/providers/).
  | 'SIGNER_NOT_REGISTERED'
  | 'SIGNER_NO_CERTIFICATE'
  | 'SIGNER_CERT_INACTIVE'
  | 'TOTP_INVALID'
  | 'GATEWAY_UNSUPPORTED'
  | 'GATEWAY_OUTCOME_UNKNOWN'
  | 'GATEWAY_NOT_CONFIGURED'
  | 'GATEWAY_AUTH_FAILED'
  | 'GATEWAY_UNAVAILABLE'
  | 'GATEWAY_TIMEOUT'
  | 'GATEWAY_REJECTED'
  | 'GATEWAY_RESPONSE_INVALID';

export class SigningError extends Error {
  constructor(
    readonly code: SigningErrorCode,
    message: string,
    /** The input field (CLI flag or request field) at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SigningError';
  }
}

export function isSigningError(error: unknown, code?: SigningErrorCode): error is SigningError {
  return error instanceof SigningError && (code === undefined || error.code === code);
}
