// zod with `.openapi()` added. Schema modules import z from here so the
// extension is in place whatever order modules load in.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };

// What String.prototype.trim removes (JavaScript's WhiteSpace and LineTerminator).
const space = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/**
 * Text that is trimmed before its length is checked. The document's minLength counts the raw
 * text, so the pattern states the rule the server applies: at least `min` characters from the
 * first to the last non-space one.
 */
export function trimmed(min: number, max: number): z.ZodString {
  const inner = min <= 1 ? `[^${space}][\\s\\S]*` : `[^${space}][\\s\\S]{${min - 2},}[^${space}]`;
  return z.string().trim().min(min).max(max).openapi({ pattern: `^[${space}]*${inner}[${space}]*$` });
}
