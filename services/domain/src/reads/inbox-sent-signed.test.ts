// inbox_sent_signed (the Naskah Keluar badge's shortcut) against the plain count it stands for, after each kind
// of write to routing_step and document, single-row and multi-row, as plain SQL: the triggers, not the app's
// writers, keep it, so every writer is held to it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type pg from 'pg';
import { seededTestDatabase } from '@naskah/domain/testing';

describe('inbox_sent_signed equals the sent documents signed at each position', () => {
  let done: () => Promise<void>;
  let client: pg.Client;
  let agencyId: number;
  let drafterId: number;
  let a: number;
  let b: number;
  let c: number;

  const counter = async () => (await client.query<{ position_id: number; documents: number }>(
    'select position_id, documents from inbox_sent_signed where documents <> 0 order by position_id')).rows;
  // Written from the rule, not from the triggers: distinct documents, distributed or archived, with a sign step there.
  const plain = async () => (await client.query<{ position_id: number; documents: number }>(
    `select s.position_id, count(distinct s.document_id)::int as documents from routing_step s join document d on d.id = s.document_id
      where s.kind = 'sign' and d.status in ('distributed', 'archived') group by s.position_id order by s.position_id`)).rows;
  const agree = async () => {
    const expected = await plain();
    expect(await counter()).toEqual(expected);
    return expected;
  };
  const doc = async (status: string): Promise<number> => (await client.query<{ id: number }>(
    `insert into document (agency_id, type, hal, archive_code, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at)
     values ($1, 'nota_dinas', 'Uji', '000.1.2.3', '[]', '[]', '{}', $2, $3, $4, now(), now()) returning id`, [agencyId, drafterId, a, status])).rows[0]!.id;
  const steps = async (documentId: number, list: Array<['sign' | 'paraf', number]>) => client.query(
    `insert into routing_step (document_id, step_order, kind, position_id, state)
     select $1, o, k, p, 'done' from unnest($2::text[], $3::int[]) with ordinality u(k, p, o)`, [documentId, list.map((s) => s[0]), list.map((s) => s[1])]);

  beforeAll(async () => {
    const t = await seededTestDatabase();
    ({ done, client } = t);
    const { seed } = t;
    a = seed.positionIds['kadis.kominfo']!;
    b = seed.positionIds['kabid.aptika']!;
    c = seed.positionIds['sekda']!;
    const { rows: [row] } = await client.query<{ agency_id: number; id: number }>(`select p.agency_id, per.id from position p join person per on per.position_id = p.id where p.id = $1`, [a]);
    agencyId = row!.agency_id; drafterId = row!.id;
  }, 120_000);
  afterAll(async () => done?.());

  test('steps inserted: two sign steps of one document at one position count it once; paraf steps not at all', async () => {
    const d1 = await doc('distributed');
    await steps(d1, [['paraf', b], ['sign', a], ['sign', a]]);
    expect(await agree()).toEqual([{ position_id: a, documents: 1 }]);
    await steps(d1, [['sign', a], ['sign', b]]);
    expect(await agree()).toEqual([{ position_id: a, documents: 1 }, { position_id: b, documents: 1 }].sort((x, y) => x.position_id - y.position_id));
    // Steps of an unsent document count once it is sent.
    await steps(await doc('signing'), [['sign', a]]);
    await agree();
  });

  test('documents entering and leaving the sent statuses, one by one and many in one statement', async () => {
    const [d2, d3, d4] = [await doc('draft'), await doc('signed'), await doc('approved')];
    await steps(d2, [['sign', a], ['sign', c]]);
    await steps(d3, [['sign', a]]);
    await steps(d4, [['sign', c], ['sign', c]]);
    await client.query(`update document set status = 'distributed' where id = $1`, [d2]);
    await agree();
    await client.query(`update document set status = 'archived' where id = $1`, [d2]);
    await agree();
    await client.query(`update document set status = 'distributed' where id = any($1::int[])`, [[d3, d4]]);
    await agree();
    await client.query(`update document set hal = 'Uji lagi', updated_at = now() where id = any($1::int[])`, [[d2, d3, d4]]);
    await agree();
    await client.query(`update document set status = 'cancelled' where id = any($1::int[])`, [[d2, d4]]);
    await agree();
  });

  test('steps moved to another position, changed kind, or acted on', async () => {
    const d5 = await doc('distributed');
    await steps(d5, [['sign', a], ['sign', a], ['paraf', c]]);
    const ids = (await client.query<{ id: number }>('select id from routing_step where document_id = $1 order by id', [d5])).rows.map((r) => r.id);
    // One of the two at `a` moves: the document stays signed at `a` and now at `b` too.
    await client.query('update routing_step set position_id = $1 where id = $2', [b, ids[0]]);
    await agree();
    await client.query(`update routing_step set kind = 'sign' where id = $1`, [ids[2]]);
    await agree();
    await client.query(`update routing_step set kind = 'paraf' where id = any($1::int[])`, [[ids[1], ids[2]]]);
    await agree();
    await client.query(`update routing_step set state = 'pending', acted_at = now() where document_id = $1`, [d5]);
    await agree();
    await client.query(`update routing_step set document_id = $1 where id = $2`, [await doc('archived'), ids[0]]);
    await agree();
  });

  test('steps deleted, and a document deleted after its steps', async () => {
    const d6 = await doc('distributed');
    await steps(d6, [['sign', a], ['sign', a], ['sign', b]]);
    const ids = (await client.query<{ id: number }>('select id from routing_step where document_id = $1 order by id', [d6])).rows.map((r) => r.id);
    await client.query('delete from routing_step where id = $1', [ids[0]]);
    await agree();
    await client.query('delete from routing_step where id = any($1::int[])', [[ids[1], ids[2]]]);
    await agree();
    await client.query('delete from document where id = $1', [d6]);
    await agree();
    await client.query(`delete from routing_step where document_id in (select id from document where hal like 'Uji%' and status = 'distributed')`);
    await agree();
  });

  test('a truncated routing_step empties it', async () => {
    await client.query('begin');
    try {
      await client.query('truncate routing_step cascade');
      expect(await agree()).toEqual([]);
    } finally {
      await client.query('rollback');
    }
    await agree();
  });
});
