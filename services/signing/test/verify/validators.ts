// Independent validators used as oracles: poppler's pdfsig (NSS trust store)
// and pyHanko. Both are real tools run as child processes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Relative to the checkout: CI runs in a fresh clone elsewhere.
export const PYHANKO = fileURLToPath(new URL('../../../../.tools/venv/bin/pyhanko', import.meta.url));

export function nssDb(rootPem: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'naskah-nss-'));
  const root = join(dir, 'root-ca.pem');
  writeFileSync(root, rootPem);
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'root', '-t', 'CT,C,C', '-i', root]);
  return dir;
}

export interface PdfsigSignature { field: string; valid: boolean; total: boolean; certificate: string }

export function pdfsig(file: string, nss: string): PdfsigSignature[] {
  const r = spawnSync('pdfsig', [file, '-nssdir', `sql:${nss}`, '-no-ocsp'], { encoding: 'utf8' });
  const blocks = r.stdout.split(/^Signature #\d+:/m).slice(1);
  return blocks.map((b) => ({
    field: /Signature Field Name: (.*)/.exec(b)?.[1]?.trim() ?? '?',
    valid: /Signature Validation: Signature is Valid\./.test(b),
    total: /Total document signed/.test(b),
    certificate: /Certificate Validation: (.*)/.exec(b)?.[1]?.trim() ?? '?',
  }));
}

export interface PyhankoField { field: string; verdict: string; coverage: string; trusted: boolean; intact: boolean; text: string }

/** `extra`: e.g. --no-strict-syntax for files from poppler, which writes generation-1 objects no free entry preceded. */
export function pyhanko(file: string, rootPemPath: string, extra: string[] = []): PyhankoField[] {
  const r = spawnSync(PYHANKO, ['sign', 'validate', '--pretty-print', '--trust', rootPemPath, '--trust-replace', '--no-revocation-check', ...extra, file], { encoding: 'utf8' });
  const out = r.stdout;
  return out.split(/^=+\nField \d+: /m).slice(1).map((b) => ({
    field: b.split('\n')[0]!.trim(),
    verdict: /The signature is judged (\w+)/.exec(b)?.[1] ?? '?',
    coverage: /does not cover the entire file/.test(b) ? 'ENTIRE_REVISION' : /covers the entire file/.test(b) ? 'ENTIRE_FILE' : '?',
    trusted: /certificate is trusted/.test(b),
    intact: /cryptographically sound/.test(b),
    text: b,
  }));
}
