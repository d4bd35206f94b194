// Several signers through the API on the test stack: the real API, a worker
// with the real PostgreSQL/MinIO activities, the Temporal dev server on 7234.
// Route [[Kepala Diskominfosp, Kepala Bappeda], [Sekretaris Daerah]]: the two
// heads sign in parallel (either order), then the Sekda.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { verifyAuditChain, type DomainOrm } from '@naskah/domain';
import { verifyPdf } from '@naskah/signing';
import type { TestApi } from '@naskah/api/testing';
import { problem, samplePdf, useRoutingHarness, type RoutingView as RoutingState } from '@naskah/api/testing';

const passphrase = 'kata-sandi-penandatangan';
const h = useRoutingHarness({ name: 'signer-groups', signers: ['kadis.kominfo', 'kadis.bappeda', 'sekda'], passphrase });
const { pos, personAt, routing, keystore, pkiDir } = h;
let t: TestApi;
let orm: DomainOrm;
beforeAll(() => { ({ t, orm } = h); });

const groups = () => [[pos('kadis.kominfo'), pos('kadis.bappeda')], [pos('sekda')]];
const draftBody = (hal: string, route: Record<string, unknown>) => ({
  type: 'nota_dinas', hal, archiveCode: '000.1.2.3', kepada: [{ positionId: pos('kabid.bappeda'), name: 'Kepala Bidang Perencanaan' }],
  reviewerPositionIds: [pos('kabid.aptika')], ...route,
});
const create = async (body: object) => t.request('POST', '/documents', { token: await t.login('staf.kominfo'), body });
const waitingSigners = (s: RoutingState) => s.waiting.filter((w) => w.kind === 'sign').flatMap((w) => w.actors.map((a) => a.personId)).sort();

/** A two-group document, submitted and initialled, now waiting for its first (parallel) group. */
async function toSigning(hal: string): Promise<number> {
  const res = await create(draftBody(hal, { signerGroups: groups() }));
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: number };
  await h.upload(id, await samplePdf('Kesepakatan bersama'));
  await h.toSigning(id, ['kabid.aptika']);
  return id;
}
const sign = async (id: number, user: string) => t.request('POST', `/documents/${id}/sign`, { token: await t.login(user), body: { passphrase } });

describe('signer groups: in order, parallel inside a group', () => {
  test('bad routes are 422 naming the field; nothing is stored', async () => {
    const count = async () => Number((await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from document'))[0]!.n);
    const before = await count();
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ signerGroups: [[pos('kadis.kominfo')], []] }, 'signerGroups.1'],
      [{ signerGroups: [[pos('kadis.kominfo'), pos('sekda')], [pos('kadis.kominfo')]] }, 'signerGroups.1.0'],
      [{ signerGroups: [] }, 'signerGroups'],
      [{ signerGroups: Array.from({ length: 6 }, (_, i) => [pos('kadis.kominfo') + 1000 + i]) }, 'signerGroups'],
      [{ signerGroups: [Array.from({ length: 6 }, (_, i) => pos('kadis.kominfo') + 1000 + i)] }, 'signerGroups.0'],
      [{ signerGroups: [[pos('sekda')]], signerPositionId: pos('sekda') }, 'signerGroups'],
      [{ signerGroups: [[pos('sekda'), 999_999]] }, 'signerGroups.0.1', 'REFERENCE_NOT_FOUND'],
    ];
    for (const [route, field, code] of cases) {
      const res = await problem(await create(draftBody('Rute tidak sah', route)));
      expect({ route, ...res }).toMatchObject({ route, status: 422, field, ...(code ? { code } : {}) });
    }
    expect(await count()).toBe(before);
  });

  test('the route is stored with order and parallel group; the one-signer form still means [[id]]; an edit replaces it', async () => {
    const res = await create(draftBody('Kesepakatan bersama penyediaan data', { signerGroups: groups() }));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const steps = async (documentId: number) => orm.em.fork().execute<{ kind: string; step_order: number; parallel_group: number | null; position_id: number }[]>(
      'select kind, step_order, parallel_group, position_id from routing_step where document_id = ? order by step_order, id', [documentId]);
    expect(await steps(id)).toEqual([
      { kind: 'paraf', step_order: 1, parallel_group: null, position_id: pos('kabid.aptika') },
      { kind: 'sign', step_order: 2, parallel_group: 1, position_id: pos('kadis.kominfo') },
      { kind: 'sign', step_order: 2, parallel_group: 1, position_id: pos('kadis.bappeda') },
      { kind: 'sign', step_order: 3, parallel_group: null, position_id: pos('sekda') },
    ]);
    const detail = (await (await t.request('GET', `/documents/${id}`, { token: await t.login('staf.kominfo') })).json()) as { signerPositionId: number; steps: { kind: string; order: number }[] };
    expect(detail.signerPositionId).toBe(pos('kadis.kominfo'));
    expect(detail.steps.filter((s) => s.kind === 'sign').map((s) => s.order)).toEqual([2, 2, 3]);

    const single = await create(draftBody('Satu penandatangan', { signerPositionId: pos('sekda') }));
    const singleId = ((await single.json()) as { id: number }).id;
    expect((await steps(singleId)).filter((s) => s.kind === 'sign')).toEqual([{ kind: 'sign', step_order: 2, parallel_group: null, position_id: pos('sekda') }]);

    const token = await t.login('staf.kominfo');
    const edited = await t.request('PUT', `/documents/${id}`, { token, body: { signerGroups: [[pos('sekda')], [pos('kadis.kominfo'), pos('kadis.bappeda')]] } });
    expect(edited.status).toBe(200);
    expect((await steps(id)).filter((s) => s.kind === 'sign').map((s) => [s.step_order, s.position_id])).toEqual(
      [[2, pos('sekda')], [3, pos('kadis.kominfo')], [3, pos('kadis.bappeda')]]);
    // Back to one signer through the old field.
    expect((await t.request('PUT', `/documents/${id}`, { token, body: { signerPositionId: pos('kadis.kominfo') } })).status).toBe(200);
    expect((await steps(id)).filter((s) => s.kind === 'sign').map((s) => s.position_id)).toEqual([pos('kadis.kominfo')]);
    expect(await problem(await t.request('PUT', `/documents/${id}`, { token, body: { signerGroups: [[pos('sekda'), pos('sekda')]] } })))
      .toMatchObject({ status: 422, field: 'signerGroups.0.1' });
  });

  test('the preview prints a signature block for every signer of every group', async () => {
    const body = { ...draftBody('Kesepakatan bersama (pratinjau)', { signerGroups: groups() }), content: { body: [{ kind: 'paragraph', text: 'Para pihak sepakat.' }] } };
    const res = await t.request('POST', '/documents/preview', { token: await t.login('staf.kominfo'), body, headers: { accept: 'application/pdf' } });
    expect(res.status).toBe(200);
    const file = path.join(keystore, 'preview.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const names = await orm.em.fork().execute<{ name: string }[]>('select name from person where position_id = any(?::int[]) order by id', [`{${groups().flat().join(',')}}`]);
    expect(names).toHaveLength(3);
    for (const { name } of names) expect(text).toContain(name);
  });

  test('out of order 409; the parallel pair in either order; then the last; the final PDF carries three valid signatures', async () => {
    const id = await toSigning('Kesepakatan bersama pertukaran data perencanaan');
    let state = await routing(id);
    expect(waitingSigners(state)).toEqual([await personAt('kadis.kominfo'), await personAt('kadis.bappeda')].sort());

    // The Sekda's group comes second.
    expect(await problem(await sign(id, 'sekda'))).toMatchObject({ status: 409, code: 'SIGNER_OUT_OF_TURN' });
    // Both heads have it in Perlu Tanda Tangan, the Sekda not yet.
    const inbox = async (user: string) => ((await (await t.request('GET', '/inbox?queue=to-sign', { token: await t.login(user) })).json()) as { items: { id: number }[] }).items.some((i) => i.id === id);
    expect([await inbox('kadis.kominfo'), await inbox('kadis.bappeda'), await inbox('sekda')]).toEqual([true, true, false]);

    // The second member of the group signs first.
    expect((await sign(id, 'kadis.bappeda')).status).toBe(200);
    state = await routing(id, (s) => waitingSigners(s).length === 1);
    expect(waitingSigners(state)).toEqual([await personAt('kadis.kominfo')]);
    expect(await problem(await sign(id, 'sekda'))).toMatchObject({ status: 409, code: 'SIGNER_OUT_OF_TURN' });
    expect(await problem(await sign(id, 'kadis.bappeda'))).toMatchObject({ status: 409, code: 'SIGNER_OUT_OF_TURN' });
    expect((await sign(id, 'kadis.kominfo')).status).toBe(200);
    const sekda = await personAt('sekda');
    state = await routing(id, (s) => waitingSigners(s).includes(sekda));
    expect(waitingSigners(state)).toEqual([await personAt('sekda')]);
    expect((await sign(id, 'sekda')).status).toBe(200);
    expect((await routing(id, (s) => s.status === 'archived')).status).toBe('archived');

    const em = orm.em.fork();
    const signedSteps = await em.execute<{ position_id: number; state: string }[]>(`select position_id, state from routing_step where document_id = ? and kind = 'sign' order by acted_at`, [id]);
    expect(signedSteps).toEqual([
      { position_id: pos('kadis.bappeda'), state: 'done' }, { position_id: pos('kadis.kominfo'), state: 'done' }, { position_id: pos('sekda'), state: 'done' }]);
    const [latest] = await em.execute<{ no: number }[]>('select no from document_version where document_id = ? order by no desc limit 1', [id]);
    const pdf = await t.request('GET', `/documents/${id}/versions/${latest!.no}/pdf`, { token: await t.login('sekda') });
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    const report = await verifyPdf(bytes, { trustAnchors: [readFileSync(path.join(pkiDir, 'root-ca.pem'))], checkRevocation: false });
    expect(report.verdict).toBe('VALID');
    expect(report.signatures).toHaveLength(3);
    expect(report.signatures.every((s) => s.intact && s.cmsValid && s.trusted)).toBe(true);
    expect(report.signatures.map((s) => s.signer?.name)).toEqual(['kadis.bappeda', 'kadis.kominfo', 'sekda']);
    // Three stamps side by side and above, none covering another.
    const stamps = (await PDFDocument.load(bytes)).getForm().getFields().map((f) => f.acroField.getWidgets()[0]!.getRectangle());
    expect(stamps).toHaveLength(3);
    for (const [i, a] of stamps.entries()) {
      for (const b of stamps.slice(i + 1)) expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).toBe(false);
    }
    expect((await verifyAuditChain(em)).ok).toBe(true);
    expect(t.logs.join('\n')).not.toContain(passphrase);
  });

  test('the pair in the other order reaches the second group the same way', async () => {
    const id = await toSigning('Kesepakatan bersama urutan sebaliknya');
    expect((await sign(id, 'kadis.kominfo')).status).toBe(200);
    await routing(id, (s) => waitingSigners(s).length === 1);
    expect((await sign(id, 'kadis.bappeda')).status).toBe(200);
    const sekda = await personAt('sekda');
    const state = await routing(id, (s) => waitingSigners(s).includes(sekda));
    expect(waitingSigners(state)).toEqual([sekda]);
  });
});
