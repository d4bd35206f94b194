/**
 * Failures the templates package reports, each with a stable `code` the API
 * maps to one HTTP status (all are 4xx: the input is at fault) and the field
 * at fault.
 */
export type TemplateErrorCode =
  | 'CONTENT_INVALID'
  | 'NOMOR_REQUIRED'
  | 'LAMPIRAN_UNREADABLE'
  | 'LAMBANG_UNREADABLE';

export class TemplateError extends Error {
  constructor(
    readonly code: TemplateErrorCode,
    message: string,
    /** Path of the offending field, e.g. `signers[0].nip`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

export function isTemplateError(error: unknown, code?: TemplateErrorCode): error is TemplateError {
  return error instanceof TemplateError && (code === undefined || error.code === code);
}
