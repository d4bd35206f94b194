// A change announced through one connection reaches a listener on another, as it
// must between two API processes; a listener that is stopped hears nothing more.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@naskah/infra/testing';
import { openOrm, type DomainOrm } from '../orm.js';
import { announceViewerChange, watchViewerChanges } from './viewer-changes.js';

let db: TestDatabase;
let orm: DomainOrm;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openOrm({ databaseUrl: db.url });
});
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

/** A listener counting what it heard, and a promise for the next time it hears. */
async function listener(url: string) {
  const state = { heard: 0, wake: () => undefined as void };
  const watch = await watchViewerChanges(url, () => { state.heard += 1; state.wake(); }, (error) => { throw error; });
  return { state, watch, next: () => new Promise<void>((resolve) => { state.wake = resolve; }) };
}

test('an announced change reaches every listening process, once per announcement', async () => {
  const a = await listener(db.url);
  const b = await listener(db.url);
  let heard: Promise<unknown> = Promise.all([a.next(), b.next()]);
  await announceViewerChange(orm.em.fork());
  await heard;
  expect([a.state.heard, b.state.heard]).toEqual([1, 1]);
  await b.watch.stop();
  heard = a.next();
  await announceViewerChange(orm.em.fork());
  await heard;
  expect([a.state.heard, b.state.heard]).toEqual([2, 1]);
  await a.watch.stop();
});
