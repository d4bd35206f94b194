// Problem details (RFC 9457) for every error the API answers with. Handlers
// throw; this middleware decides the status and body. Unknown errors become a
// 500 with no stack, message or internals in the body (they go to the log).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';

const problemContentType = 'application/problem+json';

/** An expected failure with a stable code, one HTTP status and, for bad input, the field at fault. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | undefined;
  /** Sent as Retry-After (seconds) with the problem: every 429 and 423 says when to come back. */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: string, status: number, message: string, options: { field?: string; cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(options.retryAfterSeconds));
  }
}

/**
 * The one answer for a record that is missing or hidden from the caller (the
 * access policy's "no"): it names neither the record's state nor a person.
 */
export function notFound(field = 'id'): AppError {
  return new AppError('NOT_FOUND', 404, 'Tidak ditemukan, atau Anda tidak berhak melihatnya.', { field });
}

/**
 * Typed errors from other packages carry a `code` but no HTTP status; each
 * code is mapped once here (`registerProblemCodes({ PASSPHRASE_INVALID: 422 })`).
 */
const statusByCode = new Map<string, number>();

export function registerProblemCodes(codes: Record<string, number>): void {
  for (const [code, status] of Object.entries(codes)) statusByCode.set(code, status);
}

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  field?: string;
  errors?: { field: string; message: string }[];
}

const titles: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 423: 'Locked',
  429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

function problem(status: number, code: string, detail: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  return { type: `urn:naskah:problem:${code.toLowerCase().replaceAll('_', '-')}`, title: titles[status] ?? 'Error', status, detail, code, ...extra };
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

type Issue = ZodError['issues'][number];

/**
 * A body that is one of several shapes (e.g. passphrase or totp) names what is wrong in the shape it
 * came closest to (fewest problems), not "the whole body".
 */
function closest(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !Array.isArray(issue.errors) || issue.errors.length === 0) return issue;
  const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]![0];
  return best ? closest({ ...best, path: [...issue.path, ...best.path] } as Issue) : issue;
}

/** Maps an error to the problem the client sees; `undefined` means "unexpected" (500). */
function toProblem(error: unknown): ProblemBody | undefined {
  if (error instanceof AppError) {
    return problem(error.status, error.code, error.message, error.field ? { field: error.field } : {});
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map(closest);
    const errors = issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message }));
    const first = errors[0];
    // A check may name its own code (`params: { code: 'VALUE_OUT_OF_RANGE' }`, schemas/common.ts):
    // well-formed but unacceptable input is then that code's status (422) instead of 400.
    const issueCode = (issues[0] as { params?: { code?: unknown } } | undefined)?.params?.code;
    const [status, code] = typeof issueCode === 'string' && statusByCode.has(issueCode)
      ? [statusByCode.get(issueCode)!, issueCode] : [400, 'VALIDATION_FAILED'];
    return problem(status, code, first ? `${first.field}: ${first.message}` : 'invalid input', { field: first?.field, errors });
  }
  if (typeof error === 'object' && error !== null) {
    const e = error as { type?: unknown; code?: unknown; message?: unknown; field?: unknown; status?: unknown };
    // body-parser marks its own failures with `type`.
    if (e.type === 'entity.parse.failed') return problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.', { field: '(body)' });
    if (e.type === 'entity.too.large') return problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      return problem(415, 'UNSUPPORTED_ENCODING', 'The request body encoding is not supported.');
    }
    if (typeof e.code === 'string' && statusByCode.has(e.code)) {
      const field = typeof e.field === 'string' ? { field: e.field } : {};
      return problem(statusByCode.get(e.code) ?? 500, e.code, typeof e.message === 'string' ? e.message : e.code, field);
    }
  }
  return undefined;
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let body = toProblem(error);
    if (!body || body.status >= 500) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    }
    body ??= problem(500, 'INTERNAL', 'An unexpected error occurred. It has been logged.');
    if (error instanceof AppError && error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(body.status).type(problemContentType).send(JSON.stringify({ ...body, instance: req.originalUrl }));
  };
}

/** Unknown `/api/...` paths answer a problem, not the console's index.html. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', 404, `No API route ${req.method} ${req.path}.`));
};
