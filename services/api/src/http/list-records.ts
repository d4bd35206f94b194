import type { Response } from 'express';
import type { DomainEntityManager as EntityManager, FilterKind, ListSpec, SqlFragment } from '@naskah/domain';
import { preparedRows } from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import { contentRange, type ListQuery } from './list-query.js';
import { INT4_MAX, MAX_YEAR, MIN_YEAR, valueOutOfRange } from '../schemas/common.js';

export type { ListSpec } from '@naskah/domain';

interface Built { sql: string; params: unknown[] }

function buildWhere(spec: Pick<ListSpec, 'where' | 'filters'>, filter: Record<string, unknown>): Built {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (spec.where) { clauses.push(spec.where.sql); params.push(...spec.where.params); }
  for (const [name, raw] of Object.entries(filter)) {
    if (raw === undefined || raw === null || raw === '') continue;
    const f = spec.filters[name];
    if (!f) throw new AppError('VALIDATION_FAILED', 400, `cannot filter on "${name}"; use one of: ${Object.keys(spec.filters).join(', ')}`, { field: `filter.${name}` });
    if ('search' in f) {
      if (typeof raw !== 'string') throw new AppError('VALIDATION_FAILED', 400, 'q must be text', { field: `filter.${name}` });
      noNul(name, raw);
      clauses.push(`(${f.search.map((c) => `${c} ilike ?`).join(' or ')})`);
      for (let i = 0; i < f.search.length; i++) params.push(`%${raw.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
      continue;
    }
    const values = Array.isArray(raw) ? raw : [raw];
    const checked = values.map((v) => coerce(name, f.kind, v));
    if (f.kind === 'dateFrom') { clauses.push(`${f.sql} >= ?`); params.push(checked[0]); continue; }
    if (f.kind === 'dateTo') { clauses.push(`${f.sql} <= ?`); params.push(checked[0]); continue; }
    if (checked.length === 1) { clauses.push(`${f.sql} = ?`); params.push(checked[0]); continue; }
    if (checked.length === 0) { clauses.push('false'); continue; }
    clauses.push(`${f.sql} in (${checked.map(() => '?').join(', ')})`);
    params.push(...checked);
  }
  return { sql: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

function coerce(name: string, kind: FilterKind, value: unknown): unknown {
  const field = `filter.${name}`;
  switch (kind) {
    case 'int': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isInteger(n)) throw new AppError('VALIDATION_FAILED', 400, `${name} must be an integer`, { field });
      // Every int filter is an int4 column: beyond it PostgreSQL fails the whole query.
      if (Math.abs(n) > INT4_MAX) throw new AppError(valueOutOfRange, 422, `${name} must be at most ${INT4_MAX}`, { field });
      return n;
    }
    case 'bool':
      if (typeof value !== 'boolean') throw new AppError('VALIDATION_FAILED', 400, `${name} must be true or false`, { field });
      return value;
    case 'dateFrom': case 'dateTo': {
      const d = new Date(String(value));
      if (Number.isNaN(d.getTime())) throw new AppError('VALIDATION_FAILED', 400, `${name} must be a date`, { field });
      if (d.getUTCFullYear() < MIN_YEAR || d.getUTCFullYear() > MAX_YEAR) {
        throw new AppError(valueOutOfRange, 422, `${name}: year must be between ${MIN_YEAR} and ${MAX_YEAR}`, { field });
      }
      return d;
    }
    default:
      if (typeof value !== 'string' && typeof value !== 'number') throw new AppError('VALIDATION_FAILED', 400, `${name} must be text`, { field });
      return noNul(name, String(value));
  }
}

/** PostgreSQL text cannot hold NUL: refused here, naming the filter, instead of failing in the query. */
function noNul(name: string, value: string): string {
  if (value.includes('\u0000')) throw new AppError('VALIDATION_FAILED', 400, `${name} must not contain NUL`, { field: `filter.${name}` });
  return value;
}

/** Runs the list and its count, sets Content-Range, returns the rows. */
export async function listRecords(em: EntityManager, res: Response, resource: string, spec: ListSpec, query: ListQuery): Promise<Record<string, unknown>[]> {
  const sort = query.sort ?? spec.defaultSort;
  if (!spec.sortable.includes(sort.field)) {
    throw new AppError('VALIDATION_FAILED', 400, `cannot sort by "${sort.field}"; use one of: ${spec.sortable.join(', ')}`, { field: 'sort' });
  }
  if (spec.orderBy && spec.visibleUnion) throw new Error('a visibleUnion list sorts by its columns only');
  // One branch (auditors) is a plain condition: no id set to materialise.
  if (spec.visibleUnion && (spec.visibleUnion.branches.length > 1 || spec.visibleUnion.branches[0]?.join)) {
    return listThroughUnion(em, res, resource, spec, spec.visibleUnion, query, sort);
  }
  const where = buildWhere(spec, query.filter);
  const select = Object.entries(spec.columns).map(([k, sql]) => `${sql} as "${k}"`).join(', ');
  const terms = spec.orderBy?.[sort.field] ?? [spec.columns[sort.field]!];
  const orderSql = `${terms.map((t) => `${t} ${sort.order}`).join(', ')}${sort.field === 'id' ? '' : `, ${spec.columns['id']} ${sort.order}`}`;
  const partial = spec.partialPagination === true;
  // Partial pagination: one row past the page tells whether a next page exists, and no count runs.
  const [rows, countRows] = await Promise.all([
    preparedRows<Record<string, unknown>>(em,
      `select ${select} from ${spec.from} ${where.sql} order by ${orderSql} limit ? offset ?`, [...where.params, partial ? query.limit + 1 : query.limit, query.offset]),
    partial ? Promise.resolve([]) : preparedRows<{ total: string }>(em, `select count(*) as total from ${spec.from} ${where.sql}`, where.params),
  ]);
  return page(res, resource, query, rows, partial ? null : Number(countRows[0]?.total ?? 0));
}

/**
 * Sets Content-Range and returns the page's rows. Without a count (`total`
 * null) the last page still knows its total (offset + rows); a page with a
 * next one answers it unknown (`items 0-24/*`, RFC 9110's unsatisfied length)
 * and `X-Has-Next-Page: true`: react-admin's partial pagination (`pageInfo`)
 * instead of an exact count over tens of thousands of rows.
 */
function page(res: Response, resource: string, query: ListQuery, fetched: Record<string, unknown>[], total: number | null): Record<string, unknown>[] {
  const rows = fetched.slice(0, query.limit);
  setPageHeaders(res, resource, query.offset, rows.length, total, fetched.length > query.limit);
  return rows.map(isoTimestamps);
}

/** The page's Content-Range (and X-Has-Next-Page when not counted): `count` rows from `offset`, `more` when a row past the page was found. */
export function setPageHeaders(res: Response, resource: string, offset: number, count: number, total: number | null, more: boolean): void {
  if (total === null && more) {
    res.setHeader('Content-Range', contentRange(resource, offset, count, '*'));
    res.setHeader('X-Has-Next-Page', 'true');
  } else {
    // An empty page past the end cannot tell the total: it says none follows.
    res.setHeader('Content-Range', contentRange(resource, offset, count, total ?? (count || offset === 0 ? offset + count : '*')));
    if (total === null) res.setHeader('X-Has-Next-Page', 'false');
  }
}

/**
 * A big table's list as the union of the visible-set branches: each branch's
 * own first offset+limit+1 rows in the list's order (an index walk when one
 * matches the order), merged, so no branch is read past the page. Sort
 * columns are on the union's table (alias).
 */
async function listThroughUnion(em: EntityManager, res: Response, resource: string, spec: ListSpec, union: NonNullable<ListSpec['visibleUnion']>,
  query: ListQuery, sort: { field: string; order: 'ASC' | 'DESC' }): Promise<Record<string, unknown>[]> {
  const filters = buildWhere({ filters: spec.filters }, query.filter);
  const filterSql = filters.sql.replace(/^where /, '');
  const { table, alias } = union;
  const sortColumn = spec.columns[sort.field]!;
  const branchSql = (b: SqlFragment, columns: string, tail: string) =>
    `(select ${columns} from ${table} ${alias} ${b.join ?? ''} where (${b.sql})${filterSql ? ` and ${filterSql}` : ''} ${tail})`;
  const then = (column: string) => (sort.field === 'id' ? '' : `, ${column} ${sort.order}`);
  const pageParams: unknown[] = [];
  const window = query.offset + query.limit + 1;
  const pageBranches = union.branches.map((b) => {
    // In created_at order a joined branch reads each of its positions' rows newest (or oldest) first by their copy of
    // the date, up to one window per position, instead of joining every row of every position before sorting.
    if (b.byPosition && sortColumn === `${alias}.created_at`) {
      const w = b.byPosition;
      pageParams.push(w.positions, ...w.params, ...filters.params, window);
      return `(select w.id, w.k from unnest(?::int[]) wp(position_id) cross join lateral (select ${alias}.id, ${sortColumn} as k from ${table} ${alias} ${b.join ?? ''}
        where ${w.column} = wp.position_id and (${w.sql})${filterSql ? ` and ${filterSql}` : ''} and ${w.once}
        order by ${w.createdAt} ${sort.order}, ${w.documentId} ${sort.order} limit ?) w)`;
    }
    pageParams.push(...b.params, ...filters.params, window);
    // A join can give a document twice (two steps of one position): the branch's limit counts documents.
    return branchSql(b, `${b.join ? 'distinct ' : ''}${alias}.id, ${sortColumn} as k`, `order by k ${sort.order}${then(`${alias}.id`)} limit ?`);
  });
  const partial = spec.partialPagination === true;
  const countParams: unknown[] = [];
  const countBranches = union.branches.map((b) => {
    countParams.push(...b.params, ...filters.params);
    return branchSql(b, `${alias}.id`, '');
  });
  const select = Object.entries(spec.columns).map(([k, sql]) => `${sql} as "${k}"`).join(', ');
  const idColumn = spec.columns['id']!;
  const [rows, countRows] = await Promise.all([
    preparedRows<Record<string, unknown>>(em,
      `select ${select} from ${spec.from}
        where ${idColumn} in (select id from (${pageBranches.join(' union ')}) u order by k ${sort.order}${then('id')} limit ? offset ?)
        order by ${sortColumn} ${sort.order}${then(idColumn)}`, [...pageParams, partial ? query.limit + 1 : query.limit, query.offset]),
    partial ? Promise.resolve([]) : preparedRows<{ total: string }>(em, `select count(*) as total from (${countBranches.join(' union ')}) u`, countParams),
  ]);
  return page(res, resource, query, rows, partial ? null : Number(countRows[0]?.total ?? 0));
}

/** One record through the same columns and access rule; 404 when missing or not visible. */
export async function getRecord(em: EntityManager, spec: ListSpec, id: number): Promise<Record<string, unknown>> {
  const where = buildWhere(spec, {});
  const select = Object.entries(spec.columns).map(([k, sql]) => `${sql} as "${k}"`).join(', ');
  const clause = where.sql ? `${where.sql} and ${spec.columns['id']} = ?` : `where ${spec.columns['id']} = ?`;
  const [row] = await preparedRows<Record<string, unknown>>(em, `select ${select} from ${spec.from} ${clause}`, [...where.params, id]);
  if (!row) throw new AppError('NOT_FOUND', 404, 'No such record, or it is not visible to you.');
  return isoTimestamps(row);
}

const pgTimestamp = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?|Z)$/;

/** Raw queries return timestamptz as PostgreSQL text; clients get ISO 8601. */
export function isoTimestamps<T extends Record<string, unknown>>(row: T): T {
  const out: Record<string, unknown> = { ...row };
  for (const [k, v] of Object.entries(out)) {
    if (v instanceof Date) out[k] = v.toISOString();
    // Cheap shape check first: most strings are not timestamps.
    else if (typeof v === 'string' && v.length >= 16 && v.length <= 35 && v.charCodeAt(4) === 45 && (v.charCodeAt(10) === 32 || v.charCodeAt(10) === 84) && pgTimestamp.test(v)) out[k] = new Date(v.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toISOString();
  }
  return out as T;
}
