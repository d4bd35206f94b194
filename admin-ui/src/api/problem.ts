import { HttpError } from 'react-admin';

/** RFC 9457 problem+json body as the Naskah API sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  field?: string;
  [key: string]: unknown;
}

/**
 * The error every API call throws: react-admin's HttpError (so its hooks and
 * notifications keep working) carrying the parsed problem body.
 */
export class ApiError extends HttpError {
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`, status, problem);
    this.problem = problem;
  }
  get code(): string | undefined {
    return this.problem.code;
  }
}

export function problemOf(error: unknown): Problem | undefined {
  if (error instanceof ApiError) return error.problem;
  if (error && typeof error === 'object' && 'body' in error) {
    const body = (error as { body: unknown }).body;
    if (body && typeof body === 'object') return body as Problem;
  }
  return undefined;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A sentence for the user: the translated text for the problem's stable code
 * when we know it, otherwise the server's own detail, never a raw key.
 */
export function problemMessage(error: unknown, translate: Translate): string {
  const problem = problemOf(error);
  const fallback =
    problem?.detail ?? problem?.title ?? (error instanceof Error && error.message ? error.message : translate('naskah.errors.UNKNOWN'));
  if (problem?.code) {
    const field = problem.field ? ` (${problem.field})` : '';
    return translate(`naskah.errors.${problem.code}`, { _: fallback }) + field;
  }
  if (error instanceof HttpError && error.status === 0) return translate('naskah.errors.NETWORK');
  return fallback;
}
