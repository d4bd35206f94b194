// The gateway provider end to end against the stand-in gateway (in process,
// ephemeral port): mixed internal + gateway signatures checked by pdfsig,
// pyHanko and verifyPdf; one contract suite run over esign-client v1 and v2
// (sign, TOTP, user status, verify, every error body); each gateway error; a
// gateway that fails mid-request (no blind retry); a gateway that returns
// something we must refuse.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GATEWAY_ERRORS,
  GATEWAY_HTTP_STATUS,
  gatewayDirectory,
  gatewayHealth,
  gatewayProvider,
  isSigningError,
  openPkcs12,
  placementFor,
  publicSummary,
  signPdf,
  verifyPdf,
  type GatewayApiVersion,
  type GatewayConfig,
  type GatewayDirectory,
  type SignatureAppearance,
  type SignedDocument,
  type SigningError,
} from '@naskah/signing';
import { inProcessRevocationSource, inProcessTimestampClient, revokeCertificate } from '@naskah/pki';
import { buildFixture, buildLargePdf, makeNssDb, makeTestPki, PASSPHRASE, pdfsig, pyhankoValidate, qpdfCheck, type TestPki } from '@naskah/signing/testing';
import { createStandInGateway, type StandInGateway } from './app.js';
import { DEMO_SIGNERS, openGatewayRegistry, type GatewayRegistry } from './registry.js';

const USER = 'naskah-test';
const PASSWORD = 'gateway-test-password';
const KADIS = { nik: '6310050112700010', passphrase: 'rahasia-bsre-uji' };
const OTHER = { nik: '6310050112700011', passphrase: 'rahasia-lain-uji' };
const EXPIRED = { nik: '6310050112700012', passphrase: 'rahasia-kedaluwarsa' };
const REVOKED = { nik: '6310050112700013', passphrase: 'rahasia-dicabut' };
/** Registered at the provider, certificate not issued yet. */
const NO_CERT_NIK = '6310050112700014';
const UNKNOWN_NIK = '6310059999999999';
/** The institution's electronic seal: its certificate is registered at the provider under an id of its own. */
const SEAL = { idSubscriber: 'TANBU-SEGEL-01', name: 'Pemerintah Kabupaten Tanah Bumbu', certificateId: '9900000000000001' };
const ANDI_NIK = '7371010101900001';

let dir: string;
let internal: TestPki;
let registry: GatewayRegistry;
let gateway: StandInGateway;
let server: Server;
let url: string;
let memo: Buffer;
let gateways: GatewayDirectory;
let p12s: Record<string, Buffer>;
let nssdb: string;

/** A signer as the API finds them: which provider holds the key, and the agency that picks the gateway. */
interface SignerProfile { nik: string; provider: 'internal' | 'gateway'; agencyCode: string }

/** Signs as the API's sign-document use case does: the internal CA's key locally, a gateway signer through the agency's gateway. */
async function signAs(
  signer: SignerProfile,
  request: { pdf: Buffer; passphrase: string; appearance: SignatureAppearance; reason?: string; location?: string },
): Promise<SignedDocument> {
  const { passphrase, appearance, reason, location } = request;
  if (signer.provider === 'gateway') {
    const provider = gatewayProvider({ ...gateways.forAgency(signer.agencyCode), otherTrustAnchors: [readFileSync(internal.rootPem)] });
    return await provider.signDocument({ pdf: request.pdf, signer: { nik: signer.nik, passphrase }, appearance, ...(reason ? { reason } : {}), ...(location ? { location } : {}) });
  }
  const pdf = await signPdf(request.pdf, {
    holder: openPkcs12(p12s[signer.nik]!, passphrase), level: 'B-LT',
    timestamp: inProcessTimestampClient(internal.pki), revocation: inProcessRevocationSource(internal.pki),
    placement: placementFor(appearance), ...(appearance.visible ? { verificationUrl: appearance.linkQR } : {}),
    ...(reason ? { reason } : {}), ...(location ? { location } : {}),
  });
  return { pdf, provider: 'internal', providerName: 'Naskah CA' };
}

const gatewaySigner: SignerProfile = { nik: KADIS.nik, provider: 'gateway', agencyCode: 'Bappeda' };
const internalSigner: SignerProfile = { nik: ANDI_NIK, provider: 'internal', agencyCode: 'Diskominfo' };

function gatewayConfig(over: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    name: 'BSrE (stand-in)', url, username: USER, password: PASSWORD,
    trustAnchors: [readFileSync(registry.rootPemPath)], otherTrustAnchors: [readFileSync(internal.rootPem)],
    timeoutMs: 20_000, retryDelayMs: 20, ...over,
  };
}

async function signedError(promise: Promise<unknown>): Promise<SigningError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isSigningError(error)) throw new Error(`expected a SigningError, got ${String(error)}`);
  return error;
}

const gatewayRequest = (signer = KADIS) => ({
  pdf: memo,
  signer,
  appearance: { visible: true as const, linkQR: 'https://naskah.example.go.id/verifikasi/uji', anchor: '^' },
  reason: 'Menyetujui', location: 'Batulicin',
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naskah-gateway-'));
  internal = await makeTestPki(join(dir, 'internal'));
  registry = await openGatewayRegistry(join(dir, 'gateway'), {
    seed: [
      { name: 'Drs. H. Abdul Gafur Hasan, M.Si.', nik: KADIS.nik, nip: '197012011998031010', title: 'Kepala Badan Perencanaan Pembangunan Daerah', org: 'Pemerintah Kabupaten Tanah Bumbu', passphrase: KADIS.passphrase },
      { name: 'Pejabat Lain', nik: OTHER.nik, title: 'Sekretaris', passphrase: OTHER.passphrase },
      { name: 'Pejabat Lama', nik: EXPIRED.nik, passphrase: EXPIRED.passphrase, notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) },
      { name: 'Pejabat Dicabut', nik: REVOKED.nik, passphrase: REVOKED.passphrase },
      { name: SEAL.name, nik: SEAL.certificateId, org: SEAL.name, passphrase: 'aktivasi-segel-instansi' },
    ],
  });
  revokeCertificate(registry.pki, registry.signers[REVOKED.nik]!.serialHex, 'keyCompromise');
  gateway = createStandInGateway({ registry, username: USER, password: PASSWORD, withoutCertificate: [NO_CERT_NIK], emails: { 'kadis.bappeda@tanahbumbukab.go.id': KADIS.nik },
    seals: { [SEAL.idSubscriber]: SEAL.certificateId } });
  server = gateway.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  memo = readFileSync(await buildFixture('classic', { dir, otherToolP12: internal.p12.andi, passphraseFile: internal.passphraseFile }));
  p12s = { [ANDI_NIK]: readFileSync(internal.p12.andi) };
  writeFileSync(join(dir, 'gateways.json'), '{}');
  gateways = gatewayDirectory(
    { Bappeda: { name: 'BSrE (stand-in)', url, usernameEnv: 'BSRE_USER', passwordEnv: 'BSRE_PASSWORD', rootCaFile: registry.rootPemPath, timeoutMs: 20_000 } },
    { env: { BSRE_USER: USER, BSRE_PASSWORD: PASSWORD } },
  );
  const gw = (f: string): string => join(registry.pki.dir, f);
  nssdb = await makeNssDb(join(dir, 'nss'), internal.rootPem, [join(internal.dir, 'issuing-ca.pem'), gw('issuing-ca.pem')], internal.crls);
  execFileSync('certutil', ['-A', '-d', nssdb, '-n', 'bsre-standin-root', '-t', 'CT,C,C', '-i', registry.rootPemPath]);
  for (const crl of [gw('issuing-ca.crl'), gw('root-ca.crl')]) execFileSync('crlutil', ['-I', '-d', nssdb, '-i', crl]);
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('a document signed through the gateway and with the internal CA', () => {
  const orders: Array<[string, SignerProfile[]]> = [
    ['gateway first, then internal', [gatewaySigner, internalSigner]],
    ['internal first, then gateway', [internalSigner, gatewaySigner]],
  ];
  test.each(orders)('%s: valid in verifyPdf, pdfsig and pyHanko with both roots trusted', async (label, order) => {
    let pdf = memo;
    const providerNames: string[] = [];
    for (const signer of order) {
      const passphrase = signer.provider === 'gateway' ? KADIS.passphrase : PASSPHRASE;
      const appearance = signer.provider === 'gateway'
        ? { visible: true as const, linkQR: 'https://naskah.example.go.id/verifikasi/1', anchor: '^' }
        : { visible: true as const, linkQR: 'https://naskah.example.go.id/verifikasi/1', page: 1, x: 72, y: 90, width: 220, height: 70 };
      const signed = await signAs(signer, { pdf, passphrase, appearance, reason: 'Menyetujui', location: 'Batulicin' });
      expect(signed.provider).toBe(signer.provider);
      providerNames.push(signed.providerName);
      pdf = signed.pdf;
    }
    expect(providerNames).toEqual(order.map((s) => (s.provider === 'gateway' ? 'BSrE (stand-in)' : 'Naskah CA')));

    const report = await verifyPdf(pdf, { trustAnchors: [readFileSync(internal.rootPem), readFileSync(registry.rootPemPath)], checkRevocation: false });
    expect(report.verdict).toBe('VALID');
    const approvals = report.signatures.filter((s) => s.kind === 'approval');
    expect(approvals.map((s) => s.signer?.nik)).toEqual(order.map((s) => s.nik));
    // The console names the provider from the issuer of each signature.
    expect(approvals.map((s) => /BSrE Stand-in/.test(s.signer?.issuer ?? ''))).toEqual(order.map((s) => s.provider === 'gateway'));
    expect(approvals.every((s) => s.verdict === 'VALID' && s.trusted)).toBe(true);
    // The public page (and the console) names each signature's issuer, i.e. the provider.
    const issuers = publicSummary(report).signatures.filter((s) => s.signer !== null).map((s) => s.issuer ?? '');
    expect(issuers.map((i) => (/BSrE Stand-in/.test(i) ? 'gateway' : /Naskah/.test(i) ? 'internal' : i))).toEqual(order.map((s) => s.provider));

    const file = join(dir, `${label.replace(/\W+/g, '-')}.pdf`);
    writeFileSync(file, pdf);
    expect((await qpdfCheck(file)).ok).toBe(true);
    const sigs = await pdfsig(file, nssdb);
    expect(sigs).toHaveLength(2);
    expect(sigs.every((s) => s.valid)).toBe(true);
    // Both chains validate in NSS with both roots in the db (signing README, "Known validator quirks").
    expect(sigs.map((s) => s.certificateStatus)).toEqual(["Certificate is Trusted.", "Certificate is Trusted."]);
    const py = await pyhankoValidate(file, internal.rootPem, ['--trust', registry.rootPemPath]);
    expect(py.fields).toHaveLength(2);
    expect(py.fields.map((f) => f.verdict)).toEqual(['VALID', 'VALID']);

    // Without the provider's root the gateway's signature is not trusted: the roots matter.
    const internalOnly = await verifyPdf(pdf, { trustAnchors: [readFileSync(internal.rootPem)], checkRevocation: false });
    expect(internalOnly.signatures.filter((s) => s.kind === 'approval').map((s) => s.trusted)).toEqual(order.map((s) => s.provider === 'internal'));
  });

  test("the gateway's own /api/sign/verify answers with a JSON report", async () => {
    const signed = await gatewayProvider(gatewayConfig()).signDocument(gatewayRequest());
    const report = await gatewayProvider(gatewayConfig()).verify(signed.pdf);
    expect(report).toMatchObject({ conclusion: 'VALID', signatures: [{ integrityValid: true, certificateTrusted: true }] });
    expect(signed.providerDocumentId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** A request as each contract writes it, sent without the client: for the raw error bodies. */
async function rawSign(version: GatewayApiVersion, signer: { nik: string; passphrase: string }, over: { auth?: string; page?: string } = {}): Promise<Response> {
  const authorization = over.auth ?? `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  if (version === 'v1') {
    const f = new FormData();
    f.append('file', new Blob([new Uint8Array(memo)], { type: 'application/pdf' }), 'memo.pdf');
    f.append('nik', signer.nik);
    f.append('passphrase', signer.passphrase);
    f.append('tampilan', 'invisible');
    if (over.page) {
      f.set('tampilan', 'visible');
      for (const [k, v] of Object.entries({ page: over.page, xAxis: '72', yAxis: '90', width: '220', height: '70' })) f.append(k, v);
    }
    return fetch(`${url}/api/sign/pdf`, { method: 'POST', headers: { authorization }, body: f });
  }
  const properties = over.page ? { tampilan: 'VISIBLE', imageBase64: PNG_1PX, page: over.page, originX: 72, originY: 90, width: 220, height: 70 } : { tampilan: 'INVISIBLE' };
  return fetch(`${url}/api/v2/sign/pdf`, {
    method: 'POST', headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ nik: signer.nik, passphrase: signer.passphrase, signatureProperties: [properties], file: [memo.toString('base64')] }),
  });
}

/** 1×1 PNG. */
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const visibleLastPage = { visible: true as const, linkQR: 'https://naskah.example.go.id/verifikasi/kontrak', page: 'last' as const, x: 319, y: 110, width: 220, height: 70 };

describe.each(['v1', 'v2'] as const)('esign-client contract %s against the stand-in', (version) => {
  const provider = (over: Partial<GatewayConfig> = {}) => gatewayProvider(gatewayConfig({ apiVersion: version, ...over }));
  const calls = (since: number) => gateway.calls.slice(since);
  afterEach(() => {
    gateway.fault = undefined;
  });

  test('sign: the user status is asked first, then one signing call; the result verifies in Naskah, pdfsig and pyHanko', async () => {
    const since = gateway.calls.length;
    const signed = await provider().signDocument({ pdf: memo, signer: KADIS, appearance: visibleLastPage, reason: 'Menyetujui', location: 'Batulicin' });
    expect(calls(since)).toEqual(version === 'v1'
      ? [`GET /api/user/status/${KADIS.nik}`, 'POST /api/sign/pdf']
      : ['POST /api/v2/user/check/status', 'POST /api/v2/sign/pdf']);
    // No secret in any address.
    expect(calls(since).join(' ')).not.toContain(KADIS.passphrase);

    const report = await verifyPdf(signed.pdf, { trustAnchors: [readFileSync(registry.rootPemPath), readFileSync(internal.rootPem)], checkRevocation: false });
    expect(report.verdict).toBe('VALID');
    const [sig] = report.signatures.filter((s) => s.kind !== 'document-timestamp');
    // Covers the whole file but the provider's own LTV update after it (DSS).
    expect(sig).toMatchObject({ verdict: 'VALID', trusted: true, intact: true, cmsValid: true, modificationsAfter: 'allowed', signer: { nik: KADIS.nik } });
    const file = join(dir, `contract-${version}.pdf`);
    writeFileSync(file, signed.pdf);
    const sigs = await pdfsig(file, nssdb);
    expect(sigs.map((x) => [x.valid, x.trusted])).toEqual([[true, true]]);
    const py = await pyhankoValidate(file, internal.rootPem, ['--trust', registry.rootPemPath]);
    expect(py.fields.map((f) => f.verdict)).toEqual(['VALID']);
  });

  test('user status: ISSUE, NOT_REGISTERED, NO_CERTIFICATE; expired and revoked (v2 says so, v1 only when signing)', async () => {
    const p = provider();
    const states = await Promise.all([KADIS.nik, UNKNOWN_NIK, NO_CERT_NIK, EXPIRED.nik, REVOKED.nik].map(async (nik) => (await p.userStatus({ nik })).state));
    expect(states).toEqual(version === 'v2'
      ? ['ISSUE', 'NOT_REGISTERED', 'NO_CERTIFICATE', 'EXPIRED', 'REVOKED']
      : ['ISSUE', 'NOT_REGISTERED', 'NO_CERTIFICATE', 'ISSUE', 'ISSUE']);
  });

  const refusals: Array<[string, { nik: string; passphrase: string }, string, RegExp]> = [
    ['not registered', { nik: UNKNOWN_NIK, passphrase: 'apa-saja-123' }, 'SIGNER_NOT_REGISTERED', /belum terdaftar/],
    ['registered without a certificate', { nik: NO_CERT_NIK, passphrase: 'apa-saja-123' }, 'SIGNER_NO_CERTIFICATE', /belum memiliki sertifikat/],
    ['certificate expired', EXPIRED, 'CERT_EXPIRED', /kedaluwarsa/],
    ['certificate revoked', REVOKED, 'CERT_REVOKED', /dicabut/],
  ];
  test.each(refusals)('a signer %s hears it in Indonesian, and the passphrase is sent only where the status could not tell', async (_label, signer, code, message) => {
    const before = gateway.requests;
    const error = await signedError(provider().signDocument({ pdf: memo, signer, appearance: { visible: false } }));
    expect(error.code).toBe(code);
    expect(GATEWAY_ERRORS[code as keyof typeof GATEWAY_ERRORS].id).toMatch(message);
    expect(GATEWAY_HTTP_STATUS[code]).toBe(422);
    expect(error.message).not.toContain(signer.passphrase);
    // v1's status says ISSUE for an expired or revoked certificate: only the signing call finds out.
    const sent = version === 'v1' && (code === 'CERT_EXPIRED' || code === 'CERT_REVOKED') ? 1 : 0;
    expect(gateway.requests - before).toBe(sent);
  });

  test('TOTP instead of the passphrase (v2), used once; v1 refuses it before sending anything', async () => {
    const p = provider();
    if (version === 'v1') {
      const before = gateway.calls.length;
      expect((await signedError(p.requestTotp({ nik: KADIS.nik }))).code).toBe('GATEWAY_UNSUPPORTED');
      expect((await signedError(p.signDocument({ pdf: memo, signer: { nik: KADIS.nik, totp: '123456' }, appearance: { visible: false } }))).code).toBe('GATEWAY_UNSUPPORTED');
      expect(gateway.calls.length).toBe(before);
      return;
    }
    delete gateway.totpSent[KADIS.nik];
    await p.requestTotp({ nik: KADIS.nik });
    const totp = gateway.totpSent[KADIS.nik]!;
    expect(totp).toMatch(/^\d{6}$/);
    const wrong = String((Number(totp) + 1) % 1_000_000).padStart(6, '0');
    expect((await signedError(p.signDocument({ pdf: memo, signer: { nik: KADIS.nik, totp: wrong }, appearance: { visible: false } }))).code).toBe('TOTP_INVALID');
    const signed = await p.signDocument({ pdf: memo, signer: { nik: KADIS.nik, totp }, appearance: visibleLastPage });
    const report = await verifyPdf(signed.pdf, { trustAnchors: [readFileSync(registry.rootPemPath), readFileSync(internal.rootPem)], checkRevocation: false });
    expect(report.verdict).toBe('VALID');
    const again = await signedError(p.signDocument({ pdf: memo, signer: { nik: KADIS.nik, totp }, appearance: { visible: false } }));
    expect(again.code).toBe('TOTP_INVALID');
    expect(again.message).not.toContain(totp);
    expect(GATEWAY_ERRORS.TOTP_INVALID.id).toMatch(/TOTP salah/);
  });

  // As the field reports say of BSrE: a fresh signature verifies as PAdES-BASELINE-T without LTV
  // (the provider's check does not count the DSS it appended) — what LTV upgrade (issue 21 item 3) is for.
  test("verify: the provider's report per signature (v2 adds the format and LTV)", async () => {
    const p = provider();
    const signed = await p.signDocument({ pdf: memo, signer: KADIS, appearance: { visible: false } });
    const report = await p.verify(signed.pdf);
    expect(report.conclusion).toBe('VALID');
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject(version === 'v2'
      ? { integrityValid: true, certificateTrusted: true, signatureFormat: 'PAdES-BASELINE-T', ltv: false }
      : { integrityValid: true, certificateTrusted: true, signatureFormat: null, ltv: null });
    // A signature by a root the provider does not know: intact, not trusted.
    const internalSigned = await signAs(internalSigner, { pdf: memo, passphrase: PASSPHRASE, appearance: { visible: false } });
    const foreign = await p.verify(internalSigned.pdf);
    expect(foreign.signatures.map((s) => [s.integrityValid, s.certificateTrusted])).toEqual([[true, false]]);
  });

  test('seal (v2): activation code to the institution, a seal TOTP for one document, the seal verifies; revoked activation gives no more TOTPs; v1 has none', async () => {
    const p = provider({ seal: { idSubscriber: SEAL.idSubscriber, name: SEAL.name } });
    if (version === 'v1') {
      const before = gateway.calls.length;
      expect((await signedError(p.requestSealActivation())).code).toBe('GATEWAY_UNSUPPORTED');
      expect((await signedError(p.sealDocument({ pdf: memo, totp: '123456', appearance: { visible: false } }))).code).toBe('GATEWAY_UNSUPPORTED');
      expect(gateway.calls.length).toBe(before);
      return;
    }
    expect((await signedError(provider().sealDocument({ pdf: memo, totp: '123456', appearance: { visible: false } }))).code).toBe('GATEWAY_NOT_CONFIGURED');
    await p.requestSealActivation();
    const activation = gateway.sealActivationSent[SEAL.idSubscriber]!;
    expect(activation).toMatch(/^\d{6}$/);
    const totp = await p.requestSealTotp(activation, 1);
    const sealed = await p.sealDocument({ pdf: memo, totp, appearance: visibleLastPage, reason: 'Salinan resmi' });
    const report = await verifyPdf(sealed.pdf, { trustAnchors: [readFileSync(registry.rootPemPath), readFileSync(internal.rootPem)], checkRevocation: false });
    expect(report.verdict).toBe('VALID');
    expect(report.signatures.filter((s) => s.kind !== 'document-timestamp').map((s) => s.signer?.name)).toEqual([SEAL.name]);
    const file = join(dir, 'sealed.pdf');
    writeFileSync(file, sealed.pdf);
    expect((await pdfsig(file, nssdb)).map((x) => [x.valid, x.trusted])).toEqual([[true, true]]);
    // The TOTP was for one document.
    expect((await signedError(p.sealDocument({ pdf: memo, totp, appearance: { visible: false } }))).code).toBe('TOTP_INVALID');
    await p.revokeSealActivation(activation);
    const revoked = await signedError(p.requestSealTotp(activation, 1));
    expect(revoked.code).toBe('TOTP_INVALID');
    expect(revoked.message).not.toContain(activation);
  });

  const bodies: Array<[string, () => Promise<Response>, number, number]> = [
    ['wrong passphrase', () => rawSign(version, { nik: KADIS.nik, passphrase: 'salah-sekali' }), 400, 2031],
    ['NIK not registered', () => rawSign(version, { nik: UNKNOWN_NIK, passphrase: 'apa-saja-123' }), 400, 2011],
    ['no certificate', () => rawSign(version, { nik: NO_CERT_NIK, passphrase: 'apa-saja-123' }), 400, 2021],
    ['certificate expired', () => rawSign(version, EXPIRED), 400, 2051],
    ['certificate revoked', () => rawSign(version, REVOKED), 400, 2052],
    ['a page that is not a number', () => rawSign(version, KADIS, { page: 'dua' }), 400, 400],
    ["the application's credentials refused", () => rawSign(version, KADIS, { auth: 'Basic bm9wZTpub3Bl' }), 401, 401],
  ];
  test.each(bodies)('error body for %s: JSON { error, status_code }', async (_label, send, http, statusCode) => {
    const response = await send();
    expect(response.status).toBe(http);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['error', 'status_code']);
    expect(body.status_code).toBe(statusCode);
    expect(body.error).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toContain('salah-sekali');
  });

  test('the stand-in drops its answer after signing: GATEWAY_OUTCOME_UNKNOWN, one signature made, nothing sent again', async () => {
    gateway.fault = { kind: 'drop-response' };
    const [requests, signatures] = [gateway.requests, gateway.signatures];
    const error = await signedError(provider().signDocument({ pdf: memo, signer: KADIS, appearance: { visible: false } }));
    expect(error.code).toBe('GATEWAY_OUTCOME_UNKNOWN');
    expect(error.message).not.toContain(KADIS.passphrase);
    expect(gateway.requests - requests).toBe(1);
    expect(gateway.signatures - signatures).toBe(1);
    expect(GATEWAY_HTTP_STATUS.GATEWAY_OUTCOME_UNKNOWN).toBe(504);
    expect(GATEWAY_ERRORS.GATEWAY_OUTCOME_UNKNOWN.id).toMatch(/mungkin sudah ditandatangani/);
  });

  test("a proxy's 504 after the gateway signed: GATEWAY_OUTCOME_UNKNOWN, not retried", async () => {
    gateway.fault = { kind: 'proxy-timeout' };
    const [requests, signatures] = [gateway.requests, gateway.signatures];
    const error = await signedError(provider().signDocument({ pdf: memo, signer: KADIS, appearance: { visible: false } }));
    expect(error.code).toBe('GATEWAY_OUTCOME_UNKNOWN');
    expect([gateway.requests - requests, gateway.signatures - signatures]).toEqual([1, 1]);
  });

  test('v2 names the signer by e-mail as well; the status answers for the e-mail alone', async () => {
    if (version === 'v1') return;
    expect(await provider().userStatus({ nik: KADIS.nik, email: 'kadis.bappeda@tanahbumbukab.go.id' })).toEqual({ state: 'ISSUE', said: 'ISSUE' });
    const byEmail = async (email: string) => (await fetch(`${url}/api/v2/user/check/status?email=${encodeURIComponent(email)}`, {
      headers: { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` },
    })).json();
    expect(await byEmail('kadis.bappeda@tanahbumbukab.go.id')).toMatchObject({ status: 'ISSUE' });
    expect(await byEmail('tidak.ada@tanahbumbukab.go.id')).toMatchObject({ status: 'NOT_REGISTERED', status_code: 2011 });
  });

  test('503 before signing is retried with backoff and signs once', async () => {
    gateway.fault = { kind: 'unavailable', times: 2 };
    const [requests, signatures] = [gateway.requests, gateway.signatures];
    const started = Date.now();
    await provider({ retryDelayMs: 100 }).signDocument({ pdf: memo, signer: KADIS, appearance: { visible: false } });
    // Waits of 100 then 200 ms between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(gateway.requests - requests).toBe(3);
    expect(gateway.signatures - signatures).toBe(1);
  });
});

describe('gateway errors map to a code, a 4xx for the signer, and an Indonesian message', () => {
  const cases: Array<[string, { nik: string; passphrase: string }, string, number]> = [
    ['wrong passphrase', { nik: KADIS.nik, passphrase: 'bukan-passphrase-ini' }, 'PASSPHRASE_INVALID', 422],
    ['NIK not registered', { nik: '6310059999999999', passphrase: 'apa-saja-123' }, 'SIGNER_NOT_REGISTERED', 422],
    ['certificate expired', EXPIRED, 'CERT_EXPIRED', 422],
    ['certificate revoked', REVOKED, 'CERT_REVOKED', 422],
  ];
  test.each(cases)('%s', async (_label, signer, code, status) => {
    const error = await signedError(signAs({ ...gatewaySigner, nik: signer.nik }, { ...gatewayRequest(), passphrase: signer.passphrase }));
    expect(error.code).toBe(code);
    expect(GATEWAY_HTTP_STATUS[code]).toBe(status);
    expect(GATEWAY_ERRORS[error.code as keyof typeof GATEWAY_ERRORS].id).toMatch(/[a-z]/);
    expect(error.message).not.toContain(signer.passphrase);
    expect(JSON.stringify(error)).not.toContain(signer.passphrase);
  });

  test("the application's credentials refused: GATEWAY_AUTH_FAILED, no retry", async () => {
    const before = gateway.requests;
    const error = await signedError(gatewayProvider(gatewayConfig({ password: 'salah' })).signDocument(gatewayRequest()));
    expect(error.code).toBe('GATEWAY_AUTH_FAILED');
    expect(gateway.requests).toBe(before); // refused before the signing route
  });

  test('an agency without a gateway: GATEWAY_NOT_CONFIGURED (409)', async () => {
    const error = await signedError(signAs({ ...gatewaySigner, agencyCode: 'Inspektorat' }, { ...gatewayRequest(), passphrase: KADIS.passphrase }));
    expect(error.code).toBe('GATEWAY_NOT_CONFIGURED');
    expect(GATEWAY_HTTP_STATUS.GATEWAY_NOT_CONFIGURED).toBe(409);
  });
});

describe('gateway down or misbehaving: an error, no PDF, and retries only when nothing was signed', () => {
  afterAll(() => {
    gateway.fault = undefined;
  });

  test('socket closed mid-request: GATEWAY_OUTCOME_UNKNOWN, not retried (the gateway may have signed)', async () => {
    gateway.fault = { kind: 'close-socket' };
    const before = gateway.requests;
    const error = await signedError(gatewayProvider(gatewayConfig()).signDocument(gatewayRequest()));
    expect(error.code).toBe('GATEWAY_OUTCOME_UNKNOWN');
    expect(gateway.requests - before).toBe(1);
    expect(error.message).not.toContain(KADIS.passphrase);
  });

  test('no answer in time: GATEWAY_OUTCOME_UNKNOWN, not retried', async () => {
    gateway.fault = { kind: 'hang' };
    const before = gateway.requests;
    const error = await signedError(gatewayProvider(gatewayConfig({ timeoutMs: 800 })).signDocument(gatewayRequest()));
    expect(error.code).toBe('GATEWAY_OUTCOME_UNKNOWN');
    expect(gateway.requests - before).toBe(1);
  });

  test('503 "tidak ditandatangani" is retried, then the signature succeeds', async () => {
    gateway.fault = { kind: 'unavailable', times: 2 };
    const before = gateway.requests;
    const signed = await gatewayProvider(gatewayConfig()).signDocument(gatewayRequest());
    expect(gateway.requests - before).toBe(3);
    expect(signed.pdf.length).toBeGreaterThan(memo.length);
  });

  test('503 beyond the retry budget: GATEWAY_UNAVAILABLE', async () => {
    gateway.fault = { kind: 'unavailable', times: 5 };
    const before = gateway.requests;
    const error = await signedError(gatewayProvider(gatewayConfig({ retries: 1 })).signDocument(gatewayRequest()));
    expect(error.code).toBe('GATEWAY_UNAVAILABLE');
    expect(gateway.requests - before).toBe(2);
  });

  test('connection refused (gateway process down): retried, then GATEWAY_UNAVAILABLE', async () => {
    gateway.fault = undefined;
    const down = gateway.app.listen(0, '127.0.0.1');
    await new Promise((r) => down.once('listening', r));
    const port = (down.address() as AddressInfo).port;
    await new Promise((r) => down.close(r));
    const error = await signedError(gatewayProvider(gatewayConfig({ url: `http://127.0.0.1:${port}` })).signDocument(gatewayRequest()));
    expect(error.code).toBe('GATEWAY_UNAVAILABLE');
    expect(error.message).toContain('ECONNREFUSED');
  });

  test('circuit breaker: after 2 failures in a row calls fail at once without sending; after 30 s one trial call closes it', async () => {
    const name = 'BSrE (circuit test)';
    const health = () => gatewayHealth().find((h) => h.name === name);
    let now = Date.now();
    const p = gatewayProvider(gatewayConfig({ name, retries: 0, checkUserStatus: false, circuit: { failures: 2, openMs: 30_000, clock: () => now } }));
    gateway.fault = { kind: 'unavailable', times: 100 };
    const before = gateway.requests;
    expect((await signedError(p.signDocument(gatewayRequest()))).code).toBe('GATEWAY_UNAVAILABLE');
    expect((await signedError(p.signDocument(gatewayRequest()))).code).toBe('GATEWAY_UNAVAILABLE');
    const fast = await signedError(p.signDocument(gatewayRequest()));
    expect(fast.code).toBe('GATEWAY_UNAVAILABLE');
    expect(fast.message).toMatch(/2 times in a row.*nothing was sent/);
    expect(gateway.requests - before).toBe(2);
    expect(health()).toMatchObject({ url, state: 'open', consecutiveFailures: 2, lastFailure: { code: 'GATEWAY_UNAVAILABLE' }, retryAt: expect.any(String) });
    gateway.fault = undefined;
    now += 30_001;
    expect(gatewayHealth(now).find((h) => h.name === name)?.state).toBe('half-open');
    await p.signDocument(gatewayRequest());
    expect(gateway.requests - before).toBe(3);
    expect(health()).toMatchObject({ state: 'closed', consecutiveFailures: 0, lastSuccessAt: expect.any(String) });
  });

  const refusals: Array<[string, StandInGateway['fault'], RegExp]> = [
    ['a tampered PDF', { kind: 'tamper' }, /new signature does not match the document/],
    ['a PDF signed by another NIK', { kind: 'wrong-signer', nik: OTHER.nik, passphrase: OTHER.passphrase }, /not by the requested signer/],
    ['two new signatures', { kind: 'two-signatures' }, /2 new signatures/],
    ['a rewritten (not incremental) file', { kind: 'rewrite' }, /not the sent document with an incremental update/],
  ];
  test.each(refusals)('refuses %s: GATEWAY_RESPONSE_INVALID', async (_label, fault, why) => {
    gateway.fault = fault;
    const error = await signedError(signAs(gatewaySigner, { ...gatewayRequest(), passphrase: KADIS.passphrase }));
    expect(error.code).toBe('GATEWAY_RESPONSE_INVALID');
    expect(error.message).toMatch(why);
  });
});

describe('the stand-in as its own process (npx tsx infra/gateway/server.ts)', () => {
  test('signs for the seeded demo signer, then is killed during a request: GATEWAY_OUTCOME_UNKNOWN and no PDF', async () => {
    const gwDir = join(dir, 'process-gateway');
    // In this very process (not the tsx wrapper, which runs the server in a grandchild the kill would miss).
    const child = spawn(process.execPath, ['infra/stack/run-typescript.mjs', 'infra/gateway/server.ts', '--port', '0', '--pki', gwDir], {
      env: { ...process.env, GATEWAY_USERNAME: USER, GATEWAY_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const seen = (re: RegExp): Promise<RegExpExecArray> =>
      new Promise((resolve, reject) => {
        const look = (): void => {
          const m = re.exec(out);
          if (m) {
            child.stdout!.off('data', look);
            resolve(m);
          }
        };
        child.stdout!.on('data', look);
        child.once('exit', (code) => reject(new Error(`gateway exited ${code}: ${out}`)));
        look();
      });
    try {
      const base = (await seen(/on (http:\/\/[\d.]+:\d+)/))[1]!;
      const demo = DEMO_SIGNERS[0]!;
      const provider = gatewayProvider(gatewayConfig({ url: base, trustAnchors: [readFileSync(join(gwDir, 'pki/root-ca.pem'))], retries: 0 }));
      const signed = await provider.signDocument({ ...gatewayRequest({ nik: demo.nik, passphrase: demo.passphrase }) });
      expect((await verifyPdf(signed.pdf, { trustAnchors: [readFileSync(join(gwDir, 'pki/root-ca.pem'))], checkRevocation: false })).verdict).toBe('VALID');

      // Killed as soon as it logs the request: it is still reading or signing an 8 MB document.
      const large = join(dir, 'large.pdf');
      await buildLargePdf(large, 8, 40);
      const requestsBefore = out.split('POST /api/sign/pdf').length;
      const pending = provider.signDocument({ ...gatewayRequest({ nik: demo.nik, passphrase: demo.passphrase }), pdf: readFileSync(large) });
      await seen(new RegExp(`(?:POST /api/sign/pdf[^]*){${requestsBefore}}`));
      child.kill('SIGKILL');
      const error = await signedError(pending);
      expect(error.code).toBe('GATEWAY_OUTCOME_UNKNOWN');
      expect(error.message).not.toContain(demo.passphrase);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
