// EU DSS (6.3, built by `infra/stack.ts install` into .tools/dss-2) as an
// independent validator of what Naskah writes: every level on three kinds of
// input (classic xref, xref streams + object streams, pre-signed by pyHanko),
// all files in one JVM per run, with the internal root trusted.
//
// The test PKI's certificates name a responder this test serves over HTTP (AIA:
// OCSP and CA certificate, CRL distribution point), as an installation's
// PUBLIC_BASE_URL does. Two modes, in one JVM:
// - online, as a relying party runs DSS (and as `naskah verify` does by default):
//   revocation data missing from the file is fetched from the certificates'
//   addresses, so every level is TOTAL_PASSED, at the level claimed;
// - offline (nothing fetched): B-LT and B-LTA still pass on the revocation data
//   the file carries, B-B and B-T are INDETERMINATE for want of it, as Naskah's
//   verifier says with `--offline`.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPkcs12 } from '../src/keys/index.js';
import { createPkiHandler, inProcessRevocationSource, inProcessTimestampClient, type PkiHandler } from '@naskah/pki';
import { signPdf, type PadesLevel } from '../src/sign.js';
import { verifyPdf } from '../src/verify/index.js';
import { buildFixture, type FixtureKind } from './fixtures.js';
import { makeTestPki, PASSPHRASE, type TestPki } from './pki-setup.js';

// The folder name changes with infra/dss (see infra/stack/dss.ts): .tools is shared between checkouts.
const dssDir = join(process.cwd(), '.tools/dss-2');
const classpath = [join(dssDir, 'build/naskah-dss.jar'), join(dssDir, 'lib/*')].join(':');
const levels: PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];
const kinds: FixtureKind[] = ['classic', 'xref-stream', 'pre-signed'];
const SIGNER = 'Andi Wijaya, S.T.';

interface DssEntry { id: string; indication: string; subIndication: string | null; format: string | null; signedBy: string | null; errors: string[] }
interface DssFile { file: string; online: boolean; signatures?: DssEntry[]; error?: string; ms: number }

let base: string;
let tp: TestPki;
let server: Server;
let pkiHandler: PkiHandler | undefined;
/** What the relying parties asked the PKI's public face for, e.g. "POST /ocsp", "GET /crl". */
const requests: string[] = [];
const files: { kind: FixtureKind; level: PadesLevel; path: string }[] = [];

beforeAll(async () => {
  if (!existsSync(join(dssDir, 'build/naskah-dss.jar'))) throw new Error('EU DSS validator missing: run `npx tsx infra/stack.ts install` (needs mvn and a JDK 17)');
  base = mkdtempSync(join(tmpdir(), 'naskah-dss-'));
  // The port comes first: the certificates carry the responder's address.
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${(req.url ?? '').replace(/^\/ocsp\/.*/, '/ocsp/…')}`);
    if (pkiHandler) pkiHandler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tp = await makeTestPki(base, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  pkiHandler = createPkiHandler(tp.pki);
  const holder = openPkcs12(readFileSync(tp.p12.andi), PASSPHRASE);
  for (const kind of kinds) {
    const input = readFileSync(await buildFixture(kind, { dir: base, otherToolP12: tp.p12.dewi, passphraseFile: tp.passphraseFile }));
    for (const level of levels) {
      const path = join(base, `${kind}-${level}.pdf`);
      writeFileSync(path, await signPdf(input, {
        holder, level, reason: 'Penandatangan',
        timestamp: inProcessTimestampClient(tp.pki), revocation: inProcessRevocationSource(tp.pki),
      }));
      files.push({ kind, level, path });
    }
  }
}, 180_000);

afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (base) rmSync(base, { recursive: true, force: true });
});

interface DssRun { offline: DssFile[]; online: DssFile[]; ms: number; asked: string[] }
let dssRun: Promise<DssRun> | undefined;

/**
 * One JVM for both modes (start-up and DSS's warm-up paid once): every file offline, then every file online.
 * `asked`: what DSS asked the responder (the offline mode has no sources to ask).
 */
function runDss(): Promise<DssRun> {
  dssRun ??= new Promise((resolve, reject) => {
    const started = Date.now();
    const before = requests.length;
    const paths = files.map((f) => f.path);
    const args = ['-cp', classpath, 'id.naskah.dss.NaskahDss', '--trust', tp.rootPem, '--offline', ...paths, '--online', ...paths];
    // Asynchronous: this process keeps serving the responder while DSS asks it.
    execFile('java', args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`DSS failed: ${stderr || error.message}`));
      const results = stdout.trim().split('\n').map((line) => JSON.parse(line) as DssFile);
      resolve({ offline: results.slice(0, paths.length), online: results.slice(paths.length), ms: Date.now() - started, asked: requests.slice(before) });
    });
  });
  return dssRun;
}

function ours(result: DssFile): DssEntry {
  expect(result.error).toBeUndefined();
  // Naskah's signature: the one by Andi (the pre-signed input also carries pyHanko's, by Dewi).
  const entry = result.signatures!.find((s) => s.signedBy === SIGNER);
  expect(entry).toBeDefined();
  return entry!;
}

const claimedFormat = (level: PadesLevel): string => `PAdES-BASELINE-${level.slice(2)}`;
const adesErrors = (e: DssEntry): string[] => e.errors.filter((m) => !m.startsWith('qualification:'));
const shown = (e: DssEntry): string => `${e.indication}${e.subIndication ? ` / ${e.subIndication}` : ''}`;

test('EU DSS online (revocation fetched from the certificates\' OCSP/CRL addresses): every level on every kind of input is TOTAL_PASSED at the level claimed, as Naskah\'s verifier online says', async () => {
  const { online, ms, asked } = await runDss();
  expect(online).toHaveLength(files.length);
  const rows: string[] = ['| input | level | DSS indication | DSS format | Naskah (online) | DSS ms |', '|---|---|---|---|---|---|'];
  for (const [i, f] of files.entries()) {
    const result = online[i]!;
    expect({ file: result.file, online: result.online }).toEqual({ file: f.path, online: true });
    const entry = ours(result);
    const naskah = await verifyPdf(f.path, { trustAnchors: [readFileSync(tp.rootPem)], allowOnlineRevisionCheck: true });
    const mine = naskah.signatures.find((s) => s.signer?.name === SIGNER)!;
    rows.push(`| ${f.kind} | ${f.level} | ${shown(entry)} | ${entry.format} | ${mine.verdict} / ${mine.level} | ${result.ms} |`);
    expect({ file: f.path, indication: entry.indication, format: entry.format, errors: adesErrors(entry) })
      .toEqual({ file: f.path, indication: 'TOTAL_PASSED', format: claimedFormat(f.level), errors: [] });
    // Naskah's rule: revocation missing from the file is asked of the certificate's OCSP responder; good → VALID.
    expect({ file: f.path, verdict: mine.verdict, level: mine.level, reasons: mine.reasons.map((r) => r.code) })
      .toEqual({ file: f.path, verdict: 'VALID', level: f.level, reasons: [] });
  }
  // DSS got the status of the B-B and B-T signers from the responder their certificates name, not from the file.
  expect(asked.some((r) => r === 'POST /ocsp' || r === 'GET /ocsp/…' || r.startsWith('GET /crl'))).toBe(true);
  console.log(`EU DSS 6.3 online against Naskah (responder asked: ${[...new Set(asked)].join(', ')}; `
    + `one JVM for ${files.length * 2} validations, start-up included: ${ms} ms):\n${rows.join('\n')}`);
}, 180_000);

test('EU DSS offline (nothing fetched): B-LT and B-LTA pass on the file\'s own revocation data, B-B and B-T are INDETERMINATE for want of it, as Naskah\'s verifier offline says', async () => {
  const { offline } = await runDss();
  expect(offline).toHaveLength(files.length);
  const rows: string[] = ['| input | level | DSS indication | DSS format | Naskah (offline) | DSS ms |', '|---|---|---|---|---|---|'];
  for (const [i, f] of files.entries()) {
    const result = offline[i]!;
    expect({ file: result.file, online: result.online }).toEqual({ file: f.path, online: false });
    const entry = ours(result);
    const naskah = await verifyPdf(f.path, { trustAnchors: [readFileSync(tp.rootPem)], allowOnlineRevisionCheck: false });
    const mine = naskah.signatures.find((s) => s.signer?.name === SIGNER)!;
    rows.push(`| ${f.kind} | ${f.level} | ${shown(entry)} | ${entry.format} | ${mine.verdict} / ${mine.level} | ${result.ms} |`);
    expect({ file: f.path, format: entry.format }).toEqual({ file: f.path, format: claimedFormat(f.level) });
    expect(mine.level).toBe(f.level);
    if (f.level === 'B-LT' || f.level === 'B-LTA') {
      expect({ file: f.path, indication: entry.indication, errors: adesErrors(entry) })
        .toEqual({ file: f.path, indication: 'TOTAL_PASSED', errors: [] });
      expect(mine.verdict).toBe('VALID');
    } else {
      expect({ file: f.path, indication: entry.indication }).toEqual({ file: f.path, indication: 'INDETERMINATE' });
      expect(entry.errors.join(' ')).toMatch(/revocation/i);
      expect(mine.verdict).toBe('INDETERMINATE');
      expect(mine.reasons.map((r) => r.code)).toContain('REVOCATION_UNKNOWN');
    }
  }
  console.log(`EU DSS 6.3 offline against Naskah (first file pays the JVM's warm-up):\n${rows.join('\n')}`);
}, 180_000);
