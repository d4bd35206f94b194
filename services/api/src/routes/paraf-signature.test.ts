// A reviewer's own electronic paraf (issue 19, item 4), end to end on the test
// stack: the real API, a worker with the real activities, PostgreSQL, MinIO and
// the Temporal dev server. A nota dinas rendered from its fields goes to
// kabid.aptika (no certificate: the paraf is printed only) and then
// sekdis.kominfo (a key from the internal CA): her paraf version is signed with
// her key. Checked with poppler's pdfsig, pyHanko and Naskah's verifier; the
// printed boxes with pdftotext; the passphrase in the workflow history (every
// payload decoded), the API's logs and every row of the database.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordDocumentVersion, type DocumentRenderInput, type DomainOrm } from '@naskah/domain';
import { verifyPdf } from '@naskah/signing';
import { makeNssDb, pdfsig, pyhankoValidate } from '@naskah/signing/testing';
import type { TestApi } from '@naskah/api/testing';
import { historyText, problem, rowsHolding, useRoutingHarness } from '@naskah/api/testing';

const passphrase = 'paraf-Sekdis-rahasia-91QX';
const wrongPassphrase = 'salah-ketik-Sekdis-58KW';
const h = useRoutingHarness({ name: 'paraf-sig', signers: ['sekdis.kominfo', 'kadis.kominfo'], passphrase });
const { pos } = h;
let t: TestApi;
let orm: DomainOrm;
beforeAll(() => { ({ t, orm } = h); });

const names = { kabid: 'Budi Santoso Wijaya, S.T., M.Kom.', sekdis: 'Nurul Hidayati, S.Kom., M.M.' };

async function renderedDraft(hal: string): Promise<number> {
  const drafter = await t.login('staf.kominfo');
  const res = await t.request('POST', '/documents', { token: drafter, body: {
    type: 'nota_dinas', hal, archiveCode: '000.1.2.3', sifat: 'segera',
    kepada: [{ positionId: pos('kadis.bappeda'), name: 'Kepala Bappeda' }], tembusan: [],
    content: { body: [{ kind: 'paragraph', text: `Isi nota dinas tentang ${hal}.` }] },
    reviewerPositionIds: [pos('kabid.aptika'), pos('sekdis.kominfo')], signerPositionId: pos('kadis.kominfo'),
  } });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: number };
  expect((await t.request('POST', `/documents/${id}/render`, { token: drafter })).status).toBe(201);
  return id;
}

type VersionRow = { no: number; reason: string; author_id: number; sha256: string };
const versions = async (id: number) => orm.em.fork().execute<VersionRow[]>('select no, reason, author_id, sha256 from document_version where document_id = ? order by no', [id]);
const steps = async (id: number) => orm.em.fork().execute<{ state: string; acted_by_id: number | null }[]>(
  `select state, acted_by_id from routing_step where document_id = ? and kind = 'paraf' order by step_order`, [id]);

async function versionPdf(id: number, no: number): Promise<Buffer> {
  const res = await t.request('GET', `/documents/${id}/versions/${no}/pdf`, { token: await t.login('staf.kominfo') });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('a reviewer\'s own electronic paraf', () => {
  test('a reviewer without a certificate: a passphrase is refused (422, nothing recorded) and the paraf is printed only', async () => {
    const id = await renderedDraft('Paraf tanpa sertifikat');
    expect((await t.request('POST', `/documents/${id}/submit`, { token: await t.login('staf.kominfo') })).status).toBe(200);
    await h.routing(id);
    const kabid = await t.login('kabid.aptika');
    const refused = await problem(await t.request('POST', `/documents/${id}/paraf`, { token: kabid, body: { passphrase } }));
    expect(refused).toMatchObject({ status: 422, code: 'CERTIFICATE_MISSING' });
    expect((await versions(id)).map((v) => v.reason)).toEqual(['rendered']);
    expect((await steps(id)).map((s) => s.state)).toEqual(['pending', 'waiting']);
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: kabid, body: {} })).status).toBe(200);
    expect((await versions(id)).map((v) => v.reason)).toEqual(['rendered', 'paraf']);
  });

  test('with a certificate: a wrong passphrase is 422 on passphrase with nothing recorded; the right one signs the paraf version with her key, which pdfsig, pyHanko and Naskah accept; the passphrase is kept nowhere', async () => {
    const id = await renderedDraft('Paraf elektronik Sekretaris Dinas');
    expect((await t.request('POST', `/documents/${id}/submit`, { token: await t.login('staf.kominfo') })).status).toBe(200);
    await h.routing(id);
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('kabid.aptika'), body: {} })).status).toBe(200);
    const sekdisId = await h.personAt('sekdis.kominfo');
    await h.routing(id, (s) => s.waiting.some((w) => w.kind === 'paraf' && w.actors.some((a) => a.personId === sekdisId)));
    const rowsBefore = await rowsHolding(orm.em.fork(), passphrase);
    const sekdis = await t.login('sekdis.kominfo');

    // Wrong passphrase: the field is named, in the sign dialog's words; no version, no paraf step, the workflow still waits for her.
    const before = await versions(id);
    const wrong = await problem(await t.request('POST', `/documents/${id}/paraf`, { token: sekdis, body: { passphrase: wrongPassphrase, note: 'setuju' } }));
    expect(wrong).toMatchObject({ status: 422, code: 'PASSPHRASE_INVALID', field: 'passphrase' });
    expect(JSON.stringify(wrong)).not.toContain(wrongPassphrase);
    expect(await versions(id)).toEqual(before);
    expect((await steps(id)).map((s) => s.state)).toEqual(['done', 'pending']);
    const waiting = await h.routing(id);
    expect(waiting.version).toBe(before.at(-1)!.no);
    expect(waiting.waiting).toEqual([expect.objectContaining({ kind: 'paraf', actors: [expect.objectContaining({ personId: sekdisId })] })]);

    // The right one: her paraf version, signed by her, reported to the workflow as the paraf.
    const ok = await t.request('POST', `/documents/${id}/paraf`, { token: sekdis, body: { passphrase, note: 'setuju' } });
    expect(ok.status).toBe(200);
    // Hers is the third version; numbering (the next step of the workflow) may already have added the fourth.
    const after = await versions(id);
    expect(after.map((v) => v.reason).slice(0, 3)).toEqual(['rendered', 'paraf', 'paraf_signed']);
    const parafVersion = after[2]!;
    expect(parafVersion.author_id).toBe(Number(sekdisId));
    expect((await steps(id)).map((s) => s.state)).toEqual(['done', 'done']);
    // The document page's version history names whose electronic paraf the version carries.
    const detail = (await (await t.request('GET', `/documents/${id}`, { token: sekdis })).json()) as { versions: { no: number; reason: string; authorName: string }[] };
    expect(detail.versions.find((v) => v.no === parafVersion.no)).toMatchObject({ reason: 'paraf_signed', authorName: names.sekdis });

    const pdf = await versionPdf(id, parafVersion.no);
    const file = path.join(h.dataDir, `paraf-${id}.pdf`);
    writeFileSync(file, pdf);
    // Both printed boxes are in the signed version: kabid's (printed) and hers.
    const text = pdfText(file);
    expect(text).toContain(names.kabid);
    expect(text).toContain(names.sekdis);
    expect(text.match(/\b\d{2}:\d{2} WITA\b/g)).toHaveLength(2);

    // Naskah's verifier: one approval signature by her certificate (her NIK), intact and trusted, over the whole file.
    const rootPem = path.join(h.pkiDir, 'root-ca.pem');
    const report = await verifyPdf(pdf, { trustAnchors: [readFileSync(rootPem)], checkRevocation: true });
    expect(report.verdict).toBe('VALID');
    expect(report.signatures).toHaveLength(1);
    const [sig] = report.signatures;
    expect(sig).toMatchObject({ kind: 'approval', field: expect.stringMatching(/^Paraf/), subFilter: 'ETSI.CAdES.detached', intact: true, cmsValid: true, trusted: true, docMdp: null });
    expect(sig!.signer?.nik).toBe((await h.person('sekdis.kominfo')).nik);
    // B-LT (the internal CA's TSA and OCSP): the DSS follows in a later revision, which only validation data may change.
    expect(sig!.level).toBe('B-LT');
    expect(sig!.modificationsAfter).toBe('allowed');
    // poppler's pdfsig: valid and trusted (its "total document" is false for any B-LT signature: the DSS revision follows).
    const nss = await makeNssDb(path.join(h.dataDir, `nss-paraf-${id}`), rootPem, [path.join(h.pkiDir, 'issuing-ca.pem')],
      [path.join(h.pkiDir, 'issuing-ca.crl'), path.join(h.pkiDir, 'root-ca.crl')]);
    const sigs = await pdfsig(file, nss);
    expect(sigs.map((s) => ({ field: s.field, valid: s.valid, trusted: s.trusted }))).toEqual([{ field: expect.stringMatching(/^Paraf/), valid: true, trusted: true }]);
    // pyHanko: VALID, covering its revision with only DSS changes after it.
    const hanko = await pyhankoValidate(file, rootPem);
    expect(hanko.fields.map((f) => ({ field: f.field, verdict: f.verdict, coverage: f.coverage }))).toEqual([{ field: expect.stringMatching(/^Paraf/), verdict: 'VALID', coverage: 'ENTIRE_REVISION' }]);

    // The process goes on: numbered (the letter rendered again, both boxes printed; the paraf signature stays with its version), then signed.
    const signing = await h.routing(id, (s) => s.status === 'signing' && s.waiting.length > 0);
    const numbered = (await versions(id)).at(-1)!;
    expect(numbered).toMatchObject({ no: signing.version, reason: 'numbered' });
    const numberedFile = path.join(h.dataDir, `numbered-${id}.pdf`);
    writeFileSync(numberedFile, await versionPdf(id, numbered.no));
    const numberedText = pdfText(numberedFile);
    expect(numberedText).toContain(names.kabid);
    expect(numberedText).toContain(names.sekdis);
    expect((await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } })).status).toBe(200);
    await h.routing(id, (s) => s.status === 'archived');

    // Neither passphrase reached the workflow history (every payload decoded), a log line, or any row of the database.
    const history = await t.api.deps.temporal.workflow.getHandle(`doc-${id}`).fetchHistory();
    const recorded = historyText(history).join('\n');
    // The decoding works: the paraf's report (its version's sha256) is there.
    expect(recorded).toContain(parafVersion.sha256);
    for (const secret of [passphrase, wrongPassphrase]) {
      expect(recorded).not.toContain(secret);
      expect(t.logs.join('\n')).not.toContain(secret);
    }
    expect(await rowsHolding(orm.em.fork(), passphrase)).toEqual(rowsBefore);
    expect(await rowsHolding(orm.em.fork(), wrongPassphrase)).toEqual({});
  }, 120_000);

  test('out of turn with a passphrase: 409 before the key is opened, nothing recorded', async () => {
    const id = await renderedDraft('Paraf elektronik di luar giliran');
    expect((await t.request('POST', `/documents/${id}/submit`, { token: await t.login('staf.kominfo') })).status).toBe(200);
    await h.routing(id);
    const early = await problem(await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('sekdis.kominfo'), body: { passphrase } }));
    expect(early).toMatchObject({ status: 409, code: 'ACTION_OUT_OF_TURN' });
    expect((await versions(id)).map((v) => v.reason)).toEqual(['rendered']);
    expect((await steps(id)).map((s) => s.state)).toEqual(['pending', 'waiting']);
  });

  test('her paraf version stored by a process that died before reporting it is reported by her next click, once: nothing signed twice', async () => {
    const id = await renderedDraft('Paraf elektronik yang tak sempat dilaporkan');
    expect((await t.request('POST', `/documents/${id}/submit`, { token: await t.login('staf.kominfo') })).status).toBe(200);
    await h.routing(id);
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('kabid.aptika'), body: {} })).status).toBe(200);
    const sekdisId = await h.personAt('sekdis.kominfo');
    const waiting = await h.routing(id, (s) => s.waiting.some((w) => w.kind === 'paraf' && w.actors.some((a) => a.personId === sekdisId)));
    // What the dead process left: her paraf version stored on top of the routed one, never reported to the workflow.
    const [printed] = await orm.em.fork().execute<{ object_key: string; sha256: string; size: string; render_input: DocumentRenderInput; agency_id: number }[]>(
      'select v.object_key, v.sha256, v.size, v.render_input, d.agency_id from document_version v join document d on d.id = v.document_id where v.document_id = ? and v.no = ?', [id, waiting.version]);
    const stored = await orm.em.fork().transactional((tx) => recordDocumentVersion(tx, {
      documentId: id, agencyId: printed!.agency_id, objectKey: printed!.object_key, sha256: printed!.sha256, size: Number(printed!.size), reason: 'paraf_signed',
      authorId: Number(sekdisId), actor: { id: Number(sekdisId), name: 'sekdis' }, renderInput: printed!.render_input,
    }));
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('sekdis.kominfo'), body: { passphrase } })).status).toBe(200);
    const state = await h.routing(id, (s) => s.status === 'signing' && s.waiting.length > 0);
    const all = await versions(id);
    expect(all.filter((v) => v.reason === 'paraf_signed').map((v) => v.no)).toEqual([stored.no]);
    expect(all.map((v) => v.reason)).toEqual(['rendered', 'paraf', 'paraf_signed', 'numbered']);
    expect(state.version).toBe(all.at(-1)!.no);
    expect((await steps(id)).map((s) => s.state)).toEqual(['done', 'done']);
  });
});
