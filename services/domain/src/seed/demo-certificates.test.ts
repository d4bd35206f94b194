import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { openPkcs12 } from '@naskah/signing';
import { demoSigningPassphrase, internalCaIssuer } from './demo-certificates.js';

const dir = mkdtempSync(path.join(tmpdir(), 'naskah-seed-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('demo signers get a PKCS#12 from the internal CA that opens with the demo passphrase only', async () => {
  const issue = await internalCaIssuer(dir);
  const cert = await issue({ nik: '6310031802750004', name: 'Ir. Muhammad Ridwan Saputra, M.T.', nip: '197502182002121002', title: 'Kepala Dinas', email: '' });
  expect(cert.keystoreRef).toBe('6310031802750004.p12');
  expect(cert.subject).toContain('SERIALNUMBER=6310031802750004');
  expect(cert.notAfter.getTime()).toBeGreaterThan(Date.now());
  const file = path.join(dir, 'keystore', cert.keystoreRef!);
  expect(statSync(file).mode & 0o077).toBe(0);
  const holder = openPkcs12(readFileSync(file), demoSigningPassphrase);
  expect(holder.subject.nik).toBe('6310031802750004');
  expect(() => openPkcs12(readFileSync(file), 'salah')).toThrow();
  // A second issuer over the same directory reuses the CA instead of replacing it.
  const again = await internalCaIssuer(dir);
  const other = await again({ nik: '6310016305710002', name: 'Dr. Hj. Siti Aisyah Rahmani, M.Si.', nip: null, title: 'Sekretaris Daerah', email: '' });
  expect(other.issuer).toBe(cert.issuer);
});

test('with a public base URL, the CA and every demo certificate name its /api/pki services and the row records it', async () => {
  const own = mkdtempSync(path.join(tmpdir(), 'naskah-seed-ca-url-'));
  try {
    const issue = await internalCaIssuer(own, { publicBaseUrl: 'https://naskah.tanahbumbukab.go.id/' });
    const cert = await issue({ nik: '6310031802750004', name: 'Ir. Muhammad Ridwan Saputra, M.T.', nip: null, title: 'Kepala Dinas', email: '' });
    expect(cert.publicBaseUrl).toBe('https://naskah.tanahbumbukab.go.id');
    const holder = openPkcs12(readFileSync(path.join(own, 'keystore', cert.keystoreRef!)), demoSigningPassphrase);
    const info = new X509Certificate(holder.certificate).infoAccess ?? '';
    expect(info).toContain('OCSP - URI:https://naskah.tanahbumbukab.go.id/api/pki/ocsp');
    expect(info).toContain('CA Issuers - URI:https://naskah.tanahbumbukab.go.id/api/pki/ca.crt');
    // the issuing CA made by the same call points there too
    expect(new X509Certificate(holder.chain[0]!).infoAccess).toContain('https://naskah.tanahbumbukab.go.id/api/pki/');
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
});
