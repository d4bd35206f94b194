// Server-rendered drafts end to end on the test stack: the real API, a worker
// with the real PostgreSQL/MinIO activities, the Temporal dev server. A draft
// rendered from its fields (DRAF, temporary number, lampiran appended) goes
// through paraf, is rendered again with its allocated number at numbering,
// and that numbered PDF is what the signer signs.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFSignature, StandardFonts } from 'pdf-lib';
import { signatureSlots, type DocumentContentInput } from '@naskah/templates';
import { Client as MinioClient } from 'minio';
import { pemdaSettings, savePemdaSettings, verifyAuditChain, type DomainOrm } from '@naskah/domain';
import { testConfig } from '@naskah/infra/testing';
import { verifyPdf } from '@naskah/signing';
import { makeNssDb, pdfsig } from '@naskah/signing/testing';
import { createActivities } from '@naskah/workflows/activities';
import { postgresPorts } from '@naskah/workflows/postgres-ports';
import type { TestApi } from '@naskah/api/testing';
import { problem, useRoutingHarness } from '@naskah/api/testing';

const passphrase = 'kata-sandi-render';
// The Kepala Dinas signs with a real PKCS#12 from the run's internal CA.
const h = useRoutingHarness({ name: 'doc-render', signers: ['kadis.kominfo'], passphrase });
const { pos } = h;
let t: TestApi;
let orm: DomainOrm;
beforeAll(() => { ({ t, orm } = h); });

/** pdftotext in reading order; the rotated DRAF watermark comes out as one letter per line, so callers also get it without whitespace. */
let texts = 0;
function pdfText(pdf: Buffer): { text: string; flat: string; pages: number } {
  const file = path.join(h.dataDir, `t${++texts}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  return { text, flat: text.replace(/\s+/g, ''), pages };
}

async function lampiranPdf(label: string, pages: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) pdf.addPage([595, 842]).drawText(`${label} halaman ${i}`, { x: 72, y: 770, size: 14, font });
  return Buffer.from(await pdf.save());
}

const drafter = () => t.login('staf.kominfo');
async function draft(hal: string, content: Record<string, unknown> = {}): Promise<number> {
  const res = await t.request('POST', '/documents', { token: await drafter(), body: {
    type: 'nota_dinas', hal, archiveCode: '000.1.2.3', sifat: 'segera',
    kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }], tembusan: [{ positionId: pos('sekda'), name: 'Sekretaris Daerah' }],
    content: { body: [{ kind: 'paragraph', text: `Isi nota dinas tentang ${hal}.` }], ...content },
    reviewerPositionIds: [pos('kabid.aptika'), pos('sekdis.kominfo')], signerPositionId: pos('kadis.kominfo'),
  } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

async function render(id: number): Promise<Response> {
  return t.request('POST', `/documents/${id}/render`, { token: await drafter() });
}

async function addLampiran(id: number, pdf: Buffer | string, name?: string): Promise<Response> {
  return t.request('POST', `/documents/${id}/lampiran${name ? `?name=${encodeURIComponent(name)}` : ''}`, { token: await drafter(), raw: pdf, headers: { 'content-type': 'application/pdf' } });
}

async function versionPdf(id: number, no: number): Promise<Buffer> {
  const res = await t.request('GET', `/documents/${id}/versions/${no}/pdf`, { token: await drafter() });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** Page (from 0) and rounded [x, y, w, h] of every signature field's widget. */
async function signatureWidgets(pdf: Buffer): Promise<{ page: number; rect: number[] }[]> {
  const doc = await PDFDocument.load(pdf);
  const pages = doc.getPages().map((p) => p.ref);
  return doc.getForm().getFields().filter((f) => f instanceof PDFSignature).flatMap((f) => f.acroField.getWidgets().map((w) => {
    const r = w.getRectangle();
    return { page: pages.findIndex((ref) => ref === w.P()), rect: [r.x, r.y, r.width, r.height].map(Math.round) };
  }));
}

async function versions(id: number): Promise<{ no: number; reason: string; sha256: string }[]> {
  return orm.em.fork().execute('select no, reason, sha256 from document_version where document_id = ? order by no', [id]);
}

const toSigning = (id: number) => h.toSigning(id, ['kabid.aptika', 'sekdis.kominfo']);

type StoredSlot = { page: number; rect: { x: number; y: number; width: number; height: number } };
async function storedSlots(id: number): Promise<{ no: number; reason: string; render_input: { content: DocumentContentInput }; signature_slots: StoredSlot[] | null }[]> {
  return orm.em.fork().execute('select no, reason, render_input, signature_slots from document_version where document_id = ? order by no', [id]);
}

describe('server-rendered drafts', () => {
  test('render stores the draft as the next version, reason rendered: DRAF, temporary number, hal', async () => {
    const id = await draft('Permohonan akses jaringan kantor');
    const res = await render(id);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { no: number; sha256: string; size: number; pageCount: number };
    expect(body).toMatchObject({ no: 1, pageCount: 1 });
    expect(await versions(id)).toEqual([{ no: 1, reason: 'rendered', sha256: body.sha256 }]);
    const pdf = await versionPdf(id, 1);
    expect(pdf.length).toBe(body.size);
    const { text, flat } = pdfText(pdf);
    expect(flat).toContain('DRAF');
    expect(text).toContain('Permohonan akses jaringan kantor');
    expect(text).toMatch(/000\.1\.2\.3\/\.\.\.\.\/Diskominfosp\/\d{4}/);
    // Rendering again is another version (the draft may have changed in between).
    expect((await render(id)).status).toBe(201);
    expect((await versions(id)).map((v) => v.reason)).toEqual(['rendered', 'rendered']);
  }, 60_000);

  test('lampiran: PDF only, listed, removable; the render appends them and counts them', async () => {
    const id = await draft('Laporan kegiatan dengan lampiran');
    expect(await problem(await addLampiran(id, 'bukan pdf sama sekali'))).toMatchObject({ status: 415, field: 'file' });
    const first = await addLampiran(id, await lampiranPdf('LAMPIRAN SATU', 2), 'daftar-hadir.pdf');
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ no: 1, fileName: 'daftar-hadir.pdf' });
    expect((await addLampiran(id, await lampiranPdf('LAMPIRAN DIBUANG', 1))).status).toBe(201);
    expect((await addLampiran(id, await lampiranPdf('LAMPIRAN TIGA', 1))).status).toBe(201);
    // Only the drafter changes lampiran.
    expect((await t.request('DELETE', `/documents/${id}/lampiran/2`, { token: await t.login('kabid.aptika') })).status).toBe(403);
    expect((await t.request('DELETE', `/documents/${id}/lampiran/2`, { token: await drafter() })).status).toBe(200);
    expect(await problem(await t.request('DELETE', `/documents/${id}/lampiran/2`, { token: await drafter() }))).toMatchObject({ status: 404, field: 'no' });
    const listed = await t.request('GET', `/documents/${id}/lampiran`, { token: await t.login('kabid.aptika') });
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as { no: number; fileName: string; objectKey?: string }[];
    expect(list.map((l) => [l.no, l.fileName])).toEqual([[1, 'daftar-hadir.pdf'], [3, 'lampiran-3.pdf']]);
    expect(list[0]!.objectKey).toBeUndefined();

    const res = await render(id);
    expect(res.status).toBe(201);
    const { no, pageCount } = (await res.json()) as { no: number; pageCount: number };
    const { text, pages } = pdfText(await versionPdf(id, no));
    // One letter page, then 2 + 1 lampiran pages in upload order; the removed one is gone.
    expect([pageCount, pages]).toEqual([4, 4]);
    expect(text.replace(/\s+/g, ' ')).toContain('2 (dua) berkas');
    expect(text.indexOf('LAMPIRAN SATU halaman 2')).toBeGreaterThan(0);
    expect(text.indexOf('LAMPIRAN TIGA halaman 1')).toBeGreaterThan(text.indexOf('LAMPIRAN SATU halaman 2'));
    expect(text).not.toContain('LAMPIRAN DIBUANG');
  }, 60_000);

  test('several signers (ordered groups) are all printed in the render', async () => {
    const res = await t.request('POST', '/documents', { token: await drafter(), body: {
      type: 'nota_dinas', hal: 'Nota dinas dua penandatangan', archiveCode: '000.1.2.3',
      kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }],
      content: { body: [{ kind: 'paragraph', text: 'Isi.' }] },
      reviewerPositionIds: [pos('kabid.aptika')], signerGroups: [[pos('kadis.kominfo')], [pos('sekda')]],
    } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const rendered = await render(id);
    expect(rendered.status).toBe(201);
    const names = await orm.em.fork().execute<{ name: string }[]>(
      'select name from person where position_id in (?, ?) order by position_id = ? desc', [pos('kadis.kominfo'), pos('sekda'), pos('kadis.kominfo')]);
    const { text } = pdfText(await versionPdf(id, ((await rendered.json()) as { no: number }).no));
    const flat = text.replace(/\s+/g, ' ');
    expect(names).toHaveLength(2);
    for (const { name } of names) expect(flat).toContain(name);
  }, 60_000);

  test('bad template content is a 422 naming the draft field, and nothing is stored', async () => {
    const id = await draft('Isi yang tidak dapat dicetak', { body: [{ kind: 'paragraf', text: 'jenis blok salah' }] });
    const bad = await problem(await render(id));
    expect(bad).toMatchObject({ status: 422, code: 'CONTENT_INVALID' });
    expect(bad.field).toMatch(/^content\.body\.0/);
    expect(await versions(id)).toEqual([]);
    // Someone else's draft: not the drafter → 403; an unknown document → 404.
    expect((await t.request('POST', `/documents/${id}/render`, { token: await t.login('kabid.aptika') })).status).toBe(403);
    expect((await t.request('POST', '/documents/999999/render', { token: await drafter() })).status).toBe(404);
  }, 60_000);

  test('a rendered draft goes through paraf; numbering renders the final version with the number, which the signer signs', async () => {
    const id = await draft('Penyampaian jadwal pemeliharaan server');
    expect((await addLampiran(id, await lampiranPdf('JADWAL PEMELIHARAAN', 1))).status).toBe(201);
    expect((await render(id)).status).toBe(201);
    const state = await toSigning(id);
    expect(state.number).toMatch(/^000\.1\.2\.3\/\d{4}\/Diskominfosp\/\d{4}$/);

    // Routed: render and lampiran changes are refused.
    expect(await problem(await render(id))).toMatchObject({ status: 409, field: 'status' });
    expect((await addLampiran(id, await lampiranPdf('TERLAMBAT', 1))).status).toBe(409);

    const rows = await versions(id);
    // Each reviewer's paraf printed as a version of its own, then the numbered one.
    expect(rows.map((v) => v.reason)).toEqual(['rendered', 'paraf', 'paraf', 'numbered']);
    expect(state.version).toBe(4);
    expect(state.sha256).toBe(rows[3]!.sha256);
    const numbered = pdfText(await versionPdf(id, 4));
    expect(numbered.text).toContain(state.number!);
    expect(numbered.flat).not.toContain('DRAF');
    expect(numbered.text).toContain('Penyampaian jadwal pemeliharaan server');
    expect(numbered.text).toContain('JADWAL PEMELIHARAAN halaman 1');
    expect(numbered.pages).toBe(2);
    // Every rendered version keeps where its signers' stamps go, as the template laid that version out.
    const stored = await storedSlots(id);
    expect(stored.map((v) => v.signature_slots)).toEqual(stored.map((v) => signatureSlots(v.render_input.content, { final: v.reason === 'numbered' }).signers));
    expect(stored[3]!.signature_slots).toHaveLength(1);

    // The numbering activity run again (a retry after a lost result) returns the same version and adds none.
    const config = testConfig({ DATABASE_URL: t.db.url });
    const minio = new MinioClient({ endPoint: config.minio.endPoint, port: config.minio.port, useSSL: config.minio.useSSL, accessKey: config.minio.accessKey, secretKey: config.minio.secretKey });
    const activities = createActivities(postgresPorts({ orm, minio, buckets: config.minio.buckets }));
    const again = await activities.allocateNumber({ workflowId: `doc-${id}`, stepKey: 'number', documentId: String(id) });
    expect(again).toEqual({ number: state.number, version: 4, sha256: state.sha256 });
    expect((await versions(id)).filter((v) => v.reason === 'numbered')).toHaveLength(1);

    // The signer signs the numbered version: the signed PDF still carries the number and no DRAF.
    const signed = await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } });
    expect(signed.status).toBe(200);
    const after = await versions(id);
    expect(after.map((v) => v.reason)).toEqual(['rendered', 'paraf', 'paraf', 'numbered', 'signed']);
    const finalPdf = await versionPdf(id, 5);
    const final = pdfText(finalPdf);
    expect(final.text).toContain(state.number!);
    expect(final.flat).not.toContain('DRAF');
    // The TTE stamp sits in the space the template reserved for this signer, not at a fixed corner.
    const [source] = await orm.em.fork().execute<{ render_input: { content: DocumentContentInput } }[]>(
      'select render_input from document_version where document_id = ? and no = 4', [id]);
    const slot = signatureSlots(source!.render_input.content, { final: true }).signers[0]!;
    expect(await signatureWidgets(finalPdf)).toEqual([{ page: slot.page, rect: [slot.rect.x, slot.rect.y, slot.rect.width, slot.rect.height].map(Math.round) }]);
    expect((await verifyAuditChain(orm.em.fork())).ok).toBe(true);
  }, 120_000);

  test('signing places the stamp where the version stored it (no second layout); a version rendered before slots were stored is laid out once', async () => {
    const moved = await draft('Tempat tanda tangan yang tersimpan');
    const legacy = await draft('Versi lama tanpa tempat tanda tangan');
    for (const id of [moved, legacy]) {
      expect((await render(id)).status).toBe(201);
      await toSigning(id);
    }
    // The numbered version (4) of one says the stamp goes elsewhere than its layout; the other has no stored slots (rendered before the column).
    const place: StoredSlot = { page: 0, rect: { x: 90, y: 200, width: 210, height: 75 } };
    const [numbered] = (await storedSlots(moved)).filter((v) => v.no === 4);
    const layout = signatureSlots(numbered!.render_input.content, { final: true }).signers[0]!;
    expect(layout.rect).not.toEqual(place.rect);
    const em = orm.em.fork();
    await em.execute('update document_version set signature_slots = ? where document_id = ? and no = 4', [JSON.stringify([place]), moved]);
    await em.execute('update document_version set signature_slots = null where document_id = ? and no = 4', [legacy]);

    for (const id of [moved, legacy]) {
      const signed = await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } });
      expect(signed.status).toBe(200);
    }
    // Read from the signed PDF's widget /Rect: the stored place, not the one a layout gives.
    expect(await signatureWidgets(await versionPdf(moved, 5))).toEqual([{ page: 0, rect: [90, 200, 210, 75] }]);
    const [old] = (await storedSlots(legacy)).filter((v) => v.no === 4);
    const computed = signatureSlots(old!.render_input.content, { final: true }).signers[0]!;
    expect(await signatureWidgets(await versionPdf(legacy, 5))).toEqual([{ page: computed.page, rect: [computed.rect.x, computed.rect.y, computed.rect.width, computed.rect.height].map(Math.round) }]);
  }, 180_000);

  test('paraf printed: each paraf is a new version with the reviewer\'s name, initials, date and time (WITA) in their box; the TTE signs the letter carrying both and verifies', async () => {
    const id = await draft('Paraf tercetak pada kotak paraf');
    expect((await render(id)).status).toBe(201);
    const before = Date.now();
    const state = await toSigning(id);
    const after = Date.now();
    expect((await versions(id)).map((v) => v.reason)).toEqual(['rendered', 'paraf', 'paraf', 'numbered']);

    // Seeded names; initials are the first letters of the words before the academic titles.
    const kabid = { name: 'Budi Santoso Wijaya, S.T., M.Kom.', initials: 'BSW', jabatan: 'Kepala Bidang Aplikasi Informatika' };
    const sekdis = { name: 'Nurul Hidayati, S.Kom., M.M.', initials: 'NH' };
    expect((await h.person('kabid.aptika')).name).toBe(kabid.name);
    expect((await h.person('sekdis.kominfo')).name).toBe(sekdis.name);
    // WITA is UTC+8 with no daylight saving: the paraf times fall between these two wall-clock minutes.
    const bulan = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
    const wita = (ms: number) => new Date(ms + 8 * 3_600_000);
    const tanggal = (ms: number) => `${wita(ms).getUTCDate()} ${bulan[wita(ms).getUTCMonth()]} ${wita(ms).getUTCFullYear()}`;
    const minuteOf = (ms: number) => Math.floor(ms / 60_000);
    const printedTimes = (text: string) => [...text.matchAll(/\b(\d{2}):(\d{2}) WITA\b/g)];
    const witaDay = Date.UTC(wita(before).getUTCFullYear(), wita(before).getUTCMonth(), wita(before).getUTCDate()) - 8 * 3_600_000;

    // Version 2: the first reviewer's box filled, the second still empty.
    const first = pdfText(await versionPdf(id, 2));
    expect(first.text).toContain(kabid.name);
    expect(first.text).toContain(kabid.initials);
    expect(first.text).not.toContain(sekdis.name);
    expect(first.flat).toContain('DRAF');
    expect(printedTimes(first.text)).toHaveLength(1);
    // Version 3 adds the second paraf to the first.
    const second = pdfText(await versionPdf(id, 3));
    for (const r of [kabid, sekdis]) {
      expect(second.text).toContain(r.name);
      expect(second.text).toContain(r.initials);
    }

    const signed = await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } });
    expect(signed.status).toBe(200);
    const finalPdf = await versionPdf(id, 5);
    const final = pdfText(finalPdf);
    expect(final.text).toContain(state.number!);
    expect(final.flat).not.toContain('DRAF');
    for (const r of [kabid, sekdis]) {
      expect(final.text).toContain(r.name);
      expect(final.text).toMatch(new RegExp(`\\b${r.initials}\\b`));
    }
    expect(final.text).toContain(kabid.jabatan);
    // Both paraf dates (the box's short month; the TTE stamp writes the month in full) and times, in WITA.
    const dates = new Set([tanggal(before), tanggal(after)]);
    expect([...final.text.matchAll(/\b(\d{1,2} [A-Z][a-z]{2} \d{4})\b/g)].map((m) => m[1]).filter((d) => dates.has(d!))).toHaveLength(2);
    const times = printedTimes(pdfText(await versionPdf(id, 4)).text).map((m) => witaDay + (Number(m[1]) * 60 + Number(m[2])) * 60_000);
    expect(times).toHaveLength(2);
    for (const at of times) {
      expect(minuteOf(at)).toBeGreaterThanOrEqual(minuteOf(before));
      expect(minuteOf(at)).toBeLessThanOrEqual(minuteOf(after));
    }

    // The signature over the letter carrying the parafs verifies: Naskah's verifier and poppler's pdfsig.
    const report = await verifyPdf(finalPdf, { trustAnchors: [readFileSync(path.join(h.pkiDir, 'root-ca.pem'))], checkRevocation: true });
    expect(report.verdict).toBe('VALID');
    expect(report.signatures).toHaveLength(1);
    const file = path.join(h.dataDir, `paraf-signed-${id}.pdf`);
    writeFileSync(file, finalPdf);
    const nss = await makeNssDb(path.join(h.dataDir, `nss-${id}`), path.join(h.pkiDir, 'root-ca.pem'), [path.join(h.pkiDir, 'issuing-ca.pem')],
      [path.join(h.pkiDir, 'issuing-ca.crl'), path.join(h.pkiDir, 'root-ca.crl')]);
    const sigs = await pdfsig(file, nss);
    expect(sigs.map((sig) => ({ valid: sig.valid, trusted: sig.trusted }))).toEqual([{ valid: true, trusted: true }]);
  }, 120_000);

  test('the paraf activity run again (a retry) returns the version it made and adds none; an uploaded PDF gets no paraf version', async () => {
    const id = await draft('Paraf yang diulang');
    expect((await render(id)).status).toBe(201);
    const config = testConfig({ DATABASE_URL: t.db.url });
    const minio = new MinioClient({ endPoint: config.minio.endPoint, port: config.minio.port, useSSL: config.minio.useSSL, accessKey: config.minio.accessKey, secretKey: config.minio.secretKey });
    const activities = createActivities(postgresPorts({ orm, minio, buckets: config.minio.buckets }));
    // This installation's admin set the Pemda's zone to WIT: the paraf prints in it (restored after the test).
    const settings = (await pemdaSettings(orm.em.fork()))!;
    await savePemdaSettings(orm.em.fork(), { ...settings, timeZone: 'Asia/Jayapura' });
    try {
    const kabid = await h.personAt('kabid.aptika');
    const positionId = String(pos('kabid.aptika'));
    // 01:05 UTC is 10:05 WIT (UTC+9), the zone this installation was configured with.
    const step = { workflowId: `paraf-test-${id}`, stepKey: 'r1:paraf:1', documentId: String(id), paraf: { index: 0, positionId, personId: kabid, at: '2026-12-07T01:05:00.000Z' } };
    const first = await activities.printParaf(step);
    expect(first?.version).toBe(2);
    expect(await activities.printParaf(step)).toEqual(first);
    expect((await versions(id)).map((v) => v.reason)).toEqual(['rendered', 'paraf']);
    // Not the position the letter names in that box: nothing printed there.
    expect(await activities.printParaf({ ...step, stepKey: 'r1:paraf:x', paraf: { ...step.paraf, positionId: String(pos('sekdis.kominfo')), at: '2026-12-07T01:06:00.000Z' } })).toBeNull();
    expect((await versions(id)).map((v) => v.reason)).toEqual(['rendered', 'paraf']);
    const printed = pdfText(await versionPdf(id, 2)).text;
    expect(printed).toContain('10:05 WIT');
    expect(printed).toContain('7 Des 2026');
    // A Plh initials the second box for the Sekretaris Dinas: the box's jabatan says Plh., the name is the Plh's.
    const plh = await activities.printParaf({ ...step, stepKey: 'r1:paraf:2', paraf: { index: 1, positionId: String(pos('sekdis.kominfo')), personId: kabid, delegation: 'Plh', at: '2026-12-07T01:20:00.000Z' } });
    expect(plh?.version).toBe(3);
    const both = pdfText(await versionPdf(id, 3)).text;
    expect(both).toMatch(/Plh\. Sekretaris Dinas Komunikasi/);
    expect(both).toContain('10:05 WIT');
    expect(both).toContain('10:20 WIT');

    const uploaded = await draft('Paraf pada PDF unggahan');
    expect((await t.request('POST', `/documents/${uploaded}/versions`, { token: await drafter(), raw: await lampiranPdf('UNGGAHAN', 1), headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
    expect(await activities.printParaf({ ...step, workflowId: `paraf-test-${uploaded}`, documentId: String(uploaded) })).toBeNull();
    expect((await versions(uploaded)).map((v) => v.reason)).toEqual(['draft']);
    } finally {
      await savePemdaSettings(orm.em.fork(), settings);
    }
  }, 60_000);

  test('numbering after a cancelled number prints the new number, not the stale one', async () => {
    const id = await draft('Nomor yang dibatalkan');
    expect((await render(id)).status).toBe(201);
    const config = testConfig({ DATABASE_URL: t.db.url });
    const minio = new MinioClient({ endPoint: config.minio.endPoint, port: config.minio.port, useSSL: config.minio.useSSL, accessKey: config.minio.accessKey, secretKey: config.minio.secretKey });
    const activities = createActivities(postgresPorts({ orm, minio, buckets: config.minio.buckets }));
    const key = { workflowId: `render-test-${id}`, documentId: String(id) };
    const first = await activities.allocateNumber({ ...key, stepKey: 'number' });
    expect(first.version).toBe(2);
    // Withdrawn after numbering: the number is cancelled; the numbered version stays current until the next numbering.
    await activities.cancelNumber({ ...key, stepKey: 'number:cancel', reason: 'ditarik' });
    const second = await activities.allocateNumber({ ...key, workflowId: `${key.workflowId}-again`, stepKey: 'number' });
    expect(second.number).not.toBe(first.number);
    expect(second.version).toBe(3);
    expect((await versions(id)).map((v) => v.reason)).toEqual(['rendered', 'numbered', 'numbered']);
    const reprinted = pdfText(await versionPdf(id, 3));
    expect(reprinted.text).toContain(second.number);
    expect(reprinted.text).not.toContain(first.number);
    expect(reprinted.flat).not.toContain('DRAF');
  }, 60_000);

  test('an uploaded PDF routes as before: numbering keeps it current and adds no version', async () => {
    const id = await draft('Nota dinas dengan PDF unggahan');
    const uploaded = await lampiranPdf('PDF UNGGAHAN PENGONSEP', 1);
    expect((await t.request('POST', `/documents/${id}/versions`, { token: await drafter(), raw: uploaded, headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
    const state = await toSigning(id);
    const rows = await versions(id);
    expect(rows.map((v) => v.reason)).toEqual(['draft']);
    expect({ version: state.version, sha256: state.sha256 }).toEqual({ version: 1, sha256: rows[0]!.sha256 });
    expect(state.number).toMatch(/^000\.1\.2\.3\/\d{4}\/Diskominfosp\/\d{4}$/);
  }, 120_000);
});
