// The gateway provider end to end against the stand-in gateway (in process,
// ephemeral port): mixed internal + gateway signatures checked by pdfsig,
// pyHanko and verifyPdf; each gateway error; a gateway that fails mid-request;
// a gateway that returns something we must refuse.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GATEWAY_ERRORS, GATEWAY_HTTP_STATUS, gatewayDirectory, gatewayProvider, inProcessRevocationSource, inProcessTimestampClient,
  isSigningError, openPkcs12, placementFor, publicSummary, revokeCertificate, signPdf, verifyPdf,
  type GatewayConfig, type GatewayDirectory, type SignatureAppearance, type SignedDocument, type SigningError,
} from '@naskah/signing';
import { buildFixture, buildLargePdf, makeNssDb, makeTestPki, PASSPHRASE, pdfsig, pyhankoValidate, qpdfCheck, type TestPki } from '@naskah/signing/testing';
import { createStandInGateway, type StandInGateway } from './app.js';
import { DEMO_SIGNERS, openGatewayRegistry, type GatewayRegistry } from './registry.js';

const USER = 'naskah-test';
const PASSWORD = 'gateway-test-password';
const KADIS = { nik: '6310050112700010', passphrase: 'rahasia-bsre-uji' };
const OTHER = { nik: '6310050112700011', passphrase: 'rahasia-lain-uji' };
const EXPIRED = { nik: '6310050112700012', passphrase: 'rahasia-kedaluwarsa' };
const REVOKED = { nik: '6310050112700013', passphrase: 'rahasia-dicabut' };
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
    ],
  });
  revokeCertificate(registry.pki, registry.signers[REVOKED.nik]!.serialHex, 'keyCompromise');
  gateway = createStandInGateway({ registry, username: USER, password: PASSWORD });
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
    const report = (await gatewayProvider(gatewayConfig()).verify(signed.pdf)) as { conclusion: string; jumlah_signature: number };
    expect(report).toMatchObject({ conclusion: 'VALID', jumlah_signature: 1 });
    expect(signed.providerDocumentId).toMatch(/^[0-9a-f-]{36}$/);
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

  test('socket closed mid-request: GATEWAY_UNAVAILABLE, not retried (the gateway may have signed)', async () => {
    gateway.fault = { kind: 'close-socket' };
    const before = gateway.requests;
    const error = await signedError(gatewayProvider(gatewayConfig()).signDocument(gatewayRequest()));
    expect(error.code).toBe('GATEWAY_UNAVAILABLE');
    expect(gateway.requests - before).toBe(1);
    expect(error.message).not.toContain(KADIS.passphrase);
  });

  test('no answer in time: GATEWAY_TIMEOUT, not retried', async () => {
    gateway.fault = { kind: 'hang' };
    const before = gateway.requests;
    const error = await signedError(gatewayProvider(gatewayConfig({ timeoutMs: 800 })).signDocument(gatewayRequest()));
    expect(error.code).toBe('GATEWAY_TIMEOUT');
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
  test('signs for the seeded demo signer, then is killed during a request: GATEWAY_UNAVAILABLE and no PDF', async () => {
    const gwDir = join(dir, 'process-gateway');
    // node --import tsx (not the tsx wrapper, which runs the server in a grandchild the kill would miss).
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/gateway/server.ts', '--port', '0', '--pki', gwDir], {
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
      expect(error.code).toBe('GATEWAY_UNAVAILABLE');
      expect(error.message).not.toContain(demo.passphrase);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
