// How a resource is listed in the ra-data-simple-rest dialect: the shape the
// API's list builder turns into SQL. Specs that name tables live in this
// package (a table is named only inside services/domain).
import type { SqlFragment } from '../access/document-visibility.js';

export type FilterKind = 'eq' | 'int' | 'bool' | 'search' | 'dateFrom' | 'dateTo';

/** How one resource is listed: its columns (API name → SQL), filters and default order. */
export interface ListSpec {
  /** FROM clause with aliases, e.g. "document d join agency a on a.id = d.agency_id". */
  from: string;
  columns: Record<string, string>;
  filters: Record<string, { sql: string; kind: FilterKind } | { search: string[]; kind: 'search' }>;
  sortable: string[];
  defaultSort: { field: string; order: 'ASC' | 'DESC' };
  /**
   * Sort fields that are not columns: each an ordered list of SQL terms, every
   * term taking the list's direction (then id). Not for `visibleUnion` lists.
   */
  orderBy?: Record<string, string[]>;
  /** Row-level access for the viewer. */
  where?: SqlFragment;
  /**
   * For big tables: the visible rows as a union of index-friendly branches on
   * `table` (aliased `alias`); lists filter inside every branch. `where`
   * still serves single-record reads.
   */
  visibleUnion?: { table: string; alias: string; branches: SqlFragment[] };
  /**
   * For big tables: no count. A page that has a next one answers an unknown
   * total (`Content-Range: items 0-24/*`, `X-Has-Next-Page: true`), as
   * react-admin's partial pagination expects; the last page knows its total
   * (offset + rows) and states it.
   */
  partialPagination?: boolean;
}
