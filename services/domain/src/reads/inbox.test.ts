// Naskah Keluar (sent) for a head of agency who signs thousands of letters: its
// badge stops counting at the cap (the console shows "999+"), and its pages go
// on past it by "is there a next row", newest first. Expectations from the
// rule: sent = distributed or archived, drafted by the viewer or signed at one
// of their positions.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type pg from 'pg';
import { seededTestDatabase } from '@naskah/domain/testing';
import type { DomainOrm } from '../orm.js';
import { loadViewer, type Viewer } from '../access/viewer.js';
import { readInbox } from './inbox.js';

describe('inbox: Naskah Keluar', () => {
  let orm: DomainOrm;
  let done: () => Promise<void>;
  let client: pg.Client;
  let head: Viewer;
  let drafter: Viewer;
  const signedByHead = 1_050;

  beforeAll(async () => {
    const t = await seededTestDatabase();
    ({ orm, done, client } = t);
    const { seed } = t;
    head = (await loadViewer(orm.em.fork(), seed.userIds['kadis.kominfo']!))!;
    drafter = (await loadViewer(orm.em.fork(), seed.userIds['staf.kominfo']!))!;
    // 1,050 letters drafted by the staf and signed by the head, every other one archived; 7 still signing (not sent).
    await client.query(
      `with d as (
         insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at)
         select $1, 'nota_dinas', 'Keluar ' || g, '000.1.2.3', '[]', '[]', '{}', $2, $3,
                case when g > $4 then 'signing' when g % 2 = 0 then 'archived' else 'distributed' end,
                timestamptz '2026-01-01 08:00+08' + g * interval '1 minute', timestamptz '2026-01-01 08:00+08' + g * interval '1 minute'
           from generate_series(1, $4 + 7) g returning id, status)
       insert into routing_step (document_id, step_order, kind, position_id, state)
       select id, 1, 'sign', $3, case when status = 'signing' then 'pending' else 'done' end from d`,
      [head.agencyId, drafter.personId, head.positionIds[0], signedByHead]);
  }, 120_000);
  afterAll(async () => done?.());

  test('the badge counts the sent letters up to the cap, 1,000', async () => {
    const inbox = await readInbox(orm.em.fork(), head, 'sent', 0, 25);
    expect(inbox.counts.sent).toBe(1_000);
    // The staf drafted them: the same letters are her Naskah Keluar too, and the same cap holds.
    expect((await readInbox(orm.em.fork(), drafter, 'sent', 0, 25)).counts.sent).toBe(1_000);
  });

  test('pages go past the cap: newest first, no total, a next page while rows remain', async () => {
    const first = await readInbox(orm.em.fork(), head, 'sent', 0, 25);
    expect(first.total).toBeNull();
    expect(first.hasNextPage).toBe(true);
    expect(first.items.map((i) => i.hal)).toEqual(Array.from({ length: 25 }, (_, i) => `Keluar ${signedByHead - i}`));
    const last = await readInbox(orm.em.fork(), head, 'sent', 1_025, 25);
    expect(last.items.map((i) => i.hal)).toEqual(Array.from({ length: 25 }, (_, i) => `Keluar ${25 - i}`));
    expect(last.hasNextPage).toBe(false);
    expect(last.items.every((i) => i.status === 'archived' || i.status === 'distributed')).toBe(true);
  });

  test('under the cap the badge is exact', async () => {
    await client.query(`update document set status = 'cancelled' where hal like 'Keluar %' and status in ('archived', 'distributed') and substring(hal from 8)::int > 40`);
    expect((await readInbox(orm.em.fork(), head, 'sent', 0, 25)).counts.sent).toBe(40);
  });
});

// The badge walks sign steps and then the viewer's own drafts: a letter the viewer both drafted and signed, or signed
// at two steps, is still one letter, as on the pages (written from the rule: sent, and drafted by or signed at them).
describe('inbox: Naskah Keluar badge counts each letter once', () => {
  let orm: DomainOrm;
  let done: () => Promise<void>;
  let client: pg.Client;
  let head: Viewer;

  beforeAll(async () => {
    const t = await seededTestDatabase();
    ({ orm, done, client } = t);
    const { seed } = t;
    head = (await loadViewer(orm.em.fork(), seed.userIds['kadis.kominfo']!))!;
    const other = seed.positionIds['kabid.aptika']!;
    const staf = (await loadViewer(orm.em.fork(), seed.userIds['staf.kominfo']!))!.personId;
    // hal, drafter, status, sign steps' positions
    const letters: Array<[string, number, string, number[]]> = [
      ['own and signed 1', head.personId, 'distributed', [head.positionIds[0]!]],
      ['own and signed 2', head.personId, 'archived', [head.positionIds[0]!]],
      ['own and signed 3', head.personId, 'distributed', [head.positionIds[0]!, head.positionIds[0]!]],
      ['signed twice 1', staf, 'distributed', [head.positionIds[0]!, head.positionIds[0]!]],
      ['signed twice 2', staf, 'archived', [other, head.positionIds[0]!, head.positionIds[0]!]],
      ['own, signed by another', head.personId, 'distributed', [other]],
      ['own, not signed yet', head.personId, 'draft', []],
      ['signed, not sent', staf, 'signed', [head.positionIds[0]!]],
      ['another\'s letter', staf, 'distributed', [other]],
    ];
    for (const [i, [hal, drafter, status, signers]] of letters.entries()) {
      const { rows: [doc] } = await client.query<{ id: number }>(
        `insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at)
         values ($1, 'nota_dinas', $2, '000.1.2.3', '[]', '[]', '{}', $3, $4, $5, now() - $6 * interval '1 hour', now() - $6 * interval '1 hour') returning id`,
        [head.agencyId, hal, drafter, signers[0] ?? head.positionIds[0], status, i]);
      for (const [o, position] of signers.entries()) {
        await client.query(`insert into routing_step (document_id, step_order, kind, position_id, state) values ($1, $2, 'sign', $3, 'done')`, [doc!.id, o + 1, position]);
      }
    }
  }, 120_000);
  afterAll(async () => done?.());

  test('the badge equals the letters the page lists', async () => {
    const inbox = await readInbox(orm.em.fork(), head, 'sent', 0, 25);
    expect(inbox.items.map((i) => i.hal).sort()).toEqual(['own and signed 1', 'own and signed 2', 'own and signed 3', 'own, signed by another', 'signed twice 1', 'signed twice 2']);
    expect(inbox.counts.sent).toBe(6);
  });
});
