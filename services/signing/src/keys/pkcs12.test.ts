import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigningError } from '../errors.js';
import { initPki, type Pki } from '@naskah/pki';
import { derToPem } from '../cms/certificate.js';
import { openPkcs12 } from './pkcs12.js';

let dir: string;
let pki: Pki;
let p12: Buffer;
const passphrase = 'kata sandi rahasia ✓';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naskah-p12-'));
  pki = await initPki(join(dir, 'pki'));
  p12 = (await pki.issue({ name: 'Dewi Lestari', nik: '3201010101010003', keyType: 'ecdsa-p256', passphrase })).p12;
  writeFileSync(join(dir, 'dewi.p12'), p12);
  writeFileSync(join(dir, 'pass.txt'), passphrase);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PKCS#12 written by the PKI', () => {
  test('opens with openssl pkcs12 and uses AES-256-CBC with PBKDF2-SHA256 and a SHA-256 MAC', () => {
    const r = spawnSync('openssl', ['pkcs12', '-info', '-in', join(dir, 'dewi.p12'), '-passin', `file:${join(dir, 'pass.txt')}`, '-noout'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('MAC: sha256');
    expect(r.stderr).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC');
    expect(r.stderr).toContain('PRF hmacWithSHA256');
    expect(r.stderr).not.toMatch(/3DES|RC2|SHA1/i);
  });

  test('a wrong passphrase is PASSPHRASE_INVALID and the message does not echo it', () => {
    let error: unknown;
    try {
      openPkcs12(p12, 'salah sandi');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SigningError);
    expect(error).toMatchObject({ code: 'PASSPHRASE_INVALID', field: 'passphrase' });
    expect((error as Error).message).not.toContain('salah');
  });

  test('garbage and truncated files are P12_MALFORMED', () => {
    expect(() => openPkcs12(Buffer.from('not a p12'), passphrase)).toThrow(expect.objectContaining({ code: 'P12_MALFORMED' }));
    expect(() => openPkcs12(p12.subarray(0, p12.length - 10), passphrase)).toThrow(expect.objectContaining({ code: 'P12_MALFORMED' }));
  });

  test('repeated opens reuse the parsed holder; the holder never serialises its key', () => {
    const a = openPkcs12(p12, passphrase);
    const b = openPkcs12(Buffer.from(p12), passphrase);
    expect(b).toBe(a);
    expect(a.keyAlgorithm).toBe('ecdsa');
    expect(JSON.stringify(a)).not.toMatch(/PRIVATE|"key"/);
  });
});

describe('PKCS#12 written by OpenSSL', () => {
  test.each([
    ['OpenSSL 3 defaults', [] as string[]],
    ['3DES PBE with a SHA-1 MAC', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']],
  ])('opens a file made with %s', async (_label, extra) => {
    // an official's key and certificate, repackaged by OpenSSL
    const issued = await pki.issue({ name: 'Rudi Hartono', nik: '3201010101010004', passphrase: 'rahasia123' });
    const holder = openPkcs12(issued.p12, 'rahasia123');
    const pem = spawnSync('openssl', ['pkcs12', '-in', '-', '-nodes', '-passin', 'pass:rahasia123'], { input: issued.p12 });
    expect(pem.status).toBe(0);
    writeFileSync(join(dir, 'rudi.pem'), pem.stdout);
    writeFileSync(join(dir, 'chain.pem'), holder.chain.map((c) => derToPem(c)).join(''));
    const out = join(dir, `rudi-${extra.length}.p12`);
    const r = spawnSync('openssl', ['pkcs12', '-export', '-in', join(dir, 'rudi.pem'), '-certfile', join(dir, 'chain.pem'), '-out', out, '-passout', 'pass:lain-sandi', ...extra], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const reopened = openPkcs12(readFileSync(out), 'lain-sandi');
    expect(reopened.certificate).toEqual(holder.certificate);
    expect(reopened.chain).toHaveLength(2);
    expect(reopened.subject.name).toBe('Rudi Hartono');
    expect(() => openPkcs12(readFileSync(out), 'rahasia123')).toThrow(expect.objectContaining({ code: 'PASSPHRASE_INVALID' }));
  });
});

test('a weak RSA key (1024 bits) is refused with CERT_INVALID', () => {
  const key = join(dir, 'weak.key');
  const cert = join(dir, 'weak.pem');
  const out = join(dir, 'weak.p12');
  const req = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=Weak', '-days', '1'], { encoding: 'utf8' });
  expect(req.status).toBe(0);
  expect(spawnSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', out, '-passout', 'pass:rahasia123']).status).toBe(0);
  expect(() => openPkcs12(readFileSync(out), 'rahasia123')).toThrow(expect.objectContaining({ code: 'CERT_INVALID' }));
});
