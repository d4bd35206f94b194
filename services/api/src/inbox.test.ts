import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { startTestApi, type TestApi } from './test-api.js';

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
  expect(sign.counts).toEqual({ 'to-paraf': 0, 'to-sign': 1, incoming: 1, dispositions: 0, tembusan: 0, returned: 0 });
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
