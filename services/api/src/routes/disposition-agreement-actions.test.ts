// Disposition and agreement workflows driven through the API on the test stack
// (real worker with PostgreSQL/MinIO activities, Temporal dev server on 7234).
import { beforeAll, describe, expect, test } from '@jest/globals';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { DomainOrm } from '@naskah/domain';
import type { TestApi } from '../test-api.js';
import { useRoutingHarness } from '../test-routing.js';

const h = useRoutingHarness({ name: 'disp-agr' });
const { pos } = h;
let t: TestApi;
let orm: DomainOrm;
beforeAll(() => { ({ t, orm } = h); });
// Disposition bodies take person ids as numbers.
const personAt = async (positionKey: string): Promise<number> => (await h.person(positionKey)).id;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

describe('disposition through the API', () => {
  test('head disposes, a branch goes further down, an unread one is withdrawn, every branch closes, the letter is done', async () => {
    const tu = await t.login('tu.kominfo');
    const registered = await t.request('POST', '/incoming-letters', { token: tu, body: {
      senderName: 'Kementerian Kominfo', senderNumber: 'B-123/KOMINFO/2026', senderDate: '2026-11-20', hal: 'Undangan rapat SPBE nasional', addressedToId: pos('kadis.kominfo'),
    } });
    expect(registered.status).toBe(201);
    const { id } = await json<{ id: number }>(registered);
    expect((await t.request('POST', `/incoming-letters/${id}/disposition-workflow`, { token: tu })).status).toBe(200);
    expect((await t.request('POST', `/incoming-letters/${id}/disposition-workflow`, { token: tu })).status).toBe(409);

    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const kabid = await personAt('kabid.aptika');
    const sekdis = await personAt('sekdis.kominfo');
    const staf = await personAt('staf.kominfo');
    const notHead = await t.request('POST', `/incoming-letters/${id}/dispose`, { token: await t.login('kabid.aptika'), body: { toPersonIds: [staf], instruction: 'Untuk diketahui', deadline } });
    expect(notHead.status).toBe(409);
    const bad = await t.request('POST', `/incoming-letters/${id}/dispose`, { token: await t.login('kadis.kominfo'), body: { toPersonIds: [kabid], instruction: 'x', deadline: 'besok' } });
    expect(bad.status).toBe(400);

    const roots = await json<{ branchId: string; toPersonId: string }[]>(await t.request('POST', `/incoming-letters/${id}/dispose`, {
      token: await t.login('kadis.kominfo'), body: { toPersonIds: [kabid, sekdis], instruction: 'Mohon ditindaklanjuti', note: 'hadiri', deadline },
    }));
    expect(roots.map((b) => b.toPersonId)).toEqual([String(kabid), String(sekdis)]);
    const [toKabid, toSekdis] = roots;

    expect((await t.request('POST', `/incoming-letters/${id}/branches/${toKabid!.branchId}/read`, { token: await t.login('kabid.aptika') })).status).toBe(200);
    // Read already: it can no longer be withdrawn; the unread one can.
    expect((await t.request('POST', `/incoming-letters/${id}/branches/${toKabid!.branchId}/withdraw`, { token: await t.login('kadis.kominfo') })).status).toBe(403);
    expect((await t.request('POST', `/incoming-letters/${id}/branches/${toSekdis!.branchId}/withdraw`, { token: await t.login('kadis.kominfo') })).status).toBe(200);

    const children = await json<{ branchId: string }[]>(await t.request('POST', `/incoming-letters/${id}/dispose`, {
      token: await t.login('kabid.aptika'), body: { parentBranchId: toKabid!.branchId, toPersonIds: [staf], instruction: 'Siapkan bahan', deadline },
    }));
    expect((await t.request('POST', `/incoming-letters/${id}/branches/${children[0]!.branchId}/close`, { token: await t.login('kabid.aptika'), body: { followUp: 'bukan saya' } })).status).toBe(409);
    expect((await t.request('POST', `/incoming-letters/${id}/branches/${children[0]!.branchId}/close`, { token: await t.login('staf.kominfo'), body: { followUp: 'bahan paparan siap' } })).status).toBe(200);
    expect((await t.request('POST', `/incoming-letters/${id}/branches/${toKabid!.branchId}/close`, { token: await t.login('kabid.aptika'), body: { followUp: 'rapat dihadiri' } })).status).toBe(200);

    let tree = { status: '' };
    for (let i = 0; i < 50 && tree.status !== 'done'; i++) {
      tree = await json(await t.request('GET', `/incoming-letters/${id}/disposition-tree`, { token: tu }));
      if (tree.status !== 'done') await new Promise((r) => setTimeout(r, 100));
    }
    expect(tree.status).toBe('done');
    const [audit] = await orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from audit_event where subject_type = 'incoming_letter' and subject_id = ?`, [String(id)]);
    // Disposed ×2, read, withdrawn, disposed (child) + parent read, closed ×2, done: each once.
    expect(Number(audit!.n)).toBeGreaterThanOrEqual(8);
  });
});

describe('agreement through the API', () => {
  test('the agreement document goes through its routing (child RoutingWorkflow), and no quarter is reported before its window opens', async () => {
    const drafter = await t.login('kabid.aptika');
    const created = await t.request('POST', '/agreements', { token: drafter, body: {
      kind: 'kinerja', title: 'Perjanjian Kinerja Diskominfosp 2027', year: 2027, parties: [pos('kadis.kominfo'), pos('bupati')],
      indicators: [{ code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher', targetYear: 4, targetQuarters: [2, 2.5, 3, 4] }],
    } });
    expect(created.status).toBe(201);
    const { id } = await json<{ id: number }>(created);
    const doc = await json<{ id: number }>(await t.request('POST', '/documents', { token: drafter, body: {
      type: 'perjanjian_kinerja', hal: 'Perjanjian Kinerja 2027', archiveCode: '000.1.2.3', kepada: [{ positionId: pos('bupati'), name: 'Bupati' }],
      reviewerPositionIds: [pos('sekdis.kominfo')], signerPositionId: pos('kadis.kominfo'),
    } }));
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('Perjanjian Kinerja', { x: 72, y: 700, font: await pdf.embedFont(StandardFonts.Helvetica) });
    expect((await t.request('POST', `/documents/${doc.id}/versions`, { token: drafter, raw: Buffer.from(await pdf.save()), headers: { 'content-type': 'application/pdf' } })).status).toBe(201);
    await orm.em.fork().execute('update agreement set document_id = ? where id = ?', [doc.id, id]);

    const started = await t.request('POST', `/agreements/${id}/workflow`, { token: drafter, body: { leaderPersonId: await personAt('bupati'), reporterPersonIds: [await personAt('staf.kominfo')] } });
    expect(started.status).toBe(200);
    // The leaders' dashboard times submit → signature from here.
    const [submitted] = await orm.em.fork().execute<{ seconds: number | null }[]>('select extract(epoch from now() - submitted_at)::float8 as seconds from document where id = ?', [doc.id]);
    expect(submitted?.seconds ?? null).not.toBeNull();
    expect(Number(submitted?.seconds)).toBeLessThan(60);
    let routing = { waiting: [] as unknown[] };
    for (let i = 0; i < 50 && routing.waiting.length === 0; i++) {
      const res = await t.request('GET', `/documents/${doc.id}/routing`, { token: drafter });
      if (res.status === 200) routing = await json(res);
      if (routing.waiting.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect((await t.request('POST', `/documents/${doc.id}/paraf`, { token: await t.login('sekdis.kominfo'), body: {} })).status).toBe(200);

    // No reporting window is open before the quarter ends: out of turn, nothing recorded.
    const early = await t.request('POST', `/agreements/${id}/realisation`, { token: await t.login('staf.kominfo'), body: { quarter: 1, realisations: [{ indicatorId: '1', value: 2 }] } });
    expect(early.status).toBe(409);
    const state = await json<{ status: string; agreementVersion: number; openQuarter: number | null }>(await t.request('GET', `/agreements/${id}/workflow`, { token: drafter }));
    expect(state).toMatchObject({ status: 'approval', agreementVersion: 1, openQuarter: null });
  });
});

describe('capaian through the API', () => {
  test('the stored achievement follows the rulebook: lower is better, target 10, realisation 20 → 0 %; higher, 15 of 10 → capped at 120 %', async () => {
    const kadis = await t.login('kadis.kominfo');
    const created = await t.request('POST', '/agreements', { token: kadis, body: {
      kind: 'kinerja', title: 'Perjanjian Kinerja capaian', year: 2028, parties: [pos('kadis.kominfo'), pos('bupati')],
      indicators: [
        { code: 'IKU-L', name: 'Rata-rata hari layanan pengaduan', unit: 'hari', direction: 'lower', targetYear: 10, targetQuarters: [10, 10, 10, 10] },
        { code: 'IKU-H', name: 'Layanan daring yang terbit', unit: 'layanan', direction: 'higher', targetYear: 40, targetQuarters: [10, 20, 30, 40] },
      ],
    } });
    expect(created.status).toBe(201);
    const { id } = await json<{ id: number }>(created);
    const indicators = await json<{ id: number; code: string }[]>(await t.request('GET', `/agreements/${id}/indicators`, { token: kadis }));
    const idOf = (code: string) => indicators.find((i) => i.code === code)!.id;
    const report = async (code: string, realisation: number) =>
      json<{ achievement: number }>(await t.request('POST', `/agreements/${id}/progress`, { token: kadis, body: { indicatorId: idOf(code), quarter: 1, realisation } }));
    // (2 − 20/10) × 100 % = 0 % (the API used to store target/realisation = 50 %).
    expect(await report('IKU-L', 20)).toMatchObject({ achievement: 0 });
    // 15/10 = 150 %, capped at 120 %.
    expect(await report('IKU-H', 15)).toMatchObject({ achievement: 120 });
    const stored = await json<{ code: string; reports: { achievement: number }[] }[]>(await t.request('GET', `/agreements/${id}/indicators`, { token: kadis }));
    expect(stored.map((i) => [i.code, i.reports.map((r) => r.achievement)])).toEqual([['IKU-H', [120]], ['IKU-L', [0]]]);
  });
});
