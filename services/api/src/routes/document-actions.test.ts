// End to end on the test stack: the real API, a worker with the real
// PostgreSQL/MinIO activities, the Temporal dev server on 7234.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { Client as MinioClient } from 'minio';
import { recordSignedVersion, verifyAuditChain, type DomainOrm } from '@naskah/domain';
import { testConfig } from '@naskah/infra/testing';
import { createActivities } from '@naskah/workflows/activities';
import { postgresPorts } from '@naskah/workflows/postgres-ports';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyPdf } from '@naskah/signing';
import type { TestApi } from '@naskah/api/testing';
import { historyText, problem, samplePdf, useRoutingHarness } from '@naskah/api/testing';
import { SigningLockout } from '../use-cases/sign-document.js';

const passphrase = 'kata-sandi-yang-benar';
// Keys from the internal CA beside the keystore: the API signs B-LT with its TSA and OCSP.
const h = useRoutingHarness({ name: 'doc-actions', signers: ['kadis.kominfo', 'sekda'], passphrase });
const { pos, personAt, routing, dataDir } = h;
let t: TestApi;
let orm: DomainOrm;
beforeAll(() => { ({ t, orm } = h); });

const reviewers = ['kabid.aptika', 'sekdis.kominfo'];
const draft = (hal: string, signer = 'kadis.kominfo') =>
  h.draft(hal, { reviewers, signer }, { tembusan: [{ positionId: pos('sekda'), name: 'Sekretaris Daerah' }] });

async function toSigning(hal: string, signer = 'kadis.kominfo'): Promise<number> {
  const id = await draft(hal, signer);
  await h.toSigning(id, reviewers);
  return id;
}

async function finished(id: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const state = await routing(id);
    if (state.status === 'archived') return state.status;
    await new Promise((r) => setTimeout(r, 100));
  }
  return (await routing(id)).status;
}

describe('document routing actions through the API', () => {
  test('an action sent while the workflow is between steps waits for its step instead of answering 409', async () => {
    const id = await draft('Klik secepat kilat');
    // No polling in between: each action goes out the moment the previous one returned,
    // before the workflow has resolved who acts next.
    expect((await t.request('POST', `/documents/${id}/submit`, { token: await t.login('staf.kominfo') })).status).toBe(200);
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('kabid.aptika'), body: {} })).status).toBe(200);
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('sekdis.kominfo'), body: {} })).status).toBe(200);
    expect((await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } })).status).toBe(200);
    // Still refused at once when somebody else's step is the one waiting.
    const id2 = await draft('Bukan giliran');
    expect((await t.request('POST', `/documents/${id2}/submit`, { token: await t.login('staf.kominfo') })).status).toBe(200);
    await routing(id2);
    expect(await problem(await t.request('POST', `/documents/${id2}/paraf`, { token: await t.login('sekdis.kominfo'), body: {} }))).toMatchObject({ status: 409, code: 'ACTION_OUT_OF_TURN' });
  });

  test('paraf chain in order, return and resubmission, then numbering before the signature', async () => {
    const id = await draft('Permohonan akses jaringan');
    const drafter = await t.login('staf.kominfo');
    const submitted = await t.request('POST', `/documents/${id}/submit`, { token: drafter });
    expect(submitted.status).toBe(200);
    let state = await routing(id);
    expect(state.status).toBe('in_review');

    // Out of turn: the second reviewer before the first → 409 naming the waiting step; nothing changes.
    const sekdis = await t.login('sekdis.kominfo');
    const early = await problem(await t.request('POST', `/documents/${id}/paraf`, { token: sekdis, body: {} }));
    expect(early).toMatchObject({ status: 409, code: 'ACTION_OUT_OF_TURN' });
    expect(early.detail).toContain(`paraf by ${await personAt('kabid.aptika')}`);
    const steps = async () => orm.em.fork().execute<{ state: string }[]>('select state from routing_step where document_id = ? order by step_order', [id]);
    // Only the first reviewer's step is pending (Perlu Paraf); the rest wait their turn.
    expect((await steps()).map((s) => s.state)).toEqual(['pending', 'waiting', 'waiting']);

    const kabid = await t.login('kabid.aptika');
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: kabid, body: { note: 'setuju' } })).status).toBe(200);
    expect((await steps())[0]!.state).toBe('done');
    await routing(id);
    expect((await problem(await t.request('POST', `/documents/${id}/return`, { token: sekdis, body: { note: ' ' } }))).status).toBe(400);
    expect((await t.request('POST', `/documents/${id}/return`, { token: sekdis, body: { note: 'lengkapi dasar hukum' } })).status).toBe(200);
    state = await routing(id);
    expect(state.status).toBe('returned');

    // The drafter uploads a new version and submits again: the chain restarts at the first reviewer.
    await t.request('POST', `/documents/${id}/versions`, { token: drafter, raw: await samplePdf(), headers: { 'content-type': 'application/pdf' } });
    expect((await t.request('POST', `/documents/${id}/submit`, { token: drafter })).status).toBe(200);
    state = await routing(id);
    expect(state.status).toBe('in_review');
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: kabid, body: {} })).status).toBe(200);
    await routing(id);
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: sekdis, body: {} })).status).toBe(200);
    state = await routing(id);
    expect(state.status).toBe('signing');
    expect(state.number).toMatch(/^000\.1\.2\.3\/\d{4}\/Diskominfosp\/\d{4}$/);
    expect(state.waiting[0]!.actors[0]!.personId).toBe(await personAt('kadis.kominfo'));

    const [doc] = await orm.em.fork().execute<{ status: string; number: string }[]>('select status, number from document where id = ?', [id]);
    expect(doc).toMatchObject({ status: 'signing', number: state.number });
    const audit = await verifyAuditChain(orm.em.fork());
    expect(audit).toMatchObject({ ok: true });
  });

  test('inbox queues follow the routing: Perlu Paraf, Dikembalikan, Perlu Paraf for a Plh, Perlu Tanda Tangan', async () => {
    const inbox = async (username: string, queue: string) => {
      const res = await t.request('GET', `/inbox?queue=${queue}`, { token: await t.login(username) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { counts: Record<string, number>; items: { documentId: number | null; stepId: number | null }[] };
      return { count: body.counts[queue]!, has: body.items.some((i) => i.documentId === id) };
    };
    const id = await draft('Antrian kotak masuk');
    const drafter = await t.login('staf.kominfo');
    const before = await inbox('kabid.aptika', 'to-paraf');
    expect(before.has).toBe(false);
    expect((await t.request('POST', `/documents/${id}/submit`, { token: drafter })).status).toBe(200);
    await routing(id);
    expect(await inbox('kabid.aptika', 'to-paraf')).toEqual({ count: before.count + 1, has: true });
    expect((await inbox('sekdis.kominfo', 'to-paraf')).has).toBe(false);

    expect((await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('kabid.aptika'), body: {} })).status).toBe(200);
    await routing(id);
    expect((await inbox('kabid.aptika', 'to-paraf')).has).toBe(false);
    expect((await inbox('sekdis.kominfo', 'to-paraf')).has).toBe(true);

    // A return empties Perlu Paraf and puts the document in the drafter's Dikembalikan queue.
    expect((await t.request('POST', `/documents/${id}/return`, { token: await t.login('sekdis.kominfo'), body: { note: 'perbaiki lampiran' } })).status).toBe(200);
    expect((await routing(id)).status).toBe('returned');
    expect((await inbox('sekdis.kominfo', 'to-paraf')).has).toBe(false);
    expect((await inbox('staf.kominfo', 'returned')).has).toBe(true);
    const [returned] = await orm.em.fork().execute<{ status: string }[]>('select status from document where id = ?', [id]);
    expect(returned!.status).toBe('returned');

    // Saving the returned draft's form keeps its route (no second set of step rows); changing the route is refused.
    const route = { reviewerPositionIds: [pos('kabid.aptika'), pos('sekdis.kominfo')], signerPositionId: pos('kadis.kominfo') };
    expect((await t.request('PUT', `/documents/${id}`, { token: drafter, body: { hal: 'Antrian kotak masuk', ...route } })).status).toBe(200);
    const changed = await problem(await t.request('PUT', `/documents/${id}`, { token: drafter, body: { reviewerPositionIds: [pos('sekdis.kominfo')] } }));
    expect(changed).toMatchObject({ status: 409, field: 'reviewerPositionIds' });
    const rows = await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from routing_step where document_id = ?', [id]);
    expect(rows[0]!.n).toBe('3');

    // Resubmission of the revised version restarts the chain at the first reviewer.
    await t.request('POST', `/documents/${id}/versions`, { token: drafter, raw: await samplePdf(), headers: { 'content-type': 'application/pdf' } });
    expect((await t.request('POST', `/documents/${id}/submit`, { token: drafter })).status).toBe(200);
    expect((await routing(id)).status).toBe('in_review');
    expect((await inbox('staf.kominfo', 'returned')).has).toBe(false);
    expect((await inbox('kabid.aptika', 'to-paraf')).has).toBe(true);

    // Sekretaris is away: tu.kominfo is Plh for the rest of the paraf, and sees it in Perlu Paraf.
    const em = orm.em.fork();
    const [plh] = await em.execute<{ id: number }[]>(
      `insert into delegation (position_id, delegate_id, kind, valid_from, valid_to, reason, created_at)
       values (?, ?, 'plh', now() - interval '1 hour', now() + interval '1 hour', 'dinas luar', now()) returning id`,
      [pos('sekdis.kominfo'), Number(await personAt('tu.kominfo'))]);
    try {
      expect((await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('kabid.aptika'), body: {} })).status).toBe(200);
      await routing(id);
      expect((await inbox('tu.kominfo', 'to-paraf')).has).toBe(true);
      expect((await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('tu.kominfo'), body: {} })).status).toBe(200);
    } finally {
      await em.execute('update delegation set valid_to = now() where id = ?', [plh!.id]);
    }
    expect((await routing(id)).status).toBe('signing');
    expect((await inbox('tu.kominfo', 'to-paraf')).has).toBe(false);
    expect((await inbox('kadis.kominfo', 'to-sign')).has).toBe(true);
    const states = await em.execute<{ kind: string; state: string }[]>('select kind, state from routing_step where document_id = ? order by step_order', [id]);
    expect(states).toEqual([{ kind: 'paraf', state: 'done' }, { kind: 'paraf', state: 'done' }, { kind: 'sign', state: 'pending' }]);
  });

  test('a withdrawn document takes no more actions and nothing changes; submitted again it routes afresh', async () => {
    const id = await draft('Undangan rapat yang batal');
    const drafter = await t.login('staf.kominfo');
    expect((await t.request('POST', `/documents/${id}/submit`, { token: drafter })).status).toBe(200);
    await routing(id);
    expect((await problem(await t.request('POST', `/documents/${id}/withdraw`, { token: await t.login('kabid.aptika'), body: {} }))).status).toBe(403);
    expect((await t.request('POST', `/documents/${id}/withdraw`, { token: drafter, body: { reason: 'rapat batal' } })).status).toBe(200);
    const after = await problem(await t.request('POST', `/documents/${id}/paraf`, { token: await t.login('kabid.aptika'), body: {} }));
    expect(after.status).toBe(409);
    const [doc] = await orm.em.fork().execute<{ status: string; number: string | null }[]>('select status, number from document where id = ?', [id]);
    expect(doc).toMatchObject({ status: 'draft', number: null });
    const steps = await orm.em.fork().execute<{ state: string }[]>('select state from routing_step where document_id = ?', [id]);
    expect(steps.every((s) => s.state === 'waiting')).toBe(true);

    // Submitted again (same workflow id, a new run): its steps are recorded afresh, not taken as done by the first submission.
    expect((await t.request('POST', `/documents/${id}/submit`, { token: drafter })).status).toBe(200);
    await routing(id);
    const kabid = await t.login('kabid.aptika');
    const queue = (await (await t.request('GET', '/inbox?queue=to-paraf', { token: kabid })).json()) as { items: { documentId: number }[] };
    expect(queue.items.map((i) => i.documentId)).toContain(id);
    expect((await t.request('POST', `/documents/${id}/paraf`, { token: kabid, body: {} })).status).toBe(200);
    const [paraf] = await orm.em.fork().execute<{ n: string }[]>(
      `select count(*) as n from audit_event where subject_type = 'document' and subject_id = ? and action = 'document.paraf'`, [String(id)]);
    expect(paraf!.n).toBe('1');
    const [submits] = await orm.em.fork().execute<{ n: string }[]>(
      `select count(*) as n from audit_event where subject_type = 'document' and subject_id = ? and action = 'document.submit'`, [String(id)]);
    expect(Number(submits!.n)).toBe(2);
  });

  test('distribution and archive activities run twice do everything once', async () => {
    const id = await draft('Distribusi sekali saja');
    const config = testConfig({ DATABASE_URL: t.db.url });
    const minio = new MinioClient({ endPoint: config.minio.endPoint, port: config.minio.port, useSSL: config.minio.useSSL, accessKey: config.minio.accessKey, secretKey: config.minio.secretKey });
    const activities = createActivities(postgresPorts({ orm, minio, buckets: config.minio.buckets }));
    const key = { workflowId: `doc-${id}`, documentId: String(id) };
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(await activities.distribute({ ...key, stepKey: 'distribute' })).toEqual({ recipients: 2 });
      await activities.archiveDocument({ ...key, stepKey: 'archive' });
      await activities.notify([{ key: `doc-${id}:x:reminder-0:1`, personId: await personAt('staf.kominfo'), kind: 'reminder', subject: 'Pengingat', ref: `document:${id}` }]);
    }
    const em = orm.em.fork();
    const [counts] = await em.execute<{ notifications: string; archives: string; delivered: string; mail: string }[]>(
      `select (select count(*) from notification where subject_type = 'document' and subject_id = ?) as notifications,
              (select count(*) from archive_record where document_id = ?) as archives,
              (select count(*) from document_recipient where document_id = ? and delivered_at is not null) as delivered,
              (select count(*) from outbox where topic = 'mail.notification' and key like ?) as mail`,
      [id, id, id, `mail:doc-${id}%`]);
    expect(counts).toEqual({ notifications: '3', archives: '1', delivered: '2', mail: '3' });
    const letters = await em.execute<{ n: string }[]>(`select count(*) as n from incoming_letter where hal = 'Distribusi sekali saja'`);
    expect(letters[0]!.n).toBe('1');
  });

  test('signing: out of turn 409, wrong passphrase 422 with nothing changed, then signed, distributed and archived once', async () => {
    const id = await toSigning('Nota dinas untuk ditandatangani');
    const versions = async () => Number((await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from document_version where document_id = ?', [id]))[0]!.n);
    const before = await versions();
    const kadis = await t.login('kadis.kominfo');

    // A reviewer with a certificate sees the document but it is not her turn: 409. The Sekda is only a tembusan, not yet
    // delivered: for her the document does not exist, and the answer names neither its state nor who it waits for.
    const wrongSigner = await problem(await t.request('POST', `/documents/${id}/sign`, { token: await t.login('sekdis.kominfo'), body: { passphrase } }));
    expect(wrongSigner).toMatchObject({ status: 409, code: 'SIGNER_OUT_OF_TURN' });
    const notParty = await t.request('POST', `/documents/${id}/sign`, { token: await t.login('sekda'), body: { passphrase } });
    const hidden = await notParty.text();
    expect(notParty.status).toBe(404);
    expect(hidden).not.toMatch(/signing|waiting|Ridwan|Nota dinas untuk/);
    const wrong = await problem(await t.request('POST', `/documents/${id}/sign`, { token: kadis, body: { passphrase: 'salah' } }));
    expect(wrong).toMatchObject({ status: 422, code: 'PASSPHRASE_INVALID', field: 'passphrase' });
    expect(await versions()).toBe(before);
    expect((await routing(id)).status).toBe('signing');

    const signed = await t.request('POST', `/documents/${id}/sign`, { token: kadis, body: { passphrase } });
    expect(signed.status).toBe(200);
    expect(await finished(id)).toBe('archived');
    const em = orm.em.fork();
    const [doc] = await em.execute<{ status: string }[]>('select status from document where id = ?', [id]);
    expect(doc!.status).toBe('archived');
    expect(await versions()).toBe(before + 1);
    const [counts] = await em.execute<{ archives: string; delivered: string }[]>(
      `select (select count(*) from archive_record where document_id = ?) as archives,
              (select count(*) from document_recipient where document_id = ? and delivered_at is not null) as delivered`, [id, id]);
    expect(counts).toEqual({ archives: '1', delivered: '2' });

    // Addressed to Bappeda: a surat masuk there, in the TU's incoming queue, with the signed PDF as its scan; the head sees the document.
    const [letter] = await em.execute<{ id: number; agency_id: number; addressed_to_id: number; sender_number: string; scan_sha256: string; agenda_number: string }[]>(
      `select id, agency_id, addressed_to_id, sender_number, scan_sha256, agenda_number from incoming_letter where hal = 'Nota dinas untuk ditandatangani'`);
    const [final] = await em.execute<{ sha256: string; number: string }[]>(
      'select v.sha256, d.number from document_version v join document d on d.id = v.document_id where v.document_id = ? order by v.no desc limit 1', [id]);
    expect(letter).toMatchObject({ addressed_to_id: pos('kadis.bappeda'), sender_number: final!.number, scan_sha256: final!.sha256 });
    // Signed with the internal CA's key: time-stamped and with revocation evidence embedded (B-LT), VALID offline.
    const signedPdf = Buffer.from(await (await t.request('GET', `/documents/${id}/versions/${before + 1}/pdf`, { token: kadis })).arrayBuffer());
    const report = await verifyPdf(signedPdf, { trustAnchors: [readFileSync(path.join(dataDir, 'pki', 'root-ca.pem'))], checkRevocation: true });
    expect(report.signatures.map((sig) => sig.level)).toEqual(['B-LT']);
    expect(report.verdict).toBe('VALID');
    expect(letter!.agenda_number).toMatch(/^\d{4}\/SM\/\d{4}$/);
    const tu = await t.request('GET', '/inbox?queue=incoming', { token: await t.login('tu.bappeda') });
    const tuInbox = (await tu.json()) as { items: { kind: string; id: number }[] };
    expect(tuInbox.items).toContainEqual(expect.objectContaining({ kind: 'incoming_letter', id: letter!.id }));
    expect((await t.request('GET', `/incoming-letters/${letter!.id}`, { token: await t.login('tu.bappeda') })).status).toBe(200);
    expect((await t.request('GET', `/documents/${id}`, { token: await t.login('kadis.bappeda') })).status).toBe(200);
    // Tembusan to Setda is not a surat masuk there.
    const setda = await em.execute<{ n: string }[]>(
      `select count(*) as n from incoming_letter l join position p on p.agency_id = l.agency_id where p.id = ? and l.hal = 'Nota dinas untuk ditandatangani'`, [pos('sekda')]);
    expect(setda[0]!.n).toBe('0');
    // The passphrase never reached a log line or the workflow history, every payload decoded
    // (JSON of the history shows a payload's bytes as numbers, where a secret would not be found).
    expect(t.logs.join('\n')).not.toContain(passphrase);
    const history = await t.api.deps.temporal.workflow.getHandle(`doc-${id}`).fetchHistory();
    expect(history.events?.length).toBeGreaterThan(10);
    const recorded = historyText(history).join('\n');
    // The decoding works: the sign report carries the signed version's sha256.
    const [signedVersion] = await em.execute<{ sha256: string }[]>(`select sha256 from document_version where document_id = ? and reason = 'signed' order by no desc limit 1`, [id]);
    expect(recorded).toContain(signedVersion!.sha256);
    expect(recorded).not.toContain(passphrase);
  });

  test('numbering run again after the signature was stored (its workflow task replayed) answers the version it numbered, not the signature', async () => {
    const id = await toSigning('Nomor diulang setelah tanda tangan');
    const versionNow = async () => (await orm.em.fork().execute<{ no: number; reason: string }[]>(
      'select no, reason from document_version where document_id = ? order by no desc limit 1', [id]))[0]!;
    const toSign = await versionNow();
    expect((await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } })).status).toBe(200);
    expect(await versionNow()).toEqual({ no: toSign.no + 1, reason: 'signed' });
    const config = testConfig({ DATABASE_URL: t.db.url });
    const minio = new MinioClient({ endPoint: config.minio.endPoint, port: config.minio.port, useSSL: config.minio.useSSL, accessKey: config.minio.accessKey, secretKey: config.minio.secretKey });
    const activities = createActivities(postgresPorts({ orm, minio, buckets: config.minio.buckets }));
    // The local activity run again, as a worker that replays the numbering's workflow task does.
    const again = await activities.allocateNumber({ workflowId: `doc-${id}`, stepKey: 'number', documentId: String(id) });
    expect(again.version).toBe(toSign.no);
    expect(await finished(id)).toBe('archived');
  });

  test('a signature stored by an API process that died before reporting it is reported by the signer\'s next click, once', async () => {
    const id = await toSigning('Tanda tangan yang tak sempat dilaporkan');
    const em = orm.em.fork();
    const [current] = await em.execute<{ no: number; object_key: string; sha256: string; size: string }[]>(
      'select no, object_key, sha256, size from document_version where document_id = ? order by no desc limit 1', [id]);
    const kadisId = Number(await h.personAt('kadis.kominfo'));
    // Where signDocument was when its process was killed: the signed version stored, its report to the workflow never sent.
    await recordSignedVersion(em, {
      documentId: id, baseVersion: current!.no, objectKey: current!.object_key, sha256: current!.sha256, size: Number(current!.size), authorId: kadisId,
      verificationToken: 'T'.repeat(43), actor: { id: kadisId, name: 'Kepala Dinas' }, provider: 'internal',
    });
    expect((await routing(id)).status).toBe('signing');
    // The Kadis still finds it in Perlu Tanda Tangan and clicks again: nothing is signed twice, the stored one is reported.
    const again = await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } });
    expect(again.status).toBe(200);
    expect(await finished(id)).toBe('archived');
    const [counts] = await orm.em.fork().execute<{ signed: string; sign_steps: string }[]>(
      `select (select count(*) from document_version where document_id = ? and reason = 'signed') as signed,
              (select count(*) from audit_event where subject_type = 'document' and subject_id = ? and action = 'document.sign') as sign_steps`, [id, String(id)]);
    expect(counts).toEqual({ signed: '1', sign_steps: '1' });
  });

  test('five wrong passphrases in a row lock signing for that person', async () => {
    const sekda = await t.login('sekda');
    const id = await toSigning('Dokumen kunci', 'sekda');
    for (let i = 0; i < 5; i++) {
      expect((await problem(await t.request('POST', `/documents/${id}/sign`, { token: sekda, body: { passphrase: `salah-${i}` } }))).status).not.toBe(200);
    }
    const locked = await problem(await t.request('POST', `/documents/${id}/sign`, { token: sekda, body: { passphrase } }));
    expect(locked).toMatchObject({ status: 423, code: 'SIGNING_LOCKED' });
    // Kept on the user's row: another API process (or this one restarted) refuses too, and nothing was signed.
    const [user] = await orm.em.fork().execute<{ id: number; locked: boolean }[]>(
      `select id, signing_locked_until > now() + interval '14 minutes' as locked from app_user where username = 'sekda'`);
    expect(user!.locked).toBe(true);
    await expect(new SigningLockout(orm).assertOpen(user!.id)).rejects.toMatchObject({ code: 'SIGNING_LOCKED' });
    const [signedVersions] = await orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from document_version where document_id = ? and reason = 'signed'`, [id]);
    expect(signedVersions!.n).toBe('0');
  });

  test('bulk signing signs each waiting document on its own and reports per document', async () => {
    const a = await toSigning('Massal A');
    const b = await toSigning('Massal B');
    const notWaiting = await draft('Massal C belum diajukan');
    const res = await t.request('POST', '/documents/bulk-sign', { token: await t.login('kadis.kominfo'), body: { documentIds: [a, notWaiting, b], passphrase } });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { documentId: number; ok: boolean; code?: string }[] };
    expect(results.map((r) => [r.documentId, r.ok])).toEqual([[a, true], [notWaiting, false], [b, true]]);
    expect(results[1]!.code).toBe('DOCUMENT_CLOSED');
    expect(await finished(a)).toBe('archived');
    expect(await finished(b)).toBe('archived');
    // Each signature stored a random verification token with its version: the stamp's QR target.
    const [signedVersion] = await orm.em.fork().execute<{ verification_token: string }[]>(
      `select verification_token from document_version where document_id = ? and reason = 'signed'`, [a]);
    expect(signedVersion!.verification_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const verified = await t.request('GET', `/verify/${signedVersion!.verification_token}`);
    expect(verified.status).toBe(200);
    expect(await verified.json()).toMatchObject({ documentId: String(a), signatures: [expect.objectContaining({ status: 'VALID' })] });
    expect((await t.request('GET', `/verify/${a}`)).status).toBe(404);
    const tooMany = await problem(await t.request('POST', '/documents/bulk-sign', { token: await t.login('kadis.kominfo'), body: { documentIds: Array.from({ length: 51 }, (_, i) => i + 1), passphrase } }));
    expect(tooMany).toMatchObject({ status: 400, field: 'documentIds' });
  });

  test('a Plh whose delegation has ended is out of turn; nothing changes and the holder signs', async () => {
    const em = orm.em.fork();
    const sekdis = await personAt('sekdis.kominfo');
    const holder = await personAt('kadis.kominfo');
    // Plh Kepala Dinas for a few seconds only.
    await em.execute(
      `insert into delegation (position_id, delegate_id, kind, valid_from, valid_to, reason, created_at)
       values (?, ?, 'plh', now() - interval '1 hour', now() + interval '6 seconds', 'cuti', now())`,
      [pos('kadis.kominfo'), Number(sekdis)]);
    const id = await toSigning('Ditandatangani Plh');
    const during = await routing(id);
    expect(during.waiting[0]!.actors[0]).toMatchObject({ personId: sekdis, delegation: { kind: 'Plh', forPersonId: holder } });
    await new Promise((r) => setTimeout(r, 7000));
    let after = await routing(id);
    for (let i = 0; i < 50 && after.waiting[0]!.actors[0]!.personId !== holder; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await routing(id);
    }
    expect(after.waiting[0]!.actors[0]!.personId).toBe(holder);
    const versions = async () => Number((await orm.em.fork().execute<{ n: string }[]>('select count(*) as n from document_version where document_id = ?', [id]))[0]!.n);
    const before = await versions();
    const expired = await problem(await t.request('POST', `/documents/${id}/sign`, { token: await t.login('sekdis.kominfo'), body: { passphrase } }));
    expect(expired).toMatchObject({ status: 409, code: 'SIGNER_OUT_OF_TURN' });
    expect(await versions()).toBe(before);
    expect((await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } })).status).toBe(200);
    expect(await finished(id)).toBe('archived');
  });
});
