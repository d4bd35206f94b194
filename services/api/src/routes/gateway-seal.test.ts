// The institution's electronic seal (segel elektronik) on the document types
// the admin marks: a nota dinas routed end to end, signed by the Kepala Dinas
// with the internal CA, is sealed through the certificate provider (the v2
// stand-in) as part of its routing workflow before it is archived; the last
// version carries both the person's signature and the seal, and verifies in
// Naskah and pdfsig. Without a usable seal (no activation code configured) the
// document is archived unsealed and the audit trail says why.
import { beforeAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DomainOrm } from '@naskah/domain';
import { verifyPdf } from '@naskah/signing';
import { makeNssDb, pdfsig } from '@naskah/signing/testing';
import type { TestApi } from '@naskah/api/testing';
import { TEST_SEAL, useRoutingHarness } from '@naskah/api/testing';

const passphrase = 'kata-sandi-segel';
const h = useRoutingHarness({ name: 'gateway-seal', standInGateway: { apiVersion: 'v2', seal: true }, signers: ['kadis.kominfo'], passphrase });
let t: TestApi;
let orm: DomainOrm;

beforeAll(() => {
  ({ t, orm } = h);
});

async function markSealed(types: string[]): Promise<void> {
  const admin = await t.login('admin');
  const current = (await (await t.request('GET', '/settings/pemda')).json()) as { name: string; logo: string | null; timeZone: string; publicBaseUrl: string };
  const saved = await t.request('PUT', '/settings/pemda', { token: admin, body: {
    name: current.name, logo: current.logo, timeZone: current.timeZone, publicBaseUrl: current.publicBaseUrl, sealedDocumentTypes: types,
  } });
  expect(saved.status).toBe(200);
  expect(((await saved.json()) as { sealedDocumentTypes: string[] }).sealedDocumentTypes).toEqual(types);
}

async function routeToArchive(hal: string): Promise<number> {
  const id = await h.draft(hal, { reviewers: ['kabid.aptika'], signer: 'kadis.kominfo' });
  await h.toSigning(id, ['kabid.aptika']);
  const signed = await t.request('POST', `/documents/${id}/sign`, { token: await t.login('kadis.kominfo'), body: { passphrase } });
  expect(signed.status).toBe(200);
  expect((await h.routing(id, (s) => s.status === 'archived')).status).toBe('archived');
  return id;
}

const versions = (id: number) => orm.em.fork().execute<{ no: number; reason: string }[]>('select no, reason from document_version where document_id = ? order by no', [id]);
const trail = (id: number) => orm.em.fork().execute<{ action: string; data: Record<string, unknown> }[]>(
  `select action, data from audit_event where subject_type = 'document' and subject_id = ? and action like 'document.seal%' order by seq`, [String(id)]);

test('a nota dinas, marked sealed by the admin: signed, sealed by the provider in its routing, archived; signature and seal verify in Naskah and pdfsig', async () => {
  await markSealed(['nota_dinas']);
  const id = await routeToArchive('Salinan resmi keputusan dengan segel elektronik');
  const reasons = (await versions(id)).map((v) => v.reason);
  expect(reasons.slice(-2)).toEqual(['signed', 'sealed']);
  const events = await trail(id);
  expect(events.map((e) => e.action)).toEqual(['document.sealed']);
  expect(events[0]!.data).toMatchObject({ provider: 'BSrE (stand-in)', seal: TEST_SEAL.name });

  const last = (await versions(id)).at(-1)!;
  const pdf = await t.request('GET', `/documents/${id}/versions/${last.no}/pdf`, { token: await t.login('kadis.kominfo') });
  const bytes = Buffer.from(await pdf.arrayBuffer());
  const internalRoot = path.join(h.pkiDir, 'root-ca.pem');
  const report = await verifyPdf(bytes, { trustAnchors: [readFileSync(internalRoot), readFileSync(h.gateway.registry.rootPemPath)], checkRevocation: false });
  expect(report.verdict).toBe('VALID');
  const approvals = report.signatures.filter((s) => s.kind !== 'document-timestamp');
  expect(approvals.map((s) => ({ verdict: s.verdict, issuer: s.signer?.issuer }))).toEqual([
    { verdict: 'VALID', issuer: expect.stringMatching(/Naskah Issuing CA/) },
    { verdict: 'VALID', issuer: expect.stringMatching(/BSrE Stand-in/) },
  ]);
  expect(approvals[1]!.signer?.name).toBe(TEST_SEAL.name);

  const file = path.join(h.dataDir, `sealed-${id}.pdf`);
  writeFileSync(file, bytes);
  const gw = (f: string): string => path.join(h.gateway.registry.pki.dir, f);
  const nss = await makeNssDb(path.join(h.dataDir, `nss-seal-${id}`), internalRoot, [path.join(h.pkiDir, 'issuing-ca.pem'), gw('issuing-ca.pem')],
    [path.join(h.pkiDir, 'issuing-ca.crl'), path.join(h.pkiDir, 'root-ca.crl')]);
  execFileSync('certutil', ['-A', '-d', nss, '-n', 'bsre-standin-root', '-t', 'CT,C,C', '-i', h.gateway.registry.rootPemPath]);
  for (const crl of [gw('issuing-ca.crl'), gw('root-ca.crl')]) execFileSync('crlutil', ['-I', '-d', nss, '-i', crl]);
  const sigs = await pdfsig(file, nss);
  expect(sigs.map((s) => ({ valid: s.valid, trusted: s.trusted }))).toEqual([{ valid: true, trusted: true }, { valid: true, trusted: true }]);

  // The archive holds the sealed version.
  const [record] = await orm.em.fork().execute<{ sha256: string }[]>('select sha256 from archive_record where document_id = ?', [id]);
  const [sealedVersion] = await orm.em.fork().execute<{ sha256: string }[]>('select sha256 from document_version where document_id = ? and no = ?', [id, last.no]);
  expect(record!.sha256).toBe(sealedVersion!.sha256);
}, 180_000);

test('no usable seal (its activation code file is gone): archived unsealed, the audit says why; a type not marked is not sealed at all', async () => {
  const config = JSON.parse(readFileSync(process.env['SIGNING_GATEWAYS_FILE']!, 'utf8')) as Record<string, { seal: { activationCodeFile: string } }>;
  const codeFile = config['*']!.seal.activationCodeFile;
  renameSync(codeFile, `${codeFile}.away`);
  try {
    const id = await routeToArchive('Salinan resmi tanpa kode aktivasi segel');
    expect((await versions(id)).at(-1)!.reason).toBe('signed');
    const events = await trail(id);
    expect(events.map((e) => e.action)).toEqual(['document.seal_skipped']);
    expect(String(events[0]!.data['reason'])).toMatch(/activation code file/);
  } finally {
    renameSync(`${codeFile}.away`, codeFile);
  }

  await markSealed([]);
  const plain = await routeToArchive('Nota dinas biasa tanpa segel');
  expect((await versions(plain)).at(-1)!.reason).toBe('signed');
  expect(await trail(plain)).toEqual([]);
}, 180_000);
