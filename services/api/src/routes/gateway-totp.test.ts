// Signing with a one-time code (TOTP) instead of the passphrase, through a
// certificate provider's gateway that speaks contract v2 (the stand-in, in
// process): the signer asks Naskah to have the provider send a code (202),
// a wrong code is a 422 naming `totp` with nothing stored, and the right code
// signs a version that verifies in Naskah and poppler's pdfsig. The code
// reaches no log, workflow history, database row or error message.
import { beforeAll, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DomainOrm } from '@naskah/domain';
import type { StandInGateway } from '@naskah/infra/gateway';
import { verifyPdf } from '@naskah/signing';
import { makeNssDb, pdfsig } from '@naskah/signing/testing';
import type { TestApi } from '@naskah/api/testing';
import { rowsHolding, useRoutingHarness } from '@naskah/api/testing';

const passphrase = 'passphrase-di-gateway-v2';
const h = useRoutingHarness({ name: 'gateway-totp', standInGateway: { apiVersion: 'v2' }, signers: ['kadis.bappeda'], passphrase: 'kata-sandi-internal' });
let t: TestApi;
let orm: DomainOrm;
let gateway: StandInGateway;
let nik: string;

beforeAll(async () => {
  ({ t, orm } = h);
  gateway = h.gateway.standIn;
  // kadis.kominfo's certificate is held by the provider: registered there under their NIK; no keystore file here.
  const person = await h.person('kadis.kominfo');
  nik = person.nik;
  const issued = await h.gateway.registry.register({ name: person.name, nik: person.nik, passphrase });
  await orm.em.fork().execute(`delete from certificate where person_id = ?`, [person.id]);
  await orm.em.fork().execute(
    `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref)
     values (?, ?, ?, 'BSrE Stand-in Issuing CA', 'active', now() - interval '1 day', now() + interval '1 year', 'gateway', null)`,
    [person.id, issued.serialHex, person.name]);
});

test('a v2 provider\'s one-time code: sent on request (202), a wrong code 422 on `totp`, the right one signs; verifies in Naskah and pdfsig; the code is kept nowhere', async () => {
  const id = await h.draft('Nota dinas dengan kode OTP', { reviewers: ['kabid.aptika'], signer: 'kadis.kominfo' });
  await h.toSigning(id, ['kabid.aptika']);
  const kadis = await t.login('kadis.kominfo');
  const versions = async () => orm.em.fork().execute<{ no: number }[]>('select no from document_version where document_id = ? order by no', [id]);
  const before = (await versions()).length;
  const sign = (body: object) => t.request('POST', `/documents/${id}/sign`, { token: kadis, body });

  // The console learns that this signer's provider sends codes.
  const method = await t.request('GET', '/signing/method', { token: kadis });
  expect(await method.json()).toEqual({ provider: 'BSrE (stand-in)', certified: true, totp: true });

  const asked = await t.request('POST', '/signing/totp', { token: kadis, body: { documents: 1 } });
  expect(asked.status).toBe(202);
  expect(await asked.json()).toEqual({ message: expect.stringMatching(/^Kode OTP sudah diminta dari BSrE \(stand-in\)/) });
  const code = gateway.totpSent[nik]!;
  expect(code).toMatch(/^\d{6}$/);
  // Six digits can occur by chance in the seeded rows (a timestamp's microseconds): those are counted before the code is used.
  const rowsBefore = await rowsHolding(orm.em.fork(), code);

  // Passphrase and code together, or neither: refused before anything is sent.
  expect((await sign({ passphrase, totp: code })).status).toBe(400);
  expect((await sign({})).status).toBe(400);

  const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const wrong = await sign({ totp: wrongCode });
  expect(wrong.status).toBe(422);
  const wrongBody = (await wrong.json()) as { code: string; field: string; detail: string };
  expect(wrongBody).toMatchObject({ code: 'TOTP_INVALID', field: 'totp' });
  expect(JSON.stringify(wrongBody)).not.toContain(wrongCode);
  expect((await versions()).length).toBe(before);

  const signed = await sign({ totp: code });
  expect(signed.status).toBe(200);
  const after = await versions();
  expect(after.length).toBe(before + 1);
  const pdf = await t.request('GET', `/documents/${id}/versions/${after.at(-1)!.no}/pdf`, { token: kadis });
  const signedBytes = Buffer.from(await pdf.arrayBuffer());
  const report = await verifyPdf(signedBytes, { trustAnchors: [readFileSync(h.gateway.registry.rootPemPath)], checkRevocation: false });
  expect(report.verdict).toBe('VALID');
  expect(report.signatures.map((s) => s.signer?.issuer)).toEqual([expect.stringMatching(/BSrE Stand-in/)]);
  const file = path.join(h.dataDir, `totp-signed-${id}.pdf`);
  writeFileSync(file, signedBytes);
  const gw = (f: string): string => path.join(h.gateway.registry.pki.dir, f);
  const nss = await makeNssDb(path.join(h.dataDir, `nss-totp-${id}`), h.gateway.registry.rootPemPath, [gw('issuing-ca.pem')], [gw('issuing-ca.crl'), gw('root-ca.crl')]);
  const sigs = await pdfsig(file, nss);
  expect(sigs.map((s) => ({ valid: s.valid, trusted: s.trusted }))).toEqual([{ valid: true, trusted: true }]);

  // It never reached a log line, the workflow history, or any row of the database.
  expect(t.logs.join('\n')).not.toContain(code);
  const history = await t.api.deps.temporal.workflow.getHandle(`doc-${id}`).fetchHistory();
  expect(JSON.stringify(history)).not.toContain(code);
  expect(await rowsHolding(orm.em.fork(), code)).toEqual(rowsBefore);
}, 120_000);

test('the verification report adds the provider\'s own verdict per signature, labelled as the provider\'s; provider down: "tidak tersedia", Naskah\'s verdict unchanged', async () => {
  const [signed] = await orm.em.fork().execute<{ document_id: number; verification_token: string }[]>(
    `select v.document_id, v.verification_token from document_version v where v.reason = 'signed' order by v.id desc limit 1`);
  expect(signed).toBeDefined();
  const kadis = await t.login('kadis.kominfo');
  await h.routing(signed!.document_id, (s) => s.status === 'archived');
  type Report = { verdict: string; signatures: unknown[]; provider: { name: string; available: boolean; label: { id: string; en: string }; conclusion: string | null; signatures: Record<string, unknown>[] } | null };
  const documentPage = async () => (await (await t.request('GET', `/documents/${signed!.document_id}/verification`, { token: kadis })).json()) as Report;
  const publicPage = async () => (await (await t.request('GET', `/verify/${signed!.verification_token}`)).json()) as Report;

  // Naskah's own verdict (the stand-in's root is not among this API's certified roots, so not VALID here): the provider's never changes it.
  const own = (await documentPage()).verdict;
  for (const report of [await documentPage(), await publicPage()]) {
    expect(report.verdict).toBe(own);
    expect(report.provider).toEqual({
      name: 'BSrE (stand-in)', available: true, conclusion: 'VALID',
      label: { id: expect.stringMatching(/^Hasil pemeriksaan oleh penyelenggara sertifikat elektronik \(BSrE \(stand-in\)\)/), en: expect.stringContaining('certificate provider') },
      // One signature, the provider's own: B-B from the stand-in, not LTV, intact and trusted by the provider.
      signatures: [{ signer: expect.any(String), signatureFormat: expect.stringMatching(/^PAdES-BASELINE-/), ltv: false, integrityValid: true, certificateTrusted: true }],
    });
  }

  // The provider's verification service is busy: the report still answers, Naskah's verdict is the same.
  gateway.fault = { kind: 'unavailable', times: 2 };
  try {
    const down = await documentPage();
    expect(down.verdict).toBe(own);
    expect(down.provider).toMatchObject({ name: 'BSrE (stand-in)', available: false, conclusion: null, signatures: [], label: { id: expect.stringContaining('tidak tersedia') } });
  } finally {
    gateway.fault = undefined;
  }
});

test('the internal CA signs with its passphrase only: a code is 422 TOTP_UNSUPPORTED on `totp`, and no code is sent', async () => {
  const kadis = await t.login('kadis.bappeda');
  expect(await (await t.request('GET', '/signing/method', { token: kadis })).json()).toEqual({ provider: 'internal', certified: false, totp: false });
  const asked = await t.request('POST', '/signing/totp', { token: kadis, body: {} });
  expect(asked.status).toBe(422);
  expect(await asked.json()).toMatchObject({ code: 'TOTP_UNSUPPORTED', field: 'totp' });
});
