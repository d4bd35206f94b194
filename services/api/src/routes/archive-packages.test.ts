import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { createTestBucket, type TestBucket } from '@naskah/infra/testing';
import { openOrm, type DomainOrm } from '@naskah/domain';
import { archiveLatestVersion, type ArchiveContext } from '@naskah/archive';
import { testConfig } from '@naskah/infra/testing';
import { start } from '../app.js';
import { startTestApi, type TestApi } from '@naskah/api/testing';

let t: TestApi;
let orm: DomainOrm;
let versions: TestBucket;
let arsip: TestBucket;
let ctx: ArchiveContext;

beforeAll(async () => {
  versions = await createTestBucket();
  await versions.client.setBucketVersioning(versions.name, { Status: 'Enabled' });
  arsip = await createTestBucket({ objectLocking: true });
  t = await startTestApi({ MINIO_BUCKET_DOCUMENTS: versions.name, MINIO_BUCKET_ARCHIVE: arsip.name });
  orm = await openOrm({ databaseUrl: t.db.url, poolMax: 4 });
  ctx = { orm, storage: { client: versions.client, buckets: { versions: versions.name, arsip: arsip.name } } };
}, 120_000);
afterAll(async () => {
  await orm?.close(true);
  await t?.stop();
  await versions?.drop().catch(() => undefined);
});

async function archived(classification: string, archiveCode = '000.1.2'): Promise<number> {
  const em = orm.em.fork();
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048), Buffer.from('\nstartxref\n0\n%%EOF\n')]);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  await versions.client.putObject(versions.name, `sha256/${sha256}.pdf`, pdf);
  const [person] = await em.execute<{ id: number; agency_id: number }[]>("select p.id, p.agency_id from person p join app_user u on u.person_id = p.id where u.username = 'admin'");
  const [doc] = await em.execute<{ id: number }[]>(
    `insert into document (agency_id, type, hal, classification, archive_code, kepada, tembusan, content, drafter_id, status, created_at, updated_at)
     values (?, 'laporan', 'Laporan hasil pemeriksaan', ?, ?, '[]', '[]', '{}', ?, 'distributed', now(), now()) returning id`, [person!.agency_id, classification, archiveCode, person!.id]);
  await em.execute(`insert into document_version (document_id, no, object_key, sha256, size, reason, author_id, created_at) values (?, 1, ?, ?, ?, 'final', ?, now())`,
    [doc!.id, `sha256/${sha256}.pdf`, sha256, pdf.length, person!.id]);
  return (await archiveLatestVersion(ctx, doc!.id)).archiveId;
}

test('an auditor without the grant gets 404 for a Rahasia record (it does not exist for them), a ZIP for an ordinary one; other roles get 403', async () => {
  const secret = await archived('rahasia');
  const open = await archived('biasa');
  const auditor = await t.login('auditor.inspektorat');
  const refused = await t.request('GET', `/archive/${secret}/package`, { token: auditor });
  expect(refused.status).toBe(404);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(await refused.json()).toMatchObject({ code: 'NOT_FOUND' });

  const zip = await t.request('GET', `/archive/${open}/package`, { token: auditor });
  expect(zip.status).toBe(200);
  expect(zip.headers.get('content-type')).toBe('application/zip');
  const bytes = Buffer.from(await zip.arrayBuffer());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
  expect(bytes.includes(Buffer.from('manifest.json'))).toBe(true);

  const drafter = await t.login('kadis.kominfo');
  expect((await t.request('GET', `/archive/${open}/package`, { token: drafter })).status).toBe(403);
  expect((await t.request('GET', '/archive/999999/package', { token: auditor })).status).toBe(404);
}, 60_000);

test('legal hold by an admin is audited; a missing reason is a 400 naming the field', async () => {
  const id = await archived('biasa');
  const admin = await t.login('admin');
  const bad = await t.request('PUT', `/archive/${id}/legal-hold`, { token: admin, body: { on: true } });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ field: 'reason' });
  const ok = await t.request('PUT', `/archive/${id}/legal-hold`, { token: admin, body: { on: true, reason: 'Pemeriksaan BPK 2026' } });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ legalHold: true });
  const list = await t.request('GET', `/archive?filter=${encodeURIComponent(JSON.stringify({ legalHold: true, classification: 'biasa' }))}`, { token: admin });
  const listed = (await list.json()) as { id: number; size: number; sha256: string }[];
  expect(listed.map((r) => r.id)).toContain(id);
  // The size of the archived PDF is a column of its own (the fixture PDF: header, 2048 random bytes, trailer).
  expect(listed.find((r) => r.id === id)?.size).toBe(2048 + '%PDF-1.7\n'.length + '\nstartxref\n0\n%%EOF\n'.length);
  const auditor = await t.login('auditor.inspektorat');
  expect((await t.request('PUT', `/archive/${id}/legal-hold`, { token: auditor, body: { on: false, reason: 'selesai' } })).status).toBe(403);
}, 60_000);

test('admins edit a JRA rule (audited); bad values name the field', async () => {
  const admin = await t.login('admin');
  const rules = (await (await t.request('GET', '/retention-rules', { token: admin })).json()) as { id: number; codePrefix: string }[];
  const routine = rules.find((r) => r.codePrefix === '000.1.2')!;
  const bad = await t.request('PUT', `/retention-rules/${routine.id}`, { token: admin, body: { activeYears: -1 } });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ field: 'activeYears' });
  const ok = await t.request('PUT', `/retention-rules/${routine.id}`, { token: admin, body: { inactiveYears: 2 } });
  expect(await ok.json()).toMatchObject({ codePrefix: '000.1.2', activeYears: 1, inactiveYears: 2, fate: 'musnah' });
}, 60_000);

test('the API refuses to start when the archive bucket has no object lock', async () => {
  const unlocked = await createTestBucket();
  try {
    await expect(start(testConfig({ DATABASE_URL: t.db.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MINIO_BUCKET_DOCUMENTS: versions.name, MINIO_BUCKET_ARCHIVE: unlocked.name })))
      .rejects.toMatchObject({ code: 'ARCHIVE_BUCKET_NOT_LOCKED' });
  } finally {
    await unlocked.drop();
  }
}, 60_000);

test('the JRA table for the console: admins, auditors and the records unit (secretariat) read it; others 403; the edit goes through /retention-rules/:id', async () => {
  const admin = await t.login('admin');
  const res = await t.request('GET', '/archive/retention-schedule', { token: admin });
  expect(res.status).toBe(200);
  const rows = (await res.json()) as { id: number; codePrefix: string; description: string; activeYears: number; inactiveYears: number; fate: string }[];
  expect(rows.map((r) => r.codePrefix)).toEqual([...rows.map((r) => r.codePrefix)].sort());
  const lkjip = rows.find((r) => r.codePrefix === '000.5.3');
  expect(lkjip).toMatchObject({ id: expect.any(Number), description: expect.any(String), fate: 'permanen' });
  for (const user of ['auditor.inspektorat', 'tu.kominfo']) {
    expect((await t.request('GET', '/archive/retention-schedule', { token: await t.login(user) })).status).toBe(200);
  }
  const refused = await t.request('GET', '/archive/retention-schedule', { token: await t.login('kadis.kominfo') });
  expect(refused.status).toBe(403);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  const edited = await t.request('PUT', `/retention-rules/${lkjip!.id}`, { token: admin, body: { activeYears: 3 } });
  expect(edited.status).toBe(200);
  const after = (await (await t.request('GET', '/archive/retention-schedule', { token: admin })).json()) as typeof rows;
  expect(after.find((r) => r.id === lkjip!.id)).toMatchObject({ activeYears: 3, inactiveYears: lkjip!.inactiveYears });
}, 60_000);

test('verification report and final PDF of an archived record: auditor yes, Rahasia only with the grant, others 403, every retrieval audited', async () => {
  const open = await archived('biasa');
  const secret = await archived('rahasia');
  const auditor = await t.login('auditor.inspektorat');
  const res = await t.request('GET', `/archive/${open}/verification`, { token: auditor });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { archiveId: number; sha256: string; status: string; reasons: { code: string }[]; signatures: unknown[]; report: { verdict: string } };
  // An unsigned PDF: the verifier says so, with a reason, and never VALID.
  expect(body).toMatchObject({ archiveId: open, signatures: [] });
  expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(body.status).not.toBe('VALID');
  expect(body.report.verdict).toBe(body.status);
  expect(body.reasons.length).toBeGreaterThan(0);

  const pdf = await t.request('GET', `/archive/${open}/pdf`, { token: auditor });
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(body.sha256);
  expect(pdf.headers.get('x-content-sha256')).toBe(body.sha256);

  for (const path of [`/archive/${secret}/verification`, `/archive/${secret}/pdf`]) {
    const refused = await t.request('GET', path, { token: auditor });
    expect([path, refused.status]).toEqual([path, 404]);
    expect(await refused.json()).toMatchObject({ code: 'NOT_FOUND' });
  }
  const drafter = await t.login('kadis.kominfo');
  expect((await t.request('GET', `/archive/${open}/verification`, { token: drafter })).status).toBe(403);
  expect((await t.request('GET', '/archive/999999/verification', { token: auditor })).status).toBe(404);
  expect((await t.request('GET', '/archive/abc/verification', { token: auditor })).status).toBe(404);
  const actions = await orm.em.fork().execute<{ subject_id: string; action: string }[]>(
    "select subject_id, action from audit_event where subject_type = 'archive_record' and subject_id in (?, ?) order by seq", [String(open), String(secret)]);
  expect(actions.map((a) => `${Number(a.subject_id) === open ? 'open' : 'secret'} ${a.action}`)).toEqual([
    'open archive.verification_retrieved', 'open archive.pdf_retrieved',
  ]);
}, 60_000);

test('uploaded versions are content-addressed (sha256/<hash>.pdf) in the versions bucket; the same bytes twice are one object; a rejected upload leaves nothing', async () => {
  const staf = await t.login('staf.kominfo');
  const draft = async () => {
    const res = await t.request('POST', '/documents', { token: staf, body: { type: 'nota_dinas', hal: 'Laporan pemeliharaan jaringan', archiveCode: '000.1.2.3', kepada: [{ name: 'Yth. Kepala Dinas' }] } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: number }).id;
  };
  const [a, b] = [await draft(), await draft()];
  // A real PDF (uploads are parsed since issue 15): one page and 300 kB of random bytes as an attachment.
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  await doc.attach(randomBytes(300_000), 'lampiran.bin', { mimeType: 'application/octet-stream' });
  const pdf = Buffer.from(await doc.save());
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  for (const id of [a, b]) {
    const res = await t.request('POST', `/documents/${id}/versions`, { token: staf, raw: pdf, headers: { 'content-type': 'application/pdf' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ sha256, size: pdf.length });
  }
  const rows = await orm.em.fork().execute<{ document_id: number; object_key: string }[]>(
    'select document_id, object_key from document_version where document_id in (?, ?) order by document_id', [a, b]);
  expect(rows.map((r) => r.object_key)).toEqual([`sha256/${sha256}.pdf`, `sha256/${sha256}.pdf`]);
  const stored: { name?: string }[] = [];
  for await (const v of versions.client.listObjects(versions.name, '', true, { IncludeVersion: true })) stored.push(v);
  expect(stored.filter((v) => v.name === `sha256/${sha256}.pdf`)).toHaveLength(1);
  const download = await t.request('GET', `/documents/${b}/versions/1/pdf`, { token: staf });
  expect(createHash('sha256').update(Buffer.from(await download.arrayBuffer())).digest('hex')).toBe(sha256);

  const truncated = pdf.subarray(0, 200_000);
  const refused = await t.request('POST', `/documents/${a}/versions`, { token: staf, raw: truncated, headers: { 'content-type': 'application/pdf' } });
  expect(refused.status).toBe(422);
  expect(await refused.json()).toMatchObject({ code: 'PDF_MALFORMED', field: 'file' });
  await new Promise((r) => setTimeout(r, 500));
  const after: { name?: string }[] = [];
  for await (const v of versions.client.listObjects(versions.name, '', true, { IncludeVersion: true })) after.push(v);
  expect(after.filter((v) => v.name?.startsWith('staging/'))).toEqual([]);
  expect(after.map((v) => v.name).filter((n) => n?.startsWith('documents/'))).toEqual([]);
  expect((await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from document_version where document_id = ?', [a]))[0]?.n).toBe('1');
}, 60_000);

test('usul musnah over the API: admins and the records unit list, refuse (409 naming the record on legal hold), reject, approve with a note; destroyed records are gone (410), the berita acara stays', async () => {
  // A JRA row with no retention: its records are due for destruction as soon as they are archived.
  await orm.em.fork().execute(`insert into retention_rule (code_prefix, description, active_years, inactive_years, fate) values ('999.9', 'Uji: tanpa retensi', 0, 0, 'musnah')`);
  const admin = await t.login('admin');
  const review = async () => ((await (await t.request('POST', '/archive/lifecycle/review', { token: admin })).json()) as { destructionProposal: { id: number; archiveIds: number[] } | null }).destructionProposal;
  const gone = await archived('biasa', '999.9');
  const first = await review();
  expect(first?.archiveIds).toEqual([gone]);
  const held = await archived('biasa', '999.9');
  const second = await review();
  expect(second?.archiveIds).toEqual([held]);
  expect((await t.request('PUT', `/archive/${held}/legal-hold`, { token: admin, body: { on: true, reason: 'Pemeriksaan Ombudsman' } })).status).toBe(200);

  const tu = await t.login('tu.kominfo');
  const list = await t.request('GET', '/archive/destruction-proposals', { token: tu });
  expect(list.status).toBe(200);
  expect(((await list.json()) as { id: number; status: string }[]).filter((p) => [first!.id, second!.id].includes(p.id)).map((p) => p.status)).toEqual(['diajukan', 'diajukan']);
  const kadis = await t.login('kadis.kominfo');
  expect((await t.request('GET', '/archive/destruction-proposals', { token: kadis })).status).toBe(403);
  // An usul musnah is the records unit's: to anyone else it does not exist.
  expect((await t.request('POST', `/archive/destruction-proposals/${first!.id}/approve`, { token: kadis, body: { note: 'Setuju' } })).status).toBe(404);

  const refused = await t.request('POST', `/archive/destruction-proposals/${second!.id}/approve`, { token: admin, body: { note: 'SK Sekda 800/20/2026' } });
  expect(refused.status).toBe(409);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await refused.json()) as { code: string; detail: string; field: string };
  expect(problem).toMatchObject({ code: 'DESTRUCTION_REFUSED', field: 'archiveIds' });
  expect(problem.detail).toContain(`archive record ${held}`);
  expect(problem.detail).toContain('legal hold');
  const rejected = await t.request('POST', `/archive/destruction-proposals/${second!.id}/reject`, { token: tu, body: { note: 'Masih dalam pemeriksaan' } });
  expect(await rejected.json()).toMatchObject({ status: 'ditolak', decisionNote: 'Masih dalam pemeriksaan' });

  const noNote = await t.request('POST', `/archive/destruction-proposals/${first!.id}/approve`, { token: admin, body: {} });
  expect(noNote.status).toBe(400);
  expect(await noNote.json()).toMatchObject({ field: 'note' });
  const approved = await t.request('POST', `/archive/destruction-proposals/${first!.id}/approve`, { token: admin, body: { note: 'SK Sekda 800/21/2026' } });
  expect(approved.status).toBe(200);
  const body = (await approved.json()) as { status: string; records: { archiveId: number; destroyedAt: string | null; sha256: string }[] };
  expect(body.status).toBe('dimusnahkan');
  expect(body.records).toEqual([expect.objectContaining({ archiveId: gone, destroyedAt: expect.any(String) })]);
  const again = await t.request('POST', `/archive/destruction-proposals/${first!.id}/approve`, { token: admin, body: { note: 'SK Sekda 800/21/2026' } });
  expect(again.status).toBe(409);
  expect(await again.json()).toMatchObject({ code: 'DESTRUCTION_PROPOSAL_DECIDED' });

  const ba = await t.request('GET', `/archive/destruction-proposals/${first!.id}/berita-acara`, { token: admin });
  expect(ba.status).toBe(200);
  expect(ba.headers.get('content-type')).toBe('application/pdf');
  expect(Buffer.from(await ba.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  expect((await t.request('GET', `/archive/destruction-proposals/${second!.id}/berita-acara`, { token: admin })).status).toBe(404);
  expect((await t.request('GET', `/archive/destruction-proposals/${first!.id}/lainnya`, { token: admin })).status).toBe(400);
  const destroyed = await t.request('GET', `/archive/${gone}/pdf`, { token: admin });
  expect(destroyed.status).toBe(410);
  expect(await destroyed.json()).toMatchObject({ code: 'ARCHIVE_DESTROYED' });
}, 60_000);
