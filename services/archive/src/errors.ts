export const archiveErrorCodes = [
  'ARCHIVE_BUCKET_NOT_LOCKED', 'ARCHIVE_NOT_FOUND', 'ARCHIVE_FORBIDDEN', 'ARCHIVE_HASH_MISMATCH',
  'ARCHIVE_SOURCE_MISSING', 'RETENTION_RULE_MISSING', 'VALIDATION_FAILED',
  'ARCHIVE_DESTROYED', 'DESTRUCTION_PROPOSAL_DECIDED', 'DESTRUCTION_REFUSED', 'DESTRUCTION_FAILED',
] as const;
export type ArchiveErrorCode = (typeof archiveErrorCodes)[number];

/** Crosses the package boundary with a stable code; the API maps each code to one HTTP status. */
export class ArchiveError extends Error {
  constructor(readonly code: ArchiveErrorCode, message: string, readonly field?: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export const archiveErrorStatus: Record<ArchiveErrorCode, number> = {
  ARCHIVE_BUCKET_NOT_LOCKED: 503, ARCHIVE_NOT_FOUND: 404, ARCHIVE_FORBIDDEN: 403, ARCHIVE_HASH_MISMATCH: 409,
  ARCHIVE_SOURCE_MISSING: 409, RETENTION_RULE_MISSING: 422, VALIDATION_FAILED: 400,
  ARCHIVE_DESTROYED: 410, DESTRUCTION_PROPOSAL_DECIDED: 409, DESTRUCTION_REFUSED: 409, DESTRUCTION_FAILED: 409,
};
