// EU DSS (6.3, built by `infra/stack.ts install` into .tools/dss) as an
// independent validator of what Naskah writes: every level on three kinds of
// input (classic xref, xref streams + object streams, pre-signed by pyHanko),
// all files in one JVM. With the internal root trusted and nothing fetched
// (offline), DSS must find the level Naskah claims, pass B-LT and B-LTA
// (TOTAL_PASSED: the file carries its revocation data), and call B-B and B-T
// INDETERMINATE for want of revocation data, as Naskah's verifier offline does.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPkcs12 } from '../src/keys/index.js';
import { inProcessRevocationSource, inProcessTimestampClient } from '../src/pki/index.js';
import { signPdf, type PadesLevel } from '../src/sign.js';
import { verifyPdf } from '../src/verify/index.js';
import { buildFixture, type FixtureKind } from './fixtures.js';
import { makeTestPki, PASSPHRASE, type TestPki } from './pki-setup.js';

const dssDir = join(process.cwd(), '.tools/dss');
const classpath = [join(dssDir, 'build/naskah-dss.jar'), join(dssDir, 'lib/*')].join(':');
const levels: PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];
const kinds: FixtureKind[] = ['classic', 'xref-stream', 'pre-signed'];

interface DssEntry { id: string; indication: string; subIndication: string | null; format: string | null; signedBy: string | null; errors: string[] }
interface DssFile { file: string; signatures?: DssEntry[]; error?: string; ms: number }

let base: string;
let tp: TestPki;
const files: { kind: FixtureKind; level: PadesLevel; path: string }[] = [];

beforeAll(async () => {
  if (!existsSync(join(dssDir, 'build/naskah-dss.jar'))) throw new Error('EU DSS validator missing: run `npx tsx infra/stack.ts install` (needs mvn and a JDK 17)');
  base = mkdtempSync(join(tmpdir(), 'naskah-dss-'));
  tp = await makeTestPki(base);
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

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

function runDss(paths: string[]): Promise<{ results: DssFile[]; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile('java', ['-cp', classpath, 'id.naskah.dss.NaskahDss', '--trust', tp.rootPem, ...paths], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`DSS failed: ${stderr || error.message}`));
      else resolve({ results: stdout.trim().split('\n').map((line) => JSON.parse(line) as DssFile), ms: Date.now() - started });
    });
  });
}

test('EU DSS finds the claimed level of every Naskah signature; B-LT and B-LTA pass, B-B and B-T are INDETERMINATE offline as Naskah says', async () => {
  const { results, ms } = await runDss(files.map((f) => f.path));
  expect(results).toHaveLength(files.length);
  const rows: string[] = ['| input | level | DSS format | DSS indication | Naskah offline | ms |', '|---|---|---|---|---|---|'];
  for (const [i, f] of files.entries()) {
    const result = results[i]!;
    expect(result.error).toBeUndefined();
    // Naskah's own signature: the one by Andi (the pre-signed input also carries pyHanko's, by Dewi).
    const ours = result.signatures!.find((s) => s.signedBy === 'Andi Wijaya, S.T.');
    expect(ours).toBeDefined();
    const naskah = await verifyPdf(f.path, { trustAnchors: [readFileSync(tp.rootPem)], allowOnlineRevisionCheck: false });
    const mine = naskah.signatures.find((s) => s.signer?.name === 'Andi Wijaya, S.T.')!;
    rows.push(`| ${f.kind} | ${f.level} | ${ours!.format} | ${ours!.indication}${ours!.subIndication ? ` / ${ours!.subIndication}` : ''} | ${mine.verdict} / ${mine.level} | ${result.ms} |`);
    // The level DSS detects is the level claimed (and the level Naskah's verifier reports).
    expect({ file: f.path, format: ours!.format }).toEqual({ file: f.path, format: `PAdES-BASELINE-${f.level.slice(2)}` });
    expect(mine.level).toBe(f.level);
    if (f.level === 'B-LT' || f.level === 'B-LTA') {
      expect({ file: f.path, indication: ours!.indication, errors: ours!.errors.filter((e) => !e.startsWith('qualification:')) })
        .toEqual({ file: f.path, indication: 'TOTAL_PASSED', errors: [] });
      expect(mine.verdict).toBe('VALID');
    } else {
      // No revocation data in the file and none fetched: neither validator can say more.
      expect({ file: f.path, indication: ours!.indication }).toEqual({ file: f.path, indication: 'INDETERMINATE' });
      expect(ours!.errors.join(' ')).toMatch(/revocation/i);
      expect(mine.verdict).toBe('INDETERMINATE');
      expect(mine.reasons.map((r) => r.code)).toContain('REVOCATION_UNKNOWN');
    }
  }
  rows.push(`| all ${files.length} files, one JVM | | | | | ${ms} |`);
  console.log(`EU DSS 6.3 against Naskah:\n${rows.join('\n')}`);
}, 180_000);
