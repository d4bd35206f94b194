import { z } from '../openapi/zod.js';
import { AppError } from '../errors/problem.js';
import { checkInput } from './input-limits.js';
import { INT4_MAX, valueOutOfRange } from '../schemas/common.js';
import type { FilterKind } from '@naskah/domain';

/**
 * The ra-data-simple-rest query: `sort=["hal","ASC"]`, `range=[0,24]`,
 * `filter={"status":"draft"}`, each a JSON string.
 */
export const listQuerySchema = z.object({
  sort: z.string().optional().openapi({ description: 'JSON ["field","ASC"|"DESC"]', example: '["id","DESC"]' }),
  range: z.string().optional().openapi({ description: 'JSON [first,last] inclusive, at most 1000 rows', example: '[0,24]' }),
  filter: z.string().optional().openapi({ description: 'JSON object of field filters; an array value means "any of"', example: '{"status":"draft"}' }),
});

/**
 * The same three parameters, documented as what they are: JSON values (OpenAPI
 * parameter `content`), with exactly the sort fields and filters this list
 * accepts, so a client (or a property-based tester) can tell a valid query from
 * one the server refuses. Parsing stays parseListQuery's.
 */
export function listQueryFor(list: { sortable: readonly string[]; filters: Record<string, { kind: FilterKind }> }): typeof listQuerySchema {
  const order = { type: 'string', enum: ['ASC', 'DESC', 'asc', 'desc'] };
  const filters = Object.fromEntries(Object.entries(list.filters).map(([name, f]) => [name, filterValueSchema(f.kind)]));
  const json = (schema: Record<string, unknown>) => ({ content: { 'application/json': { schema } } });
  return z.object({
    sort: listQuerySchema.shape.sort.openapi({ param: json({ type: 'array', prefixItems: [{ type: 'string', enum: [...list.sortable] }, order], minItems: 2, maxItems: 2 }) as never }),
    range: listQuerySchema.shape.range.openapi({ param: json(rangeSchema) as never }),
    filter: listQuerySchema.shape.filter.openapi({ param: json({ type: 'object', properties: filters, additionalProperties: false }) as never }),
  });
}

/** `range=[first,last]`: first <= last is checked by the server (422), JSON Schema cannot say it. */
export const rangeSchema = {
  type: 'array', prefixItems: [{ type: 'integer', minimum: 0, maximum: INT4_MAX }, { type: 'integer', minimum: 0, maximum: INT4_MAX }], minItems: 2, maxItems: 2,
};

// Text a PostgreSQL parameter can carry: no NUL (the server refuses it, 400 naming the filter).
const text = { type: 'string', pattern: '^[^\\u0000]*$' };

function filterValueSchema(kind: FilterKind): Record<string, unknown> {
  switch (kind) {
    case 'int': {
      const int = { type: 'integer', minimum: -INT4_MAX - 1, maximum: INT4_MAX };
      return { anyOf: [int, { type: 'array', items: int }] };
    }
    case 'bool': return { type: 'boolean' };
    case 'search': return text;
    case 'dateFrom': case 'dateTo': return { type: 'string', format: 'date' };
    default: return { anyOf: [text, { type: 'array', items: text }] };
  }
}

export interface ListQuery {
  sort: { field: string; order: 'ASC' | 'DESC' } | undefined;
  offset: number;
  limit: number;
  filter: Record<string, unknown>;
}

const maxRows = 1000;

function parseJson(name: string, text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION_FAILED', 400, `${name} is not valid JSON`, { field: name });
  }
  // The JSON inside the parameter can carry \u0000 or lone surrogates the raw query text did not.
  checkInput(parsed, name);
  return parsed;
}

export function parseListQuery(query: z.infer<typeof listQuerySchema>): ListQuery {
  const sort = parseJson('sort', query.sort);
  const range = parseJson('range', query.range);
  const filter = parseJson('filter', query.filter) ?? {};
  let parsedSort: ListQuery['sort'];
  if (sort !== undefined) {
    if (!Array.isArray(sort) || typeof sort[0] !== 'string' || !['ASC', 'DESC', 'asc', 'desc'].includes(String(sort[1]))) {
      throw new AppError('VALIDATION_FAILED', 400, 'sort must be ["field","ASC"|"DESC"]', { field: 'sort' });
    }
    parsedSort = { field: sort[0], order: String(sort[1]).toUpperCase() as 'ASC' | 'DESC' };
  }
  let offset = 0;
  let limit = 25;
  if (range !== undefined) {
    if (!Array.isArray(range) || !Number.isInteger(range[0]) || !Number.isInteger(range[1]) || range[0] < 0 || range[1] < 0) {
      throw new AppError('VALIDATION_FAILED', 400, 'range must be [first,last] with 0 <= first <= last', { field: 'range' });
    }
    // OFFSET is bigint: a larger number is a database error (500), not an empty page.
    if (range[1] > INT4_MAX) throw new AppError(valueOutOfRange, 422, `range must stay within 0..${INT4_MAX}`, { field: 'range' });
    // Well-formed but empty-by-construction: a 422 (the documented shape cannot express the order).
    if (range[1] < range[0]) throw new AppError('VALIDATION_FAILED', 422, 'range: last comes before first', { field: 'range' });
    offset = range[0];
    limit = Math.min(range[1] - range[0] + 1, maxRows);
  }
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new AppError('VALIDATION_FAILED', 400, 'filter must be a JSON object', { field: 'filter' });
  }
  return { sort: parsedSort, offset, limit, filter: filter as Record<string, unknown> };
}

/** `Content-Range: items 0-24/319` (react-admin reads the total from it); `total` '*' when not counted (more rows than the list counts). */
export function contentRange(resource: string, offset: number, count: number, total: number | '*'): string {
  const last = count === 0 ? offset : offset + count - 1;
  return `${resource} ${offset}-${last}/${total}`;
}
