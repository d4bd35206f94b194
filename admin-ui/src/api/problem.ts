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

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * The error every API call throws: react-admin's HttpError (so its hooks and
 * notifications keep working) carrying the parsed problem body. Its message is
 * the translated sentence when the caller gives a translator, so react-admin's
 * own error notifications (save, delete) never show the server's English detail.
 */
export class ApiError extends HttpError {
  readonly problem: Problem;
  constructor(status: number, problem: Problem, translate?: Translate) {
    // The body react-admin sees leaves out `errors`: its forms would take that list for per-input errors
    // and show no sentence at all for a field the form has no input for.
    const { errors: _errors, ...body } = problem;
    super(translate ? problemSentence(problem, status, translate) : (problem.detail ?? problem.title ?? `HTTP ${status}`), status, body);
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

/**
 * The key of `naskah.field` that names an API field path in the user's words:
 * list indexes dropped (`toPositionIds.0` → `toPositionIds`), the whole path
 * joined with `_` when it has its own label, else its first segment.
 */
export function fieldLabelKey(field: string, labels: Record<string, unknown>): string | undefined {
  const parts = field.split('.').filter((p) => p !== '' && !/^\d+$/.test(p));
  const whole = parts.join('_');
  if (typeof labels[whole] === 'string') return whole;
  if (parts[0] && typeof labels[parts[0]] === 'string') return parts[0];
  return undefined;
}

function fieldLabel(field: string, translate: Translate): string {
  // Probe the label keys through translate (it knows the current language).
  const parts = field.split('.').filter((p) => p !== '' && !/^\d+$/.test(p));
  for (const key of [parts.join('_'), parts[0]]) {
    if (!key) continue;
    const label = translate(`naskah.field.${key}`, { _: '' });
    if (label) return label;
  }
  return field;
}

/** The sentence for a problem: its code's translation, naming the field when there is one. */
function problemSentence(problem: Problem, status: number, translate: Translate): string {
  if (problem.code === 'NETWORK' || status === 0) return translate('naskah.errors.NETWORK');
  // Every code the API sends has a sentence (problem-codes.test.ts); an unknown one still reads as a sentence, not English detail.
  const sentence = problem.code ? translate(`naskah.errors.${problem.code}`, { _: translate('naskah.errors.UNKNOWN') }) : translate('naskah.errors.UNKNOWN');
  return problem.field && problem.field !== '(body)' ? `${sentence} (${fieldLabel(problem.field, translate)})` : sentence;
}

/**
 * A sentence for the user: the translated text for the problem's stable code,
 * naming the field in the user's words; never the server's English detail.
 */
export function problemMessage(error: unknown, translate: Translate): string {
  const problem = problemOf(error);
  if (problem) return problemSentence(problem, error instanceof HttpError ? error.status : (problem.status ?? 0), translate);
  if (error instanceof HttpError && error.status === 0) return translate('naskah.errors.NETWORK');
  return translate('naskah.errors.UNKNOWN');
}
