// Issue 21 item 3 through the product: a nota dinas signed by the provider's
// gateway (the stand-in, at PAdES B-T as BSrE returns it) goes through the
// routing to the archive, where the worker's archive step (ARCHIVE_TSA=internal)
// adds the provider's chain with OCSP fetched from the address its certificates
// name, and a document time-stamp from the internal TSA: the archived PDF is
// B-LTA in Naskah's verifier and passes pyHanko's AdES validation, while the
// signed version the API stored stays B-T.
import { beforeAll, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DomainOrm } from '@naskah/domain';
import { verifyPdf } from '@naskah/signing';
import { PYHANKO } from '@naskah/signing/testing';
import type { TestApi } from '@naskah/api/testing';
import { useRoutingHarness } from '@naskah/api/testing';

const passphrase = 'passphrase-di-gateway-bsre';
const h = useRoutingHarness({ name: 'gateway-ltv', archivalTimestamps: true });
let t: TestApi;
let orm: DomainOrm;

beforeAll(async () => {
  ({ t, orm } = h);
  const person = await h.person('kadis.kominfo');
  const issued = await h.gateway.registry.register({ name: person.name, nik: person.nik, passphrase });
  await orm.em.fork().execute(`delete from certificate where person_id = ?`, [person.id]);
  await orm.em.fork().execute(
    `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref)
     values (?, ?, ?, 'BSrE Stand-in Issuing CA', 'active', now() - interval '1 day', now() + interval '1 year', 'gateway', null)`,
    [person.id, issued.serialHex, person.name]);
});

test('signed by the gateway at B-T, archived as B-LTA: Naskah B-LTA VALID, pyHanko AdES validation passes; the stored signed version stays B-T', async () => {
  const id = await h.draft('Nota dinas diarsipkan dengan cap waktu arsip', { reviewers: ['kabid.aptika'], signer: 'kadis.kominfo' });
  await h.toSigning(id, ['kabid.aptika']);
  const kadis = await t.login('kadis.kominfo');
  const signed = await t.request('POST', `/documents/${id}/sign`, { token: kadis, body: { passphrase } });
  expect(signed.status).toBe(200);
  const done = await h.routing(id, (s) => s.status === 'archived');
  expect(done.status).toBe('archived');

  const trustAnchors = [readFileSync(path.join(h.pkiDir, 'root-ca.pem')), readFileSync(h.gateway.registry.rootPemPath)];
  const latest = await t.request('GET', `/documents/${id}/versions/${done.version}/pdf`, { token: kadis });
  const signedVersion = Buffer.from(await latest.arrayBuffer());
  expect((await verifyPdf(signedVersion, { trustAnchors })).signatures.map((s) => s.level)).toEqual(['B-T']);

  const [record] = await orm.em.fork().execute<{ id: number; sha256: string }[]>('select id, sha256 from archive_record where document_id = ?', [id]);
  const admin = await t.login('admin');
  const res = await t.request('GET', `/archive/${record!.id}/pdf`, { token: admin });
  expect(res.status).toBe(200);
  const archived = Buffer.from(await res.arrayBuffer());
  // The provider's bytes are kept as they were; the archive's revisions follow them.
  expect(archived.subarray(0, signedVersion.length).equals(signedVersion)).toBe(true);
  const report = await verifyPdf(archived, { trustAnchors });
  expect(report.signatures.map((s) => ({ kind: s.kind, verdict: s.verdict, level: s.level, issuer: s.signer?.issuer ?? null }))).toEqual([
    { kind: 'approval', verdict: 'VALID', level: 'B-LTA', issuer: expect.stringMatching(/BSrE Stand-in/) },
    // The document time-stamp comes from the internal CA's TSA.
    { kind: 'document-timestamp', verdict: 'VALID', level: null, issuer: expect.stringMatching(/CN=Naskah Issuing CA/) },
  ]);
  const [event] = await orm.em.fork().execute<{ data: { sha256: string; ltv: unknown } }[]>(
    `select data from audit_event where action = 'archive.archived' and subject_id = ?`, [String(id)]);
  expect(event!.data).toMatchObject({ sha256: record!.sha256, ltv: { level: 'B-LTA' } });

  const dir = mkdtempSync(path.join(tmpdir(), 'naskah-gateway-ltv-'));
  try {
    const file = path.join(dir, 'arsip.pdf');
    writeFileSync(file, archived);
    const args = ['sign', 'adesverify', '--pretty-print', '--trust', path.join(h.pkiDir, 'root-ca.pem'), '--trust', h.gateway.registry.rootPemPath, '--trust-replace', file];
    const { stdout, stderr } = await promisify(execFile)(PYHANKO, args);
    const out = stdout + stderr;
    expect(out).not.toMatch(/judged INVALID|Validation failed/);
    expect(out).toContain("The signer's certificate is trusted.");
    expect(out).toContain('The TSA certificate is trusted.');
    expect(out).toContain('The signature is judged VALID.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
