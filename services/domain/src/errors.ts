/**
 * A rule of the domain said no. `code` is stable (the API maps each code to
 * one HTTP status); `field` names the input at fault when there is one.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const domainErrorCodes = {
  NOT_FOUND: 'the record does not exist or is not visible to you',
  FORBIDDEN: 'your roles or position do not allow this',
  CONFLICT: 'the record changed or already exists',
  INVALID_STATE: 'the record is not in a state that allows this action',
  VALIDATION_FAILED: 'a field is invalid',
  NUMBER_ALREADY_ALLOCATED: 'the document already has a number',
  STEP_NOT_PENDING: 'the routing step is not waiting for an action',
  SIGNER_OUT_OF_TURN: 'the person may not act on this routing step now',
  DELEGATION_INVALID: 'the delegation is not valid for this position and time',
} as const;
export type DomainErrorCode = keyof typeof domainErrorCodes;
