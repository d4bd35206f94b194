// Disposition and agreement workflows driven through the API on the test stack
// (real worker with PostgreSQL/MinIO activities, Temporal dev server on 7234).
import { beforeAll, describe, expect, test } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { DomainOrm } from '@naskah/domain';
import { Client as MinioClient } from 'minio';
import { testConfig } from '@naskah/infra/testing';
import { createActivities } from '@naskah/workflows/activities';
import type { DispositionBranch } from '@naskah/workflows/client';
import { postgresPorts } from '@naskah/workflows/postgres-ports';
import type { TestApi } from '@naskah/api/testing';
import { problem, useRoutingHarness } from '@naskah/api/testing';

const h = useRoutingHarness({ name: 'disp-agr' });
const { pos } = h;
let t: TestApi;
let orm: DomainOrm;
beforeAll(() => { ({ t, orm } = h); });
// Disposition bodies take person ids as numbers.
const personAt = async (positionKey: string): Promise<number> => (await h.person(positionKey)).id;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

describe('disposition through the console endpoints', () => {
  test('the head disposes, a branch goes further down, an unread one is withdrawn, every branch closes, the letter is done; rows and audit once each', async () => {
    const tu = await t.login('tu.kominfo');
    const kadisToken = await t.login('kadis.kominfo');
    const registered = await t.request('POST', '/incoming-letters', { token: tu, body: {
      senderName: 'Kementerian Kominfo', senderNumber: 'B-123/KOMINFO/2026', senderDate: '2026-11-20', hal: 'Undangan rapat SPBE nasional', addressedToId: pos('kadis.kominfo'),
    } });
    expect(registered.status).toBe(201);
    const { id } = await json<{ id: number }>(registered);
    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const dispose = (token: string, body: Record<string, unknown>) => t.request('POST', '/dispositions', { token, body: { incomingLetterId: id, instruction: 'Mohon ditindaklanjuti', deadline, ...body } });

    // Only the addressee disposes first; recipients must be below the disposer; a deadline is in the future.
    expect((await dispose(await t.login('kabid.aptika'), { toPositionIds: [pos('staf.kominfo')] })).status).toBe(403);
    expect(await problem(await dispose(kadisToken, { toPositionIds: [pos('sekda')] }))).toMatchObject({ status: 422, code: 'DISPOSITION_NOT_SUBORDINATE', field: 'toPositionIds.0' });
    expect(await problem(await dispose(kadisToken, { toPositionIds: [pos('kabid.aptika')], deadline: '2020-01-01' }))).toMatchObject({ status: 422, field: 'deadline' });

    // The forward picker offers exactly the positions below the disposer (seed: Kadis → Sekdis, Kabid Aptika → TU, staff, admin).
    type Recipients = { fromPositionId: number; data: { id: number; title: string; unitName: string | null; agencyName: string; holderName: string | null }[] };
    const recipients = (token: string, query = '') => t.request('GET', `/incoming-letters/${id}/disposition-recipients${query}`, { token });
    const offered = await json<Recipients>(await recipients(kadisToken));
    expect(offered.fromPositionId).toBe(pos('kadis.kominfo'));
    expect(offered.data.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      [pos('sekdis.kominfo'), pos('kabid.aptika'), pos('staf.kominfo'), pos('admin'), pos('tu.kominfo')].sort((a, b) => a - b));
    // Nearest level first, each labelled with its unit, agency and holder.
    expect(offered.data.slice(0, 2).map((r) => r.id).sort((a, b) => a - b)).toEqual([pos('sekdis.kominfo'), pos('kabid.aptika')].sort((a, b) => a - b));
    expect(offered.data.find((r) => r.id === pos('staf.kominfo'))).toMatchObject({
      title: 'Pranata Komputer Ahli Pertama', unitName: 'Bidang Aplikasi Informatika', agencyName: expect.stringContaining('Komunikasi') as unknown as string, holderName: expect.any(String) as unknown as string,
    });
    // The TU is not the addressee: nothing to pick (the same refusal as disposing).
    expect((await recipients(tu)).status).toBe(403);

    const roots = await dispose(kadisToken, { toPositionIds: [pos('kabid.aptika'), pos('sekdis.kominfo')], note: 'hadiri' });
    expect(roots.status).toBe(201);
    const [toKabid, toSekdis] = (await json<{ ids: number[] }>(roots)).ids;
    // The same click repeated (a new request, its first answer lost): no second open disposition to the same position.
    expect(await problem(await dispose(kadisToken, { toPositionIds: [pos('kabid.aptika')], note: 'hadiri' }))).toMatchObject({ status: 409, code: 'DISPOSITION_DUPLICATE' });
    expect((await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from disposition where incoming_letter_id = ?', [id]))[0]!.n).toBe('2');

    expect((await t.request('POST', `/dispositions/${toKabid}/read`, { token: await t.login('kabid.aptika') })).status).toBe(200);
    // Read already: it can no longer be withdrawn (409 naming the rule); the unread one can, by its disposer only.
    expect(await problem(await t.request('POST', `/dispositions/${toKabid}/withdraw`, { token: kadisToken }))).toMatchObject({ status: 409, code: 'DISPOSITION_ALREADY_READ' });
    expect((await t.request('POST', `/dispositions/${toSekdis}/withdraw`, { token: tu })).status).toBe(403);
    expect((await t.request('POST', `/dispositions/${toSekdis}/withdraw`, { token: kadisToken })).status).toBe(200);
    expect(await problem(await t.request('POST', `/dispositions/${toSekdis}/follow-up`, { token: await t.login('sekdis.kominfo'), body: { report: 'terlambat' } })))
      .toMatchObject({ status: 409, code: 'DISPOSITION_CLOSED' });

    const forwardable = await json<Recipients>(await recipients(await t.login('kabid.aptika'), `?parentId=${toKabid}`));
    expect(forwardable.data.map((r) => r.id).sort((a, b) => a - b)).toEqual([pos('staf.kominfo'), pos('admin')].sort((a, b) => a - b));
    // A lembar disposisi ticks several instructions: either `instructions` or the single `instruction`, not both, not neither.
    const kabidToken = await t.login('kabid.aptika');
    const forward = { parentId: toKabid, toPositionIds: [pos('staf.kominfo')] };
    expect(await problem(await dispose(kabidToken, { ...forward, instructions: ['Siapkan bahan'] }))).toMatchObject({ status: 422, code: 'DISPOSITION_INSTRUCTION_REQUIRED', field: 'instruction' });
    expect(await problem(await dispose(kabidToken, { ...forward, instruction: undefined }))).toMatchObject({ status: 422, code: 'DISPOSITION_INSTRUCTION_REQUIRED', field: 'instructions' });
    expect(await problem(await dispose(kabidToken, { ...forward, instruction: undefined, instructions: ['Bukan instruksi'] }))).toMatchObject({ status: 400, field: 'instructions.0' });
    const children = await dispose(kabidToken, { ...forward, instruction: undefined, instructions: ['Siapkan bahan', 'Untuk diketahui'], note: 'paparan 10 menit' });
    expect(children.status).toBe(201);
    const [toStaf] = (await json<{ ids: number[] }>(children)).ids;
    // Stored and listed in the rulebook's order (Untuk diketahui comes first there), with the free note.
    const [listed] = await json<{ instruction: string; instructions: string[]; note: string }[]>(
      await t.request('GET', `/dispositions?filter=${encodeURIComponent(JSON.stringify({ id: toStaf }))}`, { token: kabidToken }));
    expect(listed).toMatchObject({ instruction: 'Untuk diketahui; Siapkan bahan', instructions: ['Untuk diketahui', 'Siapkan bahan'], note: 'paparan 10 menit' });
    expect((await t.request('POST', `/dispositions/${toStaf}/follow-up`, { token: await t.login('kabid.aptika'), body: { report: 'bukan saya' } })).status).toBe(403);
    expect((await t.request('POST', `/dispositions/${toStaf}/follow-up`, { token: await t.login('staf.kominfo'), body: { report: 'bahan paparan siap' } })).status).toBe(200);
    // The letter is not done while the Kabid's branch is open.
    expect(await problem(await t.request('POST', `/incoming-letters/${id}/done`, { token: kadisToken }))).toMatchObject({ status: 409, code: 'DISPOSITION_BRANCHES_OPEN' });
    expect((await t.request('POST', `/dispositions/${toKabid}/follow-up`, { token: await t.login('kabid.aptika'), body: { report: 'rapat dihadiri' } })).status).toBe(200);

    const em = orm.em.fork();
    const rows = await em.execute<{ id: number; parent_id: number | null; to_position_id: number; state: string; follow_up: string | null; read: boolean }[]>(
      'select id, parent_id, to_position_id, state, follow_up, read_at is not null as read from disposition where incoming_letter_id = ? order by id', [id]);
    expect(rows).toEqual([
      { id: toKabid, parent_id: null, to_position_id: pos('kabid.aptika'), state: 'done', follow_up: 'rapat dihadiri', read: true },
      { id: toSekdis, parent_id: null, to_position_id: pos('sekdis.kominfo'), state: 'withdrawn', follow_up: null, read: false },
      { id: toStaf, parent_id: toKabid, to_position_id: pos('staf.kominfo'), state: 'done', follow_up: 'bahan paparan siap', read: true },
    ]);
    let done: { action: string }[] = [];
    for (let i = 0; i < 50 && done.length === 0; i++) {
      done = await em.execute(`select action from audit_event where subject_type = 'incoming_letter' and subject_id = ? and action = 'incoming_letter.done'`, [String(id)]);
      if (done.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(done).toHaveLength(1);
    const audit = await em.execute<{ subject_id: string; action: string }[]>(
      `select subject_id, action from audit_event where subject_type = 'disposition' and subject_id in (?, ?, ?) order by id`, [toKabid, toSekdis, toStaf].map(String));
    expect(audit.map((a) => `${a.subject_id} ${a.action}`)).toEqual([
      `${toKabid} disposition.sent`, `${toSekdis} disposition.sent`, `${toKabid} disposition.read`, `${toSekdis} disposition.withdrawn`,
      `${toKabid} disposition.forwarded`, `${toStaf} disposition.sent`, `${toStaf} disposition.followed_up`, `${toKabid} disposition.followed_up`,
    ]);
    // Done: no further action, no new branch.
    expect(await problem(await dispose(kadisToken, { toPositionIds: [pos('kabid.aptika')] }))).toMatchObject({ status: 409, code: 'LETTER_DONE' });
  });
});

describe('tindak lanjut with a status and an attachment', () => {
  test('the recipient stores a PDF or image (at most 10 MB), reports sebagian with it; whoever may see the disposition downloads it, others get 404', async () => {
    const tu = await t.login('tu.kominfo');
    const kadisToken = await t.login('kadis.kominfo');
    const kabidToken = await t.login('kabid.aptika');
    const { id } = await json<{ id: number }>(await t.request('POST', '/incoming-letters', { token: tu, body: {
      senderName: 'Diskominfo Provinsi', senderNumber: 'B-77/DKI/2026', senderDate: '2026-11-22', hal: 'Permintaan laporan pelaksanaan SPBE', addressedToId: pos('kadis.kominfo'),
    } }));
    const { ids: [branch] } = await json<{ ids: number[] }>(await t.request('POST', '/dispositions', { token: kadisToken, body: {
      incomingLetterId: id, toPositionIds: [pos('kabid.aptika')], instructions: ['Siapkan bahan'],
    } }));
    // The console repeats a click with its request id: applied once, answered with the first outcome (the same row).
    const click = { incomingLetterId: id, toPositionIds: [pos('staf.kominfo')], instruction: 'Untuk diketahui', requestId: '5d1f6a8e-3b7c-4e2a-9f10-6c2b8d4e7a91' };
    const first = await t.request('POST', '/dispositions', { token: kadisToken, body: click });
    const again = await t.request('POST', '/dispositions', { token: kadisToken, body: click });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await json<{ ids: number[] }>(again)).toEqual(await json<{ ids: number[] }>(first));
    expect((await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from disposition where incoming_letter_id = ? and to_position_id = ?', [id, pos('staf.kominfo')]))[0]!.n).toBe('1');
    const upload = (token: string, bytes: Buffer, type = 'application/octet-stream') =>
      t.request('POST', `/dispositions/${branch}/follow-up/attachment`, { token, raw: bytes, headers: { 'content-type': type } });
    // A PNG is its 8-byte signature; then whatever follows.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('foto kegiatan rapat koordinasi')]);
    // Only its recipient attaches; another agency's staff does not see the disposition at all.
    expect((await upload(kadisToken, png)).status).toBe(403);
    expect((await upload(await t.login('kabid.bappeda'), png)).status).toBe(404);
    expect(await problem(await upload(kabidToken, Buffer.from('bukan pdf atau gambar')))).toMatchObject({ status: 415, field: 'file' });
    expect(await problem(await upload(kabidToken, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)])))).toMatchObject({ status: 413, field: 'file' });
    const stored = await upload(kabidToken, png);
    expect(stored.status).toBe(201);
    const { attachment, mediaType, size } = await json<{ attachment: string; mediaType: string; size: number }>(stored);
    expect({ mediaType, size }).toEqual({ mediaType: 'image/png', size: png.length });

    const followUp = (body: Record<string, unknown>) => t.request('POST', `/dispositions/${branch}/follow-up`, { token: kabidToken, body: { report: 'Bahan disiapkan sebagian', ...body } });
    expect((await followUp({ status: 'hampir' })).status).toBe(400);
    expect(await problem(await followUp({ attachment: `disposition-attachments/${'0'.repeat(64)}.pdf` }))).toMatchObject({ status: 422, field: 'attachment' });
    expect((await followUp({ status: 'sebagian', attachment })).status).toBe(200);
    const [row] = await orm.em.fork().execute<{ state: string; follow_up_status: string; follow_up_object_key: string }[]>(
      'select state, follow_up_status, follow_up_object_key from disposition where id = ?', [branch]);
    expect(row).toEqual({ state: 'done', follow_up_status: 'sebagian', follow_up_object_key: attachment });
    const [listed] = await json<{ followUpStatus: string; followUpAttachment: boolean }[]>(
      await t.request('GET', `/dispositions?filter=${encodeURIComponent(JSON.stringify({ id: branch }))}`, { token: kadisToken }));
    expect(listed).toMatchObject({ followUpStatus: 'sebagian', followUpAttachment: true });

    // The disposer downloads the same bytes; another agency's staff gets 404 like a missing one.
    const download = await t.request('GET', `/dispositions/${branch}/follow-up/attachment`, { token: kadisToken });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(png);
    expect((await t.request('GET', `/dispositions/${branch}/follow-up/attachment`, { token: await t.login('kabid.bappeda') })).status).toBe(404);
  });
});

describe('disposition activities', () => {
  test('a retried recordBranch or notify writes its row, its audit event and its notification once', async () => {
    const registered = await t.request('POST', '/incoming-letters', { token: await t.login('tu.kominfo'), body: {
      senderName: 'BSSN', senderNumber: 'B-9/BSSN/2026', senderDate: '2026-11-21', hal: 'Uji ulang aktivitas disposisi', addressedToId: pos('kadis.kominfo'),
    } });
    const { id } = await json<{ id: number }>(registered);
    const config = testConfig({ DATABASE_URL: t.db.url });
    const minio = new MinioClient({ endPoint: config.minio.endPoint, port: config.minio.port, useSSL: config.minio.useSSL, accessKey: config.minio.accessKey, secretKey: config.minio.secretKey });
    const activities = createActivities(postgresPorts({ orm, minio, buckets: config.minio.buckets }));
    const workflowId = `disposition-${id}`;
    const branch: DispositionBranch = {
      branchId: 'b1', parentBranchId: null, dispositionId: null, fromPositionId: String(pos('kadis.kominfo')), fromPersonId: String(await personAt('kadis.kominfo')),
      disposerSuperiorPersonId: null, toPositionId: String(pos('kabid.aptika')), toPersonId: String(await personAt('kabid.aptika')), instruction: 'Untuk diketahui', note: '',
      deadline: new Date(Date.now() + 86_400_000).toISOString(), status: 'sent', readAt: null, followUp: null, followUpAt: null, attachmentSha256: null,
      reminded: false, overdue: false, escalated: false,
    };
    const closed = { ...branch, status: 'done' as const, followUp: 'sudah', followUpAt: new Date().toISOString(), readAt: new Date().toISOString() };
    const ids = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      ids.push((await activities.recordBranch({ workflowId, stepKey: 'b1:sent', incomingLetterId: String(id), event: 'sent', branch })).dispositionId);
      await activities.notify([{ key: `${workflowId}:b1:reminder`, personId: branch.toPersonId!, kind: 'reminder', subject: 'Pengingat', ref: `disposition:${ids[0]}` }]);
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      ids.push((await activities.recordBranch({ workflowId, stepKey: 'b1:followed_up', incomingLetterId: String(id), event: 'followed_up', branch: closed })).dispositionId);
    }
    // The 'read' of the same branch retried late (its handler ran beside the follow-up while a worker was down): the row stays closed.
    const read = { ...branch, status: 'read' as const, readAt: new Date().toISOString() };
    ids.push((await activities.recordBranch({ workflowId, stepKey: 'b1:read', incomingLetterId: String(id), event: 'read', branch: read })).dispositionId);
    expect(new Set(ids).size).toBe(1);
    const em = orm.em.fork();
    expect(await em.execute('select state, follow_up from disposition where incoming_letter_id = ?', [id])).toEqual([{ state: 'done', follow_up: 'sudah' }]);
    const audit = await em.execute<{ action: string }[]>(`select action from audit_event where subject_type = 'disposition' and subject_id = ? order by id`, [String(ids[0])]);
    expect(audit.map((a) => a.action)).toEqual(['disposition.sent', 'disposition.followed_up', 'disposition.read']);
    const [notifications] = await em.execute<{ n: string }[]>(`select count(*) as n from notification where subject_type = 'disposition' and subject_id = ?`, [ids[0]]);
    expect(notifications!.n).toBe('1');
  });
});

describe('agreement through the API', () => {
  test('submitting starts the AgreementWorkflow: its naskah goes through its routing (child RoutingWorkflow), every party must sign it, and no quarter is reported before its window opens', async () => {
    const drafter = await t.login('kabid.aptika');
    const created = await t.request('POST', '/agreements', { token: drafter, body: {
      kind: 'kinerja', title: 'Perjanjian Kinerja Diskominfosp 2027', year: 2027, parties: [pos('kadis.kominfo'), pos('bupati')],
      indicators: [{ code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher', targetYear: 4, targetQuarters: [2, 2.5, 3, 4] }],
    } });
    expect(created.status).toBe(201);
    const { id } = await json<{ id: number }>(created);
    const naskah = async (signerGroups: number[][]) => {
      const doc = await json<{ id: number }>(await t.request('POST', '/documents', { token: drafter, body: {
        type: 'perjanjian_kinerja', hal: 'Perjanjian Kinerja 2027', archiveCode: '000.1.2.3', kepada: [{ positionId: pos('bupati'), name: 'Bupati' }],
        reviewerPositionIds: [pos('sekdis.kominfo')], signerGroups,
      } }));
      const pdf = await PDFDocument.create();
      pdf.addPage().drawText('Perjanjian Kinerja', { x: 72, y: 700, font: await pdf.embedFont(StandardFonts.Helvetica) });
      expect((await t.request('POST', `/documents/${doc.id}/versions`, { token: drafter, raw: Buffer.from(await pdf.save()), headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
      return doc.id;
    };
    // Signed by the Kepala Dinas alone: the Bupati, a party, would never sign it.
    const oneParty = await naskah([[pos('kadis.kominfo')]]);
    expect(await problem(await t.request('POST', `/agreements/${id}/submit`, { token: drafter, body: { documentId: oneParty } }))).toMatchObject({ status: 422, field: 'documentId' });
    // Another agency's staff may not submit it.
    expect((await t.request('POST', `/agreements/${id}/submit`, { token: await t.login('kabid.bappeda'), body: { documentId: oneParty } })).status).toBe(404);

    const docId = await naskah([[pos('kadis.kominfo'), pos('bupati')]]);
    const started = await t.request('POST', `/agreements/${id}/submit`, { token: drafter, body: { documentId: docId } });
    expect(started.status).toBe(200);
    // The leaders' dashboard times submit → signature from here: the naskah's routing writes it (with in_review) as its first activity.
    let submitted: { seconds: number | null } | undefined;
    for (let i = 0; i < 100 && (submitted?.seconds ?? null) === null; i++) {
      [submitted] = await orm.em.fork().execute<{ seconds: number | null }[]>('select extract(epoch from now() - submitted_at)::float8 as seconds from document where id = ?', [docId]);
      if ((submitted?.seconds ?? null) === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(submitted?.seconds ?? null).not.toBeNull();
    expect(Number(submitted?.seconds)).toBeLessThan(60);
    let routing = { waiting: [] as unknown[] };
    for (let i = 0; i < 50 && routing.waiting.length === 0; i++) {
      const res = await t.request('GET', `/documents/${docId}/routing`, { token: drafter });
      if (res.status === 200) routing = await json(res);
      if (routing.waiting.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect((await t.request('POST', `/documents/${docId}/paraf`, { token: await t.login('sekdis.kominfo'), body: {} })).status).toBe(200);
    // The workflow's activity wrote the status and linked the naskah.
    let row: { status: string; document_id: number | null } | undefined;
    for (let i = 0; i < 50 && row?.status !== 'signing'; i++) {
      [row] = await orm.em.fork().execute<{ status: string; document_id: number | null }[]>('select status, document_id from agreement where id = ?', [id]);
      if (row?.status !== 'signing') await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toEqual({ status: 'signing', document_id: docId });

    // No reporting window is open before it is signed and the quarter ends: out of turn, nothing recorded.
    const early = await t.request('POST', `/agreements/${id}/realisation`, { token: await t.login('kadis.kominfo'), body: { quarter: 1, realisations: [{ code: 'IKU-1', value: 2 }] } });
    expect(await problem(early)).toMatchObject({ status: 409, code: 'AGREEMENT_QUARTER_NOT_OPEN' });
    // Not signed yet: nothing to revise.
    const revise = await t.request('POST', `/agreements/${id}/revise`, { token: drafter, body: { documentId: docId, indicators: [{ code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', targetYear: 4, targetQuarters: [2, 3, 3, 4] }] } });
    expect(await problem(revise)).toMatchObject({ status: 409, code: 'AGREEMENT_NOT_ACTIVE' });
    const state = await json<{ status: string; agreementVersion: number; openQuarter: number | null }>(await t.request('GET', `/agreements/${id}/workflow`, { token: drafter }));
    expect(state).toMatchObject({ status: 'signing', agreementVersion: 1, openQuarter: null });
  });
});
