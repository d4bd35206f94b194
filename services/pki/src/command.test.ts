import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPkcs12 } from '@naskah/signing';
import { openPki } from './authority.js';
import { runPkiCommand } from './command.js';

let dir: string;
let pkiDir: string;
let stderr: string;
let stdout: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'naskah-pki-cli-'));
  pkiDir = join(dir, 'pki');
  writeFileSync(join(dir, 'pass.txt'), 'rahasia123\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<number> {
  stderr = '';
  stdout = '';
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    return await runPkiCommand(argv);
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

afterEach(() => {
  delete process.env['NASKAH_PASSPHRASE'];
});

const issueArgs = (out: string, ...extra: string[]): string[] => [
  'issue', '--dir', pkiDir, '--name', 'Budi Santoso', '--nik', '3201010101010001', '--nip', '198001012005011001',
  '--title', 'Kepala Dinas', '--org', 'Dinas Kominfo', '--out', join(dir, out), ...extra,
];

describe('naskah pki', () => {
  test('init, issue (passphrase file or env), revoke', async () => {
    expect(await run('init', '--dir', pkiDir)).toBe(0);
    expect(existsSync(join(pkiDir, 'root-ca.pem'))).toBe(true);

    expect(await run(...issueArgs('budi.p12', '--passphrase-file', join(dir, 'pass.txt'), '--key', 'ecdsa-p256'))).toBe(0);
    const holder = openPkcs12(readFileSync(join(dir, 'budi.p12')), 'rahasia123');
    expect(holder.subject).toMatchObject({ name: 'Budi Santoso', nik: '3201010101010001', nip: '198001012005011001' });
    expect(holder.keyAlgorithm).toBe('ecdsa');
    expect(stdout).toContain(holder.subject.serialHex);

    process.env['NASKAH_PASSPHRASE'] = 'dari-lingkungan';
    expect(await run(...issueArgs('env.p12', '--not-after', '2020-06-01T00:00:00Z', '--not-before', '2020-01-01T00:00:00Z'))).toBe(0);
    const expired = openPkcs12(readFileSync(join(dir, 'env.p12')), 'dari-lingkungan');
    expect(expired.subject.notAfter.toISOString()).toBe('2020-06-01T00:00:00.000Z');

    expect(await run('revoke', '--dir', pkiDir, '--serial', holder.subject.serialHex.toUpperCase())).toBe(0);
    expect(openPki(pkiDir).findRecord('issuing', holder.subject.serialHex)?.revokedAt).toBeDefined();
  });

  test.each([
    ['missing --dir', ['init']],
    ['unknown command', ['frobnicate', '--dir', 'x']],
    ['unknown flag', ['init', '--dir', 'x', '--colour', 'red']],
    ['NIK not 16 digits', ['issue', '--dir', 'x', '--name', 'A', '--nik', '12345', '--out', 'a.p12']],
    ['NIP not 18 digits', ['issue', '--dir', 'x', '--name', 'A', '--nik', '3201010101010001', '--nip', '1', '--out', 'a.p12']],
    ['bad key type', ['issue', '--dir', 'x', '--name', 'A', '--nik', '3201010101010001', '--key', 'dsa', '--out', 'a.p12']],
    ['missing --out', ['issue', '--dir', 'x', '--name', 'A', '--nik', '3201010101010001']],
  ])('usage error (%s) exits 2 with one line', async (_label, argv) => {
    expect(await run(...argv)).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a passphrase as a plain argument is refused and not echoed', async () => {
    expect(await run(...issueArgs('p.p12', '--passphrase', 'bocor-di-ps'))).toBe(2);
    expect(stderr).not.toContain('bocor-di-ps');
    expect(existsSync(join(dir, 'p.p12'))).toBe(false);
  });

  test('no passphrase at all is a usage error', async () => {
    expect(await run(...issueArgs('none.p12'))).toBe(2);
    expect(stderr).toContain('NASKAH_PASSPHRASE');
  });

  test('rejected input exits 3: missing PKI, unknown serial', async () => {
    expect(await run('issue', '--dir', join(dir, 'nowhere'), '--name', 'A', '--nik', '3201010101010001', '--out', join(dir, 'x.p12'), '--passphrase-file', join(dir, 'pass.txt'))).toBe(3);
    expect(stderr).toContain('No PKI found');
    expect(existsSync(join(dir, 'x.p12'))).toBe(false);
    expect(await run('revoke', '--dir', pkiDir, '--serial', 'abcdef')).toBe(3);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('officials issued by parallel processes are all recorded', async () => {
    const bin = fileURLToPath(new URL('../../../bin/naskah.js', import.meta.url));
    const before = openPki(pkiDir).records().length;
    const runs = [0, 1, 2, 3].map(
      (i) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [bin, 'pki', 'issue', '--dir', pkiDir, '--name', `Pegawai ${i}`, '--nik', '320101010101002' + i, '--key', 'ecdsa-p256', '--out', join(dir, `par-${i}.p12`)], {
            env: { ...process.env, NASKAH_PASSPHRASE: 'rahasia123' },
            stdio: 'ignore',
          });
          child.on('close', resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    const records = openPki(pkiDir).records();
    expect(records.length).toBe(before + 4);
    expect(records.map((r) => r.subject)).toEqual(expect.arrayContaining(['Pegawai 0', 'Pegawai 1', 'Pegawai 2', 'Pegawai 3']));
    expect(existsSync(join(pkiDir, 'db.json.lock'))).toBe(false);
  });
});
