import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
let db: pg.Client;
const pos = (key: string) => t.seed.positionIds[key]!;

beforeAll(async () => {
  t = await startTestApi({}, { worker: true });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

type Inbox = { counts: Record<string, number>; items: { kind: string; id: number; hal: string; stepId: number | null }[] };
async function inbox(user: string, queue: string): Promise<Inbox> {
  const res = await t.request('GET', `/inbox?queue=${queue}`, { token: await t.login(user) });
  expect(res.status).toBe(200);
  return (await res.json()) as Inbox;
}

test('each queue holds what SRIKANDI users expect, for the holder and their Plh', async () => {
  const staf = await t.login('staf.kominfo');
  const draft = async (hal: string, extra: Record<string, unknown> = {}) => {
    const res = await t.request('POST', '/documents', { token: staf, body: { type: 'nota_dinas', hal, archiveCode: '000.1.2.3', kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }], ...extra } });
    return ((await res.json()) as { id: number }).id;
  };
  const toParaf = await draft('Telaahan staf aplikasi layanan', { reviewerPositionIds: [pos('kabid.aptika')], signerPositionId: pos('kadis.kominfo') });
  const toSign = await draft('Surat undangan rapat SPBE', { reviewerPositionIds: [pos('kabid.aptika')], signerPositionId: pos('kadis.kominfo') });
  const delivered = await draft('Pemberitahuan pemeliharaan jaringan', { tembusan: [{ positionId: pos('sekda'), name: 'Sekretaris Daerah' }] });
  const returned = await draft('Laporan bulanan yang perlu diperbaiki');
  await db.query(`update routing_step set state = 'pending' where document_id = $1 and kind = 'paraf'`, [toParaf]);
  await db.query(`update routing_step set state = case kind when 'paraf' then 'done' else 'pending' end where document_id = $1`, [toSign]);
  await db.query(`update document_recipient set delivered_at = now() where document_id = $1`, [delivered]);
  await db.query(`update document set status = 'returned' where id = $1`, [returned]);
  const letter = await t.request('POST', '/incoming-letters', { token: await t.login('tu.kominfo'), body: {
    senderName: 'Diskominfo Provinsi Kalimantan Selatan', senderNumber: '005/123/DKISP', senderDate: '2025-02-10', hal: 'Undangan bimtek keamanan siber', addressedToId: pos('kadis.kominfo') } });
  const letterId = ((await letter.json()) as { id: number }).id;

  expect((await inbox('kabid.aptika', 'to-paraf')).items.map((i) => i.id)).toEqual([toParaf]);
  const sign = await inbox('kadis.kominfo', 'to-sign');
  expect(sign.items.map((i) => [i.id, typeof i.stepId])).toEqual([[toSign, 'number']]);
  expect(sign.counts).toEqual({ drafts: 0, 'to-paraf': 0, 'to-sign': 1, returned: 0, sent: 0, incoming: 1, dispositions: 0, tembusan: 0 });
  expect((await inbox('kadis.kominfo', 'incoming')).items.map((i) => [i.kind, i.id])).toEqual([['incoming_letter', letterId]]);
  expect((await inbox('kadis.bappeda', 'incoming')).items.map((i) => i.id)).toEqual([delivered]);
  expect((await inbox('sekda', 'tembusan')).items.map((i) => i.id)).toEqual([delivered]);
  expect((await inbox('staf.kominfo', 'returned')).items.map((i) => i.id)).toEqual([returned]);
  // Not yet delivered: the Kepala Bappeda does not see the drafts addressed to him.
  expect((await inbox('kadis.bappeda', 'incoming')).counts['incoming']).toBe(1);

  // The Kepala Dinas disposes the letter; it leaves his incoming queue and lands in the Kabid's.
  const disposed = await t.request('POST', '/dispositions', { token: await t.login('kadis.kominfo'), body: {
    incomingLetterId: letterId, toPositionIds: [pos('kabid.aptika')], instruction: 'Wakili / hadiri', deadline: new Date(Date.now() + 7 * 86_400_000).toISOString() } });
  expect(disposed.status).toBe(201);
  expect((await inbox('kadis.kominfo', 'incoming')).counts['incoming']).toBe(0);
  const kabid = await inbox('kabid.aptika', 'dispositions');
  expect(kabid.items.map((i) => [i.kind, i.hal])).toEqual([['disposition', 'Undangan bimtek keamanan siber']]);

  // A Plh for the Kepala Dinas sees his signing queue while the delegation runs.
  const sekdisPerson = (await db.query(`select person_id from app_user where username = 'sekdis.kominfo'`)).rows[0].person_id;
  const plh = await t.request('POST', '/delegations', { token: await t.login('kadis.kominfo'), body: {
    kind: 'plh', positionId: pos('kadis.kominfo'), delegateId: sekdisPerson, validFrom: new Date(Date.now() - 3600_000).toISOString(),
    validTo: new Date(Date.now() + 86_400_000).toISOString(), reason: 'Dinas luar' } });
  expect(plh.status).toBe(201);
  expect((await inbox('sekdis.kominfo', 'to-sign')).items.map((i) => i.id)).toEqual([toSign]);
  // ... and loses it when the delegation is revoked.
  const plhId = ((await plh.json()) as { id: number }).id;
  expect((await t.request('DELETE', `/delegations/${plhId}`, { token: await t.login('kadis.kominfo') })).status).toBe(200);
  expect((await inbox('sekdis.kominfo', 'to-sign')).items).toEqual([]);
});

// Issue 19: SRIKANDI rows show who it is from, the jenis and the sifat, not only hal and date.
test('each row says who it comes from, its jenis and sifat', async () => {
  const staf = await t.login('staf.kominfo');
  const res = await t.request('POST', '/documents', { token: staf, body: { type: 'surat_dinas', sifat: 'segera', hal: 'Permintaan data aset TIK', archiveCode: '000.1.2.3',
    kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }], reviewerPositionIds: [pos('kabid.aptika')], signerPositionId: pos('kadis.kominfo') } });
  expect(res.status).toBe(201);
  const id = ((await res.json()) as { id: number }).id;
  await db.query(`update routing_step set state = 'pending' where document_id = $1 and kind = 'paraf'`, [id]);
  await db.query(`update document_recipient set delivered_at = now() where document_id = $1`, [id]);
  const drafter = (await db.query(`select p.name from person p join app_user u on u.person_id = p.id where u.username = 'staf.kominfo'`)).rows[0].name as string;
  const agency = (await db.query(`select name from agency where code = 'Diskominfosp'`)).rows[0].name as string;

  type Row = { id: number; kind: string; from: string | null; type: string | null; sifat: string; read: boolean };
  const paraf = (await inbox('kabid.aptika', 'to-paraf')).items as unknown as Row[];
  expect(paraf.find((i) => i.id === id)).toMatchObject({ from: drafter, type: 'surat_dinas', sifat: 'segera' });
  // Delivered to the Kepala Bappeda: from the sending agency, unread.
  const incoming = (await inbox('kadis.bappeda', 'incoming')).items as unknown as Row[];
  expect(incoming.find((i) => i.id === id)).toMatchObject({ from: agency, type: 'surat_dinas', sifat: 'segera', read: false });
  // A surat masuk is from its sender; a disposition from the disposing position.
  const tu = await t.login('tu.kominfo');
  const letter = await t.request('POST', '/incoming-letters', { token: tu, body: {
    senderName: 'Kantor Pos Batulicin', senderNumber: '01/KP/2025', senderDate: '2025-03-01', hal: 'Pemberitahuan tarif baru', addressedToId: pos('kadis.kominfo') } });
  const letterId = ((await letter.json()) as { id: number }).id;
  const kadisIncoming = (await inbox('kadis.kominfo', 'incoming')).items as unknown as Row[];
  expect(kadisIncoming.find((i) => i.kind === 'incoming_letter' && i.id === letterId)).toMatchObject({ from: 'Kantor Pos Batulicin', type: null });
  const disposed = await t.request('POST', '/dispositions', { token: await t.login('kadis.kominfo'), body: {
    incomingLetterId: letterId, toPositionIds: [pos('kabid.aptika')], instruction: 'Untuk diketahui', deadline: new Date(Date.now() + 7 * 86_400_000).toISOString() } });
  expect(disposed.status).toBe(201);
  const title = (await db.query(`select title from position where id = $1`, [pos('kadis.kominfo')])).rows[0].title as string;
  const dispositions = (await inbox('kabid.aptika', 'dispositions')).items as unknown as (Row & { hal: string })[];
  expect(dispositions.find((i) => i.hal === 'Pemberitahuan tarif baru')).toMatchObject({ from: title, type: null });
});

// Issue 19: Konsep and Naskah Keluar as SRIKANDI has them, each row saying whose turn it is.
test('the drafter sees their konsep with whose turn it is, and what went out under Naskah Keluar', async () => {
  const staf = await t.login('staf.kominfo');
  const create = async (hal: string) => {
    const res = await t.request('POST', '/documents', { token: staf, body: { type: 'nota_dinas', hal, archiveCode: '000.1.2.3',
      kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }], reviewerPositionIds: [pos('kabid.aptika')], signerPositionId: pos('kadis.kominfo') } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: number }).id;
  };
  const holder = async (key: string) => (await db.query(
    `select p.title || ' (' || h.name || ')' as who from position p join person h on h.position_id = p.id where p.id = $1`, [pos(key)])).rows[0].who as string;
  const unsubmitted = await create('Konsep yang belum diajukan');
  const inReview = await create('Konsep menunggu paraf');
  const atSigning = await create('Konsep menunggu tanda tangan');
  const sent = await create('Naskah yang sudah dikirim');
  await db.query(`update document set status = 'in_review' where id = $1`, [inReview]);
  await db.query(`update routing_step set state = 'pending' where document_id = $1 and kind = 'paraf'`, [inReview]);
  await db.query(`update document set status = 'signing' where id = $1`, [atSigning]);
  await db.query(`update routing_step set state = case kind when 'paraf' then 'done' else 'pending' end where document_id = $1`, [atSigning]);
  await db.query(`update document set status = 'distributed' where id = $1`, [sent]);
  await db.query(`update routing_step set state = 'done' where document_id = $1`, [sent]);

  type Row = { id: number; status: string | null; turn: string | null };
  const drafts = await inbox('staf.kominfo', 'drafts');
  const rows = drafts.items as unknown as Row[];
  expect(rows.find((r) => r.id === unsubmitted)).toMatchObject({ status: 'draft', turn: null });
  expect(rows.find((r) => r.id === inReview)).toMatchObject({ status: 'in_review', turn: await holder('kabid.aptika') });
  expect(rows.find((r) => r.id === atSigning)).toMatchObject({ status: 'signing', turn: await holder('kadis.kominfo') });
  expect(rows.map((r) => r.id)).not.toContain(sent);
  const inProgress = (await db.query(`select count(*)::int as n from document where drafter_id = (select person_id from app_user where username = 'staf.kominfo')
    and status in ('draft','in_review','approved','signing')`)).rows[0].n as number;
  expect(drafts.counts['drafts']).toBe(inProgress);
  // Naskah Keluar: for the drafter and for the signer; never for the reviewer, nor anyone's konsep.
  expect((await inbox('staf.kominfo', 'sent')).items.map((i) => i.id)).toContain(sent);
  expect((await inbox('kadis.kominfo', 'sent')).items.map((i) => i.id)).toContain(sent);
  expect((await inbox('kabid.aptika', 'sent')).items.map((i) => i.id)).not.toContain(sent);
  expect((await inbox('kadis.kominfo', 'drafts')).items.map((i) => i.id)).not.toContain(inReview);
});

test('the documents list counts nothing: a page with a next one says so, the last page states the total', async () => {
  const agency = t.seed.agencyIds['Diskominfosp']!;
  // 1,010 Biasa nota dinas distributed by the agency: its head sees them all (the agency branch of the access rule).
  const { rows } = await db.query<{ id: number }>(
    `insert into document (agency_id, type, hal, sifat, classification, archive_code, lampiran, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at)
     select $1, 'memo', 'Memo uji halaman ' || g, 'biasa', 'biasa', '000.1.2.3', 0, '[]', '[]', '{}', (select id from person where position_id = $2), $2, 'distributed',
            now() - g * interval '1 minute', now()
       from generate_series(1, 1010) g returning id`, [agency, pos('kadis.kominfo')]);
  try {
    const token = await t.login('kadis.kominfo');
    const list = async (range: string, filter: Record<string, unknown>) => {
      const res = await t.request('GET', `/documents?range=${encodeURIComponent(range)}&filter=${encodeURIComponent(JSON.stringify(filter))}`, { token });
      expect(res.status).toBe(200);
      return { range: res.headers.get('content-range'), next: res.headers.get('x-has-next-page'), ids: ((await res.json()) as { id: number }[]).map((d) => d.id) };
    };
    const first = await list('[0,24]', { type: 'memo', status: 'distributed' });
    expect(first).toMatchObject({ range: 'items 0-24/*', next: 'true' });
    expect(first.ids).toHaveLength(25);
    // The last page: 1,010 rows end at index 1,009, so the total is known without a count.
    const last = await list('[1000,1024]', { type: 'memo', status: 'distributed' });
    expect(last).toMatchObject({ range: 'items 1000-1009/1010', next: 'false' });
    expect(last.ids).toHaveLength(10);
    // One page holds them all: "Memo uji halaman 100" matches 100 and 1000..1009.
    const narrow = await list('[0,24]', { type: 'memo', q: 'Memo uji halaman 100' });
    expect(narrow).toMatchObject({ range: 'items 0-10/11', next: 'false' });
    // Past the end: nothing, and nothing follows.
    expect(await list('[2000,2024]', { type: 'memo' })).toMatchObject({ range: 'items 2000-2000/*', next: 'false', ids: [] });
  } finally {
    await db.query('delete from document where id = any($1::int[])', [rows.map((r) => r.id)]);
  }
});

test('Tembusan, Naskah Masuk and the dispositions and surat masuk lists count nothing: one row past the page says whether more follow', async () => {
  const agency = t.seed.agencyIds['Bappeda']!;
  // 30 Biasa memos delivered to the Sekda as tembusan, every other one read.
  const { rows } = await db.query<{ id: number }>(
    `insert into document (agency_id, type, hal, sifat, classification, archive_code, lampiran, kepada, tembusan, content, drafter_id, signer_position_id, status, created_at, updated_at)
     select $1, 'memo', 'Tembusan uji ' || g, 'biasa', 'biasa', '000.1.2.3', 0, '[]', '[]', '{}', (select id from person where position_id = $2), $2, 'distributed',
            now() - g * interval '1 minute', now()
       from generate_series(1, 30) g returning id`, [agency, pos('kadis.bappeda')]);
  await db.query(`insert into document_recipient (document_id, position_id, kind, delivered_at, read_at)
                  select id, $2, 'tembusan', now() - (row_number() over (order by id)) * interval '1 minute', case when id % 2 = 0 then now() end from unnest($1::int[]) id`,
  [rows.map((r) => r.id), pos('sekda')]);
  const { rows: [queue] } = await db.query<{ n: number }>(
    `select count(*)::int as n from document_recipient where position_id = $1 and kind = 'tembusan' and delivered_at is not null`, [pos('sekda')]);
  const sekda = await t.login('sekda');
  const page = async (path: string, range: string) => {
    const res = await t.request('GET', `${path}${path.includes('?') ? '&' : '?'}range=${encodeURIComponent(range)}`, { token: sekda });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items?: unknown[] } | unknown[];
    return { range: res.headers.get('content-range'), next: res.headers.get('x-has-next-page'), n: (Array.isArray(body) ? body : body.items!).length };
  };
  expect(await page('/inbox?queue=tembusan', '[0,9]')).toEqual({ range: 'items 0-9/*', next: 'true', n: 10 });
  // The last page knows the total (every delivered tembusan, read or not) without a count.
  expect(await page('/inbox?queue=tembusan', `[${queue!.n - 5},${queue!.n + 4}]`)).toEqual({ range: `items ${queue!.n - 5}-${queue!.n - 1}/${queue!.n}`, next: 'false', n: 5 });
  // The queues whose badge is their total keep stating it.
  expect((await page('/inbox?queue=to-sign', '[0,9]')).range).toMatch(/^items 0-\d+\/\d+$/);

  // Twelve branches of one letter sent to the Kabid: the TU sees every one of the agency's.
  const letter = (await db.query<{ id: number }>(
    `insert into incoming_letter (agency_id, agenda_number, sender_name, sender_number, sender_date, received_at, hal, registered_by_id, created_at)
     values ($1, 'HAL/UJI', 'Pengirim', 'X/1', '2026-03-01', now(), 'Uji halaman disposisi', (select person_id from app_user where username = 'tu.bappeda'), now()) returning id`,
  [agency])).rows[0]!.id;
  await db.query(`insert into disposition (incoming_letter_id, from_position_id, from_person_id, to_position_id, instruction, note, state, created_at)
                  select $1, $2, (select id from person where position_id = $2), $3, 'Mohon ditindaklanjuti', '', 'sent', now() - g * interval '1 minute' from generate_series(1, 12) g`,
  [letter, pos('kadis.bappeda'), pos('kabid.bappeda')]);
  const tu = await t.login('tu.bappeda');
  const list = async (path: string, range: string, filter: Record<string, unknown>) => {
    const res = await t.request('GET', `${path}?range=${encodeURIComponent(range)}&filter=${encodeURIComponent(JSON.stringify(filter))}`, { token: tu });
    expect(res.status).toBe(200);
    return { range: res.headers.get('content-range'), next: res.headers.get('x-has-next-page'), n: ((await res.json()) as unknown[]).length };
  };
  expect(await list('/dispositions', '[0,4]', { incomingLetterId: letter })).toEqual({ range: 'items 0-4/*', next: 'true', n: 5 });
  expect(await list('/dispositions', '[10,14]', { incomingLetterId: letter })).toEqual({ range: 'items 10-11/12', next: 'false', n: 2 });
  expect(await list('/incoming-letters', '[0,0]', { id: letter })).toEqual({ range: 'items 0-0/1', next: 'false', n: 1 });
});
