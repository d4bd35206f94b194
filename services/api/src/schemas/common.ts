// Shared zod pieces for every request schema: integers bounded by the column
// they land in and dates in a range a letter can carry. A value of the right
// type but outside that range is well-formed yet unacceptable: the problem
// layer answers it 422 VALUE_OUT_OF_RANGE naming the field (see
// errors/problem.ts), where a wrong type or shape stays 400 VALIDATION_FAILED.
import { space, z } from '../openapi/zod.js';
import { registerProblemCodes } from '../errors/problem.js';

/** PostgreSQL `integer` (int4): every id and count column of the schema. */
export const INT4_MAX = 2_147_483_647;
/** Years a dinas date may carry: archives reach back, plans reach forward; beyond is a typo or an attack. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

export const valueOutOfRange = 'VALUE_OUT_OF_RANGE';
registerProblemCodes({ [valueOutOfRange]: 422 });
/** A name printed on letters and charts carrying a tab, newline or other control character (also input-limits' NUL refusal). */
const invalidText = 'INVALID_TEXT';
registerProblemCodes({ [invalidText]: 422 });
/** Marks an issue so the problem layer answers 422 with this code (see toProblem). */
const rangeParams = { code: valueOutOfRange } as const;

// Runs before `.int()`: a huge number is reported out of range (422) first, not as an unsafe integer (400).
// `!(n > max)` lets NaN through to the type checks that follow.
const atMost = (max: number) => z.refine<number>((n) => !(n > max), { message: `must be at most ${max}`, params: rangeParams });
const atLeast = (min: number) => z.refine<number>((n) => !(n < min), { message: `must be at least ${min}`, params: rangeParams });

/** A database id (int4 serial): positive, at most 2^31-1. */
export function dbId(): z.ZodNumber {
  return z.number().check(atMost(INT4_MAX)).int().positive().openapi({ maximum: INT4_MAX });
}

/** A path id (`/documents/:id`): the same bound, coerced from the URL text. */
export function dbIdParam(): z.ZodCoercedNumber<unknown> {
  return z.coerce.number().check(atMost(INT4_MAX)).int().positive().openapi({ maximum: INT4_MAX });
}

/** A decimal amount whose ends answer 422 (not 400). */
export function boundedNumber(min: number, max: number): z.ZodNumber {
  return z.number().check(atMost(max), atLeast(min)).finite().openapi({ minimum: min, maximum: max });
}

function inYears(d: Date): boolean {
  if (Number.isNaN(d.getTime())) return true; // the date check itself reports it (400)
  const year = d.getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
}
const yearsMessage = `year must be between ${MIN_YEAR} and ${MAX_YEAR}`;
const saneYears = z.refine<Date>(inYears, { message: yearsMessage, params: rangeParams });

/** A date or timestamp given as text (or epoch ms), coerced, years 1900–2999. */
export function saneDate(): z.ZodCoercedDate<unknown> {
  return z.coerce.date().check(saneYears);
}

/** `YYYY-MM-DD` kept as text (a date without a time zone), years 1900–2999. */
export function saneIsoDate(): z.ZodISODate {
  return z.iso.date().check(z.refine<string>((s) => inYears(new Date(s)), { message: yearsMessage, params: rangeParams }));
}


// C0 and C1 control characters (tab, newline, escape, DEL…): a name is one printed line.
const control = '\\u0000-\\u001f\\u007f-\\u009f';
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A one-line name (agency, position, person, address) as it is printed on
 * letterheads and charts: trimmed, min..max characters, no control character
 * inside (422 INVALID_TEXT naming the field). The documented pattern states
 * the same rule, as trimmed() in openapi/zod.ts does for plain text.
 */
export function singleLine(min: number, max: number): z.ZodString {
  const edge = `[^${space}${control}]`;
  const inner = min >= 2 ? `${edge}[^${control}]{${min - 2},}${edge}` : `${edge}(?:[^${control}]*${edge})?`;
  const pattern = `^[${space}]*${min === 0 ? `(?:${inner})?` : inner}[${space}]*$`;
  return z.string().trim().min(min).max(max).check(z.refine<string>((s) => !controlCharacter.test(s), {
    message: 'must be one line without control characters', params: { code: invalidText },
  })).openapi({ pattern });
}

/**
 * 202 of a workflow action: the click is recorded in its workflow's history and applied shortly (a
 * worker was restarting); the console shows "Sedang diproses". The record's id rides along.
 */
export const diprosesSchema = z.object({
  state: z.literal('diproses'), requestId: z.string(),
  documentId: z.string().optional(), id: z.number().int().optional(), ids: z.array(z.number().int()).optional(),
}).openapi('Diproses');
