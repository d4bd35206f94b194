// A konsep that was just submitted is no longer its drafter's to change, even
// before the routing's first activity moves it to in_review (the API writes no
// status). No worker runs here, so that activity never runs and the row keeps
// reading `draft` while the RoutingWorkflow waits on the server: every edit is
// refused 409, and the routing keeps the version and route it started with.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openOrm, type DomainOrm } from '@naskah/domain';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
let orm: DomainOrm;
beforeAll(async () => {
  t = await startTestApi();
  orm = await openOrm({ databaseUrl: t.db.url });
});
afterAll(async () => {
  await orm.close(true);
  await t.stop();
});

const pos = (key: string) => t.seed.positionIds[key]!;

async function pdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(text, { x: 72, y: 770, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

test('edits of a konsep whose routing has started are refused, though its row still reads draft', async () => {
  const token = await t.login('staf.kominfo');
  const body = {
    type: 'nota_dinas', hal: 'Pemeliharaan jaringan', archiveCode: '000.1.2.3', sifat: 'biasa',
    kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }],
    content: { body: [{ kind: 'paragraph', text: 'Isi nota dinas.' }] },
    reviewerPositionIds: [pos('kabid.aptika')], signerPositionId: pos('kadis.kominfo'),
  };
  const created = await t.request('POST', '/documents', { token, body });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: number };
  const upload = (bytes: Buffer) => t.request('POST', `/documents/${id}/versions`, { token, raw: bytes, headers: { 'content-type': 'application/pdf' } });
  // Before the submit every edit is the drafter's.
  expect((await upload(await pdf('versi satu'))).status).toBe(201);
  expect((await t.request('PUT', `/documents/${id}`, { token, body: { hal: 'Pemeliharaan jaringan kantor' } })).status).toBe(200);

  const submitted = await t.request('POST', `/documents/${id}/submit`, { token });
  expect(submitted.status).toBeLessThan(300);
  const status = async () => (await orm.em.fork().execute<{ status: string }[]>('select status from document where id = ?', [id]))[0]!.status;
  expect(await status()).toBe('draft');

  const refused = async (res: Response) => ({ status: res.status, body: (await res.json()) as { code: string; field?: string } });
  const expected = { status: 409, body: expect.objectContaining({ code: 'INVALID_STATE', field: 'status' }) };
  expect(await refused(await t.request('PUT', `/documents/${id}`, { token, body: { hal: 'Diubah setelah diajukan' } }))).toEqual(expected);
  expect(await refused(await upload(await pdf('versi dua, setelah diajukan')))).toEqual(expected);
  expect(await refused(await t.request('POST', `/documents/${id}/render`, { token }))).toEqual(expected);
  expect(await refused(await t.request('POST', `/documents/${id}/lampiran`, { token, raw: await pdf('lampiran'), headers: { 'content-type': 'application/pdf' } }))).toEqual(expected);

  // Nothing of the refused edits was written: the hal and the versions are those the routing started with.
  const [row] = await orm.em.fork().execute<{ hal: string; versions: string }[]>(
    'select hal, (select count(*) from document_version v where v.document_id = d.id) as versions from document d where d.id = ?', [id]);
  expect(row).toEqual({ hal: 'Pemeliharaan jaringan kantor', versions: '1' });
  expect(await status()).toBe('draft');
});
