/**
 * A list page from the API's answer. A big list (documents) is not counted:
 * a page with a next one answers `Content-Range: items 0-24/*` and
 * `X-Has-Next-Page`, and react-admin gets `pageInfo` (partial pagination)
 * instead of a total; the last page states its total.
 */
export function listPage<T>(data: T[], headers: Headers, page: number): { data: T[]; total?: number; pageInfo?: { hasNextPage: boolean; hasPreviousPage: boolean } } {
  const total = (headers.get('content-range') ?? '').split('/').pop() ?? '';
  if (total === '*') return { data, pageInfo: { hasNextPage: headers.get('x-has-next-page') === 'true', hasPreviousPage: page > 1 } };
  const n = Number.parseInt(total, 10);
  return { data, total: Number.isNaN(n) ? data.length : n };
}
