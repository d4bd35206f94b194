// The documents list without a total, on a seeded set built to reach every
// visibility branch: pages walked to the end for several viewers, filters and
// both date orders must give exactly the documents the access policy's
// single-condition form (documentVisibility) gives, in the same order; the
// page headers say whether a next page exists, and the last page its total.
// Includes the shapes a per-position walk could get wrong: a position with a
// paraf and a sign step on one document, a document delivered to one position
// as kepada and tembusan, Rahasia letters, ties on created_at.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type pg from 'pg';
import type { Response } from 'express';
import { seededTestDatabase } from '@naskah/domain/testing';
import { documentListSpec, documentVisibility, loadViewer, type DomainOrm, type Viewer } from '@naskah/domain';
import { listRecords } from './list-records.js';
import { parseListQuery } from './list-query.js';

let orm: DomainOrm;
let done: () => Promise<void>;
let client: pg.Client;
const viewers: Record<string, Viewer> = {};
const users = ['kadis.kominfo', 'kabid.aptika', 'staf.kominfo', 'sekda', 'kadis.bappeda', 'auditor.inspektorat', 'auditor.rahasia', 'bupati'];

beforeAll(async () => {
  const t = await seededTestDatabase();
  ({ orm, done, client } = t);
  const { seed } = t;
  for (const u of users) viewers[u] = (await loadViewer(orm.em.fork(), seed.userIds[u]!))!;
  const positions = Object.values(seed.positionIds);
  const agencies = Object.values(seed.agencyIds);
  const drafters = (await client.query<{ id: number }>('select id from person order by id')).rows.map((r) => r.id);
  // 240 documents over the seed's agencies, statuses, types and classifications; every third pair shares a created_at.
  await client.query(
    `insert into document (agency_id, type, hal, classification, archive_code, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at)
     select ($1::int[])[1 + g % array_length($1::int[], 1)],
            (array['nota_dinas','surat_dinas','memo'])[1 + g % 3], 'Naskah ' || g,
            (array['biasa','biasa','terbatas','rahasia','sangat_rahasia'])[1 + (g / 3) % 5], '000.1.2.3', '[]', '[]', '{}',
            ($2::int[])[1 + (g * 7) % array_length($2::int[], 1)], ($3::int[])[1 + (g * 5) % array_length($3::int[], 1)],
            (array['draft','in_review','signing','signed','distributed','distributed','archived','returned'])[1 + (g / 2) % 8],
            timestamptz '2026-03-01 08:00+08' + (g - g % 3 / 2) * interval '1 hour', now()
       from generate_series(1, 240) g`, [agencies, drafters, positions]);
  // Steps: a sign step at the signer, a paraf at another position; every tenth document the signer also parafs (two steps, one position).
  await client.query(
    `insert into routing_step (document_id, kind, step_order, position_id, state)
     select d.id, 'sign', 2, d.signer_position_id, 'done' from document d
     union all
     select d.id, 'paraf', 1, ($1::int[])[1 + (d.id * 3) % array_length($1::int[], 1)], 'done' from document d
     union all
     select d.id, 'paraf', 1, d.signer_position_id, 'done' from document d where d.id % 10 = 0`, [positions]);
  // Recipients: kepada at one position and tembusan at another, delivered once signed; every seventh document both kinds at one position.
  await client.query(
    `insert into document_recipient (document_id, position_id, kind, delivered_at)
     select d.id, ($1::int[])[1 + (d.id * 11) % array_length($1::int[], 1)], 'kepada', case when d.status in ('distributed', 'archived') then d.created_at + interval '1 day' end from document d
     union all
     select d.id, ($1::int[])[1 + (d.id * 13 + 1) % array_length($1::int[], 1)], 'tembusan', case when d.status in ('distributed', 'archived', 'signed') then d.created_at + interval '1 day' end
       from document d where d.id % 7 <> 0
     union all
     select d.id, ($1::int[])[1 + (d.id * 11) % array_length($1::int[], 1)], 'tembusan', case when d.status in ('distributed', 'archived') then d.created_at + interval '2 days' end
       from document d where d.id % 7 = 0`, [positions]);
  // Rahasia letters of another agency that kadis.kominfo sees only because his kabid.aptika (a subordinate) has two paraf
  // steps on each, or received each as kepada and as tembusan: a walk that counted rows, not documents, loses half of them.
  const rahasia = await client.query<{ id: number }>(
    `insert into document (agency_id, type, hal, classification, archive_code, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at)
     select $1, 'nota_dinas', 'Rahasia ' || g, 'rahasia', '000.1.2.3', '[]', '[]', '{}', $2, $3, 'distributed',
            timestamptz '2026-06-01 08:00+08' + g * interval '1 minute', now()
       from generate_series(1, 80) g returning id`,
    [seed.agencyIds['Bappeda'], drafters[0], seed.positionIds['kadis.bappeda']]);
  const aptika = seed.positionIds['kabid.aptika'];
  // The older 40 through the steps, the newer 40 through the deliveries: each order's first pages come from one branch alone.
  const ids = rahasia.rows.map((r) => r.id).sort((a, b) => a - b);
  const cut = ids[39]!;
  await client.query(`insert into routing_step (document_id, kind, step_order, position_id, state)
    select id, 'paraf', o, $2, 'done' from unnest($1::int[]) id, generate_series(1, 2) o where id <= $3`, [ids, aptika, cut]);
  await client.query(`insert into document_recipient (document_id, position_id, kind, delivered_at)
    select id, $2, k, now() from unnest($1::int[]) id, unnest(array['kepada', 'tembusan']) k where id > $3`, [ids, aptika, cut]);
}, 120_000);
afterAll(async () => done?.());

function response(): { res: Response; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  return { res: { setHeader: (k: string, v: string) => { headers[k.toLowerCase()] = v; } } as unknown as Response, headers };
}

/** Every page of the list, 7 rows at a time, until the API says no next page; checks each page's headers on the way. */
async function walk(viewer: Viewer, filter: Record<string, string>, sort: [string, 'ASC' | 'DESC']): Promise<number[]> {
  const ids: number[] = [];
  for (let offset = 0; ; offset += 7) {
    const { res, headers } = response();
    const rows = await listRecords(orm.em.fork(), res, 'items', documentListSpec(viewer),
      parseListQuery({ filter: JSON.stringify(filter), range: `[${offset},${offset + 6}]`, sort: JSON.stringify(sort) }));
    ids.push(...rows.map((r) => r['id'] as number));
    if (headers['x-has-next-page'] === 'true') {
      expect(rows).toHaveLength(7);
      expect(headers['content-range']).toBe(`items ${offset}-${offset + 6}/*`);
      continue;
    }
    expect(headers['x-has-next-page']).toBe('false');
    const total = offset + rows.length;
    // The last page states the total; an empty page past a full one cannot, and says none follows.
    if (rows.length || offset === 0) expect(headers['content-range']).toBe(`items ${offset}-${Math.max(offset, total - 1)}/${total}`);
    return ids;
  }
}

/** The policy's single-condition form of the same rule, filtered and ordered as the list is. */
async function expected(viewer: Viewer, filter: Record<string, string>, column: string, order: 'ASC' | 'DESC'): Promise<number[]> {
  const rule = documentVisibility(viewer);
  const { sql, params } = { sql: rule.sql, params: [...rule.params] };
  const clauses = [sql];
  for (const [k, v] of Object.entries(filter)) { params.push(v); clauses.push(`d.${k} = $${params.length}`); }
  let n = 0;
  const text = `select d.id from document d where ${clauses.join(' and ')} order by d.${column} ${order}, d.id ${order}`.replace(/\?/g, () => `$${++n}`);
  return (await client.query<{ id: number }>(text, params)).rows.map((r) => r.id);
}

describe('documents list: partial pagination through the visibility branches', () => {
  test('the trigger copies each step and recipient row its document\'s created_at', async () => {
    const { rows } = await client.query<{ n: number }>(
      `select (select count(*) from routing_step s join document d on d.id = s.document_id where s.document_created_at is distinct from d.created_at)
            + (select count(*) from document_recipient r join document d on d.id = r.document_id where r.document_created_at is distinct from d.created_at) as n`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  const filters: Array<Record<string, string>> = [{}, { status: 'distributed' }, { status: 'distributed', type: 'nota_dinas' }, { type: 'surat_dinas' }];
  for (const u of users) {
    test(`${u}: every page in date order, newest and oldest first, equals the rule`, async () => {
      const viewer = viewers[u]!;
      let seen = 0;
      for (const filter of filters) {
        for (const order of ['DESC', 'ASC'] as const) {
          const want = await expected(viewer, filter, 'created_at', order);
          expect(await walk(viewer, filter, ['createdAt', order])).toEqual(want);
          seen += want.length;
        }
      }
      // The heads and auditors see documents through the joined branches; the set is not trivially empty.
      if (u !== 'staf.kominfo') expect(seen).toBeGreaterThan(0);
    });
  }

  test('a position with two rows on one document: each page has its full count of documents', async () => {
    const viewer = viewers['kadis.kominfo']!;
    for (const order of ['DESC', 'ASC'] as const) {
      const want = await expected(viewer, { classification: 'rahasia' }, 'created_at', order);
      expect(want.length).toBeGreaterThanOrEqual(80);
      expect(await walk(viewer, { classification: 'rahasia' }, ['createdAt', order])).toEqual(want);
    }
  });

  test('other orders (hal) read joined branches as distinct documents and equal the rule', async () => {
    for (const u of ['kadis.kominfo', 'sekda', 'auditor.rahasia']) {
      const viewer = viewers[u]!;
      expect(await walk(viewer, {}, ['hal', 'ASC'])).toEqual(await expected(viewer, {}, 'hal', 'ASC'));
    }
  });

  test('next page present until the last row, absent on an exact last page and past the end', async () => {
    const viewer = viewers['sekda']!;
    const all = await expected(viewer, {}, 'created_at', 'DESC');
    expect(all.length).toBeGreaterThan(8);
    const page = async (offset: number, limit: number) => {
      const { res, headers } = response();
      const rows = await listRecords(orm.em.fork(), res, 'items', documentListSpec(viewer),
        parseListQuery({ range: `[${offset},${offset + limit - 1}]`, sort: '["createdAt","DESC"]' }));
      return { ids: rows.map((r) => r['id']), next: headers['x-has-next-page'], range: headers['content-range'] };
    };
    // One row short of the end: a next page. Exactly to the end: none, and the total. Past the end: none, empty.
    expect(await page(0, all.length - 1)).toEqual({ ids: all.slice(0, -1), next: 'true', range: `items 0-${all.length - 2}/*` });
    expect(await page(0, all.length)).toEqual({ ids: all, next: 'false', range: `items 0-${all.length - 1}/${all.length}` });
    expect(await page(all.length - 3, 3)).toEqual({ ids: all.slice(-3), next: 'false', range: `items ${all.length - 3}-${all.length - 1}/${all.length}` });
    const beyond = await page(all.length, 5);
    expect(beyond.ids).toEqual([]);
    expect(beyond.next).toBe('false');
  });
});
