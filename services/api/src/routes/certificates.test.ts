// Issuing and revoking internal-CA certificates through the API on the test
// stack: the PKI beside the keystore (as npm start lays it out), the real
// OCSP responder and CRL under /api/pki, and the stand-in provider gateway for
// the lockout that counts both kinds of wrong passphrase.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DomainOrm } from '@naskah/domain';
import { derToPem, openPkcs12 } from '@naskah/signing';
import { openPki, type Pki } from '@naskah/pki';
import type { TestApi } from '@naskah/api/testing';
import { useRoutingHarness } from '@naskah/api/testing';
import { openssl } from '@naskah/signing/testing';

// The API mounts the PKI when it starts.
// The CA was created with the default PKI address; the certificates must name the configured public one.
const publicBaseUrl = 'https://naskah.tanahbumbukab.go.id';
const h = useRoutingHarness({
  name: 'certificates', internalCa: { organization: 'Pemerintah Kabupaten Tanah Bumbu' }, standInGateway: true, ormPoolMax: 2,
  env: { PUBLIC_BASE_URL: publicBaseUrl },
});
const { routing, keystore, pkiDir, dataDir: base } = h;
const personAt = h.person;
// Distinctive, so a search of logs and tables cannot miss them.
const passphrase = 'Passphrase-Aptika-7731';
const ownPassphrase = 'Sandi-Sekdis-Milik-Sendiri-4410';
const gatewayPassphrase = 'passphrase-di-gateway-bsre-9902';
let t: TestApi;
let orm: DomainOrm;
let pki: Pki;

const sql = <T extends object>(text: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(text, params);
const admin = () => t.login('admin');
const issue = async (token: string, body: unknown) => t.request('POST', '/certificates', { token, body });
const revoke = async (id: number, body: unknown = { status: 'revoked' }, token?: string) =>
  t.request('PUT', `/certificates/${id}`, { token: token ?? await admin(), body });
const bulkSign = async (username: string, secret: string) =>
  t.request('POST', '/documents/bulk-sign', { token: await t.login(username), body: { documentIds: [999_999], passphrase: secret } });


/** A nota dinas waiting for the Kepala Dinas Kominfo's signature. */
async function toSigning(): Promise<number> {
  const id = await h.draft('Nota dinas uji penguncian', { reviewers: ['kabid.aptika'], signer: 'kadis.kominfo' });
  await h.toSigning(id, ['kabid.aptika']);
  return id;
}

beforeAll(async () => {
  ({ t, orm, pki } = h);
  // The Kepala Dinas Kominfo is registered at the provider too (used by the lockout test).
  const kadis = await personAt('kadis.kominfo');
  await h.gateway.registry.register({ name: kadis.name, nik: kadis.nik, passphrase: gatewayPassphrase });
});

interface CertificateBody { id: number; personId: number; personName: string; serial: string; subject: string; issuer: string; status: string; provider: string; notAfter: string; publicBaseUrl: string | null }

describe('POST /certificates', () => {
  test('an admin issues from the internal CA: PKCS#12 in the keystore, row, CA record, audit; the passphrase is nowhere', async () => {
    const aptika = await personAt('kabid.aptika');
    const res = await issue(await admin(), { personId: aptika.id, passphrase });
    expect(res.status).toBe(201);
    const cert = (await res.json()) as CertificateBody;
    expect(cert).toMatchObject({ personId: aptika.id, personName: aptika.name, status: 'active', provider: 'internal' });
    expect(cert.subject).toContain(`CN=${aptika.name}`);
    expect(cert.subject).toContain(`SERIALNUMBER=${aptika.nik}`);
    expect(cert.subject).toContain('T=Kepala Bidang');
    expect(cert.subject).toMatch(/O=Dinas Komunikasi/);
    expect(cert.issuer).toContain('CN=Pemerintah Kabupaten Tanah Bumbu Issuing CA');
    expect(new Date(cert.notAfter).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);

    const [row] = await sql<{ keystore_ref: string; serial: string }>('select keystore_ref, serial from certificate where id = ?', [cert.id]);
    expect(row!.serial).toBe(cert.serial);
    const p12 = readFileSync(path.join(keystore, row!.keystore_ref));
    const holder = openPkcs12(p12, passphrase);
    expect(holder.subject).toMatchObject({ name: aptika.name, nik: aptika.nik, nip: '198407212009031006', title: 'Kepala Bidang Aplikasi Informatika',
      org: 'Dinas Komunikasi, Informatika, Statistik dan Persandian' });
    expect(() => openPkcs12(p12, 'bukan-passphrase-ini')).toThrow(expect.objectContaining({ code: 'PASSPHRASE_INVALID' }));
    expect(pki.findRecord('issuing', cert.serial)).toMatchObject({ kind: 'official', subject: aptika.name, baseUrl: `${publicBaseUrl}/api/pki` });

    // AIA (OCSP, CA issuers) and CRL distribution point under PUBLIC_BASE_URL, never the PKI's creation default
    const certFile = path.join(base, 'aptika.pem');
    writeFileSync(certFile, derToPem(holder.certificate));
    const text = (await openssl(['x509', '-in', certFile, '-noout', '-text'])).out;
    expect(text).toContain(`OCSP - URI:${publicBaseUrl}/api/pki/ocsp`);
    expect(text).toContain(`CA Issuers - URI:${publicBaseUrl}/api/pki/ca.crt`);
    expect(text).toContain(`URI:${publicBaseUrl}/api/pki/crl`);
    expect(text).not.toMatch(/127\.0\.0\.1|localhost/);
    // and the certificate row records the address it was issued with
    expect(cert.publicBaseUrl).toBe(publicBaseUrl);
    expect((await sql<{ public_base_url: string }>('select public_base_url from certificate where id = ?', [cert.id]))[0]!.public_base_url).toBe(publicBaseUrl);
    // The CA itself was made for the default address: the API said so when it started.
    expect(t.logs.join('\n')).toContain('the internal CA was created for another public address');

    const [event] = await sql<{ data: Record<string, unknown>; actor_name: string }>(
      `select data, actor_name from audit_event where action = 'certificate.issued' and subject_id = ?`, [String(cert.id)]);
    expect(event!.data).toMatchObject({ personId: aptika.id, serial: cert.serial, requestedBy: 'admin' });

    const listed = await t.request('GET', `/certificates?filter=${encodeURIComponent(JSON.stringify({ personId: aptika.id }))}`, { token: await admin() });
    expect(((await listed.json()) as CertificateBody[]).map((c) => c.id)).toEqual([cert.id]);

    const tables = await sql<{ dump: string }>(
      `select (select coalesce(string_agg(to_jsonb(c)::text, ''), '') from certificate c) || (select string_agg(to_jsonb(e)::text, '') from audit_event e) as dump`);
    expect(tables[0]!.dump).not.toContain(passphrase);
    expect(t.logs.join('\n')).not.toContain(passphrase);
    expect(t.logs.join('\n')).toContain('/api/certificates');
  });

  test('refusals name the field and write nothing: short passphrase, unknown person, no NIK, already holding one', async () => {
    const token = await admin();
    const rows = async () => Number((await sql<{ n: string }>('select count(*) as n from certificate'))[0]!.n);
    const before = { rows: await rows(), ca: pki.records().length };
    const inspektur = await personAt('inspektur');

    const short = await issue(token, { personId: inspektur.id, passphrase: 'pendek1' });
    expect(short.status).toBe(422);
    expect(await short.json()).toMatchObject({ code: 'PASSPHRASE_TOO_SHORT', field: 'passphrase' });
    expect(JSON.stringify(await (await issue(token, { personId: inspektur.id, passphrase: 'pendek1' })).json())).not.toContain('pendek1');

    const unknown = await issue(token, { personId: 987_654, passphrase });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ code: 'REFERENCE_NOT_FOUND', field: 'personId' });

    await sql(`update person set nik = '' where id = ?`, [inspektur.id]);
    try {
      const noNik = await issue(token, { personId: inspektur.id, passphrase });
      expect(noNik.status).toBe(422);
      expect(await noNik.json()).toMatchObject({ code: 'NIK_MISSING', field: 'personId', detail: expect.stringMatching(/NIK/) });
    } finally {
      await sql('update person set nik = ? where id = ?', [inspektur.nik, inspektur.id]);
    }

    // The seed gave the Kepala Dinas a certificate.
    const held = await issue(token, { personId: (await personAt('kadis.kominfo')).id, passphrase });
    expect(held.status).toBe(409);
    expect(await held.json()).toMatchObject({ code: 'CERTIFICATE_EXISTS', field: 'personId' });

    const extra = await issue(token, { personId: inspektur.id, passphrase, nik: '6310070909690013' });
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ field: 'nik' });

    expect(await rows()).toBe(before.rows);
    expect(pki.records().length).toBe(before.ca);
  });

  test('a signer issues their own (the admin never learns the passphrase); nobody else may, and non-signers not even for themselves', async () => {
    const sekdis = await personAt('sekdis.kominfo');
    const [seeded] = await sql<{ id: number }>(`select id from certificate where person_id = ? and status = 'active'`, [sekdis.id]);
    // The seeded placeholder is unknown to this CA: revoking it changes the row only.
    const placeholder = await revoke(seeded!.id, { status: 'revoked', reason: 'superseded' });
    expect(placeholder.status).toBe(200);
    const [placeholderEvent] = await sql<{ data: Record<string, unknown> }>(`select data from audit_event where action = 'certificate.revoked' and subject_id = ?`, [String(seeded!.id)]);
    expect(placeholderEvent!.data).toMatchObject({ reason: 'superseded', revokedInCa: false });

    const forOther = await issue(await t.login('kadis.kominfo'), { personId: sekdis.id, passphrase: ownPassphrase });
    expect(forOther.status).toBe(403);
    const staf = await personAt('staf.kominfo');
    const drafterSelf = await issue(await t.login('staf.kominfo'), { personId: staf.id, passphrase: ownPassphrase });
    expect(drafterSelf.status).toBe(403);

    const own = await issue(await t.login('sekdis.kominfo'), { personId: sekdis.id, passphrase: ownPassphrase });
    expect(own.status).toBe(201);
    const cert = (await own.json()) as CertificateBody;
    const [event] = await sql<{ data: Record<string, unknown> }>(`select data from audit_event where action = 'certificate.issued' and subject_id = ?`, [String(cert.id)]);
    expect(event!.data).toMatchObject({ requestedBy: 'holder' });
    // The key opens with their passphrase: bulk signing gets past the key and fails only on the (unknown) document.
    const opened = await bulkSign('sekdis.kominfo', ownPassphrase);
    expect(opened.status).toBe(200);
    expect(((await opened.json()) as { results: { ok: boolean; code: string }[] }).results[0]).toMatchObject({ ok: false });
    expect(t.logs.join('\n')).not.toContain(ownPassphrase);
  });

  test('two issues for one person at once: one certificate, the loser revoked in the CA and its file removed', async () => {
    const tu = await personAt('tu.kominfo');
    const token = await admin();
    const [a, b] = await Promise.all([issue(token, { personId: tu.id, passphrase }), issue(token, { personId: tu.id, passphrase })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const [active] = await sql<{ n: string }>(`select count(*) as n from certificate where person_id = ? and status = 'active'`, [tu.id]);
    expect(Number(active!.n)).toBe(1);
    const inCa = pki.records().filter((r) => r.kind === 'official' && r.subject === tu.name);
    expect(inCa.length).toBe(2);
    expect(inCa.filter((r) => r.revokedAt).length).toBe(1);
    const [row] = await sql<{ serial: string }>(`select serial from certificate where person_id = ?`, [tu.id]);
    expect(inCa.find((r) => !r.revokedAt)!.serialHex).toBe(row!.serial);
    expect(readdirSync(keystore).filter((f) => f.startsWith(tu.nik))).toEqual([`${tu.nik}-${row!.serial}.p12`]);
  });
});

describe('PUT /certificates/:id (revoke)', () => {
  test('the CA revokes it (OCSP and CRL through /api/pki say so), the row follows, signing refuses it before the key; twice is 409', async () => {
    const sekdis = await personAt('sekdis.kominfo');
    const [active] = await sql<{ id: number; serial: string; keystore_ref: string }>(
      `select id, serial, keystore_ref from certificate where person_id = ? and status = 'active'`, [sekdis.id]);
    const certPem = path.join(base, 'sekdis.pem');
    writeFileSync(certPem, derToPem(openPkcs12(readFileSync(path.join(keystore, active!.keystore_ref)), ownPassphrase).certificate));
    const ocsp = () => openssl(['ocsp', '-issuer', path.join(pkiDir, 'issuing-ca.pem'), '-cert', certPem, '-url', `${t.api.url}/api/pki/ocsp`,
      '-CAfile', path.join(pkiDir, 'root-ca.pem')]).then((r) => r.out);
    expect(await ocsp()).toContain('sekdis.pem: good');

    expect((await revoke(active!.id, { status: 'revoked' }, await t.login('sekdis.kominfo'))).status).toBe(403);
    expect((await revoke(active!.id, { status: 'active' })).status).toBe(400);
    const res = await revoke(active!.id, { status: 'revoked', reason: 'keyCompromise' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: active!.id, status: 'revoked', serial: active!.serial });

    const said = await ocsp();
    expect(said).toContain('Response verify OK');
    expect(said).toContain('sekdis.pem: revoked');
    expect(said).toContain('Reason: keyCompromise');
    const crlFile = path.join(base, 'issuing.crl');
    writeFileSync(crlFile, Buffer.from(await (await fetch(`${t.api.url}/api/pki/crl`)).arrayBuffer()));
    expect((await openssl(['crl', '-inform', 'DER', '-in', crlFile, '-noout', '-text'])).out.toUpperCase()).toContain(active!.serial.toUpperCase());
    const [row] = await sql<{ status: string; revoked: boolean }>('select status, revoked_at is not null as revoked from certificate where id = ?', [active!.id]);
    expect(row).toEqual({ status: 'revoked', revoked: true });
    const [event] = await sql<{ data: Record<string, unknown> }>(`select data from audit_event where action = 'certificate.revoked' and subject_id = ?`, [String(active!.id)]);
    expect(event!.data).toMatchObject({ serial: active!.serial, reason: 'keyCompromise', revokedInCa: true });

    const sign = await bulkSign('sekdis.kominfo', ownPassphrase);
    expect(sign.status).toBe(422);
    expect(await sign.json()).toMatchObject({ code: 'CERTIFICATE_REVOKED', detail: expect.stringMatching(new RegExp(`${active!.serial} was revoked on \\d{4}-\\d\\d-\\d\\dT`)) });

    const again = await revoke(active!.id, { status: 'revoked' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ALREADY_REVOKED' });
    expect((await revoke(987_654)).status).toBe(404);

    // After revocation a new one may be issued; its own keystore file, the revoked one's stays.
    const reissued = await issue(await t.login('sekdis.kominfo'), { personId: sekdis.id, passphrase: ownPassphrase });
    expect(reissued.status).toBe(201);
    expect(existsSync(path.join(keystore, active!.keystore_ref))).toBe(true);
    expect((await bulkSign('sekdis.kominfo', ownPassphrase)).status).toBe(200);
  });

  test('revoked in the CA only (the pki CLI) while the row says active: signing still refuses before opening the key', async () => {
    const sekdis = await personAt('sekdis.kominfo');
    const [active] = await sql<{ serial: string }>(`select serial from certificate where person_id = ? and status = 'active'`, [sekdis.id]);
    openPki(pkiDir).revoke(active!.serial, 'affiliationChanged');
    const sign = await bulkSign('sekdis.kominfo', 'bahkan-passphrase-salah');
    expect(sign.status).toBe(422);
    expect(await sign.json()).toMatchObject({ code: 'CERTIFICATE_REVOKED' });
  });

  test('a provider-held (gateway) certificate cannot be revoked here', async () => {
    const kabid = await personAt('kabid.bappeda');
    const [row] = await sql<{ id: number }>(
      `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref)
       values (?, 'GW-0001', ?, 'BSrE Stand-in Issuing CA', 'active', now() - interval '1 day', now() + interval '1 year', 'gateway', null) returning id`,
      [kabid.id, kabid.name]);
    const res = await revoke(row!.id);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'CERTIFICATE_AT_PROVIDER', detail: expect.stringMatching(/provider/) });
    const [after] = await sql<{ status: string }>('select status from certificate where id = ?', [row!.id]);
    expect(after!.status).toBe('active');
  });
});

describe('signing lockout', () => {
  test('wrong passphrases from our PKCS#12 and from the gateway count toward the same five in a row', async () => {
    const kadis = await personAt('kadis.kominfo');
    const token = await t.login('kadis.kominfo');
    // Internal certificate first: issued by the admin, its seeded placeholder revoked.
    const [seeded] = await sql<{ id: number }>(`select id from certificate where person_id = ? and status = 'active'`, [kadis.id]);
    expect((await revoke(seeded!.id)).status).toBe(200);
    expect((await issue(await admin(), { personId: kadis.id, passphrase })).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const wrong = await bulkSign('kadis.kominfo', `salah-internal-${i}`);
      expect(wrong.status).toBe(422);
      expect(await wrong.json()).toMatchObject({ code: 'PASSPHRASE_INVALID', field: 'passphrase' });
    }

    // Then the certificate moves to the provider (as when the Pemda joins BSrE): the count goes on.
    await sql(`update certificate set status = 'revoked', revoked_at = now() where person_id = ? and status = 'active'`, [kadis.id]);
    await sql(`insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref)
       values (?, 'GW-KADIS', ?, 'BSrE Stand-in Issuing CA', 'active', now() - interval '1 day', now() + interval '1 year', 'gateway', null)`, [kadis.id, kadis.name]);
    const id = await toSigning();
    for (let i = 0; i < 2; i++) {
      const wrong = await t.request('POST', `/documents/${id}/sign`, { token, body: { passphrase: `salah-gateway-${i}` } });
      expect(wrong.status).toBe(422);
      expect(await wrong.json()).toMatchObject({ code: 'PASSPHRASE_INVALID', field: 'passphrase' });
    }
    // Bulk: the gateway refuses the first document; the others are not sent with the same wrong passphrase.
    const second = await toSigning();
    const bulk = await t.request('POST', '/documents/bulk-sign', { token, body: { documentIds: [id, second], passphrase: 'salah-gateway-bulk' } });
    expect(bulk.status).toBe(200);
    expect(((await bulk.json()) as { results: { ok: boolean; code: string }[] }).results.map((r) => r.code)).toEqual(['PASSPHRASE_INVALID', 'PASSPHRASE_INVALID']);

    // Five in a row: even the right passphrase is refused now, before the gateway sees it.
    const locked = await t.request('POST', `/documents/${id}/sign`, { token, body: { passphrase: gatewayPassphrase } });
    expect(locked.status).toBe(423);
    expect(await locked.json()).toMatchObject({ code: 'SIGNING_LOCKED', field: 'passphrase' });
    expect((await routing(id)).status).toBe('signing');
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(gatewayPassphrase);
    expect(logs).not.toContain('salah-gateway-0');
    expect(logs).not.toContain(passphrase);
  }, 120_000);
});
