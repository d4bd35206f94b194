// The console reads a list's size the way the API states it: an exact total in
// Content-Range, or past the count cap `/*` with X-Has-Next-Page, which
// react-admin takes as partial pagination (pageInfo).
import { describe, expect, it } from '@jest/globals';
import { listPage } from './list-page.js';

const headers = (h: Record<string, string>) => new Headers(h);

describe('listPage', () => {
  it('takes the exact total from Content-Range', () => {
    expect(listPage([1, 2], headers({ 'Content-Range': 'items 0-1/319' }), 1)).toEqual({ data: [1, 2], total: 319 });
  });
  it('answers pageInfo when the total is not counted', () => {
    expect(listPage([1], headers({ 'Content-Range': 'items 25-49/*', 'X-Has-Next-Page': 'true' }), 2))
      .toEqual({ data: [1], pageInfo: { hasNextPage: true, hasPreviousPage: true } });
    expect(listPage([1], headers({ 'Content-Range': 'items 0-24/*', 'X-Has-Next-Page': 'false' }), 1))
      .toEqual({ data: [1], pageInfo: { hasNextPage: false, hasPreviousPage: false } });
  });
});
