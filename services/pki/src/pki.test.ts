import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNotRevoked, httpRevocationSource, httpTimestampClient, openPkcs12 } from '@naskah/signing';
import { collectValidationMaterial, derToPem, ocspCertificateStatus, ocspRequest, oid, OID, parseCertificate, sequence } from '@naskah/signing/cms';
import { initPki, openPki, type Pki } from './authority.js';
import { startPkiServer, type RunningPkiServer } from './http.js';
import { inProcessRevocationSource, inProcessTimestampClient } from './in-process.js';

/** openssl with stdin, stdout and stderr together (the CA's answers are checked by the tool auditors use). */
function openssl(args: string[], input?: Buffer): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out }));
    child.stdin.end(input);
  });
}

let dir: string;
let pkiDir: string;
let pki: Pki;
let server: RunningPkiServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naskah-pki-'));
  pkiDir = join(dir, 'pki');
  pki = await initPki(pkiDir, { baseUrl: 'http://127.0.0.1:3000/api/pki' });
  server = await startPkiServer(pki);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});


function file(name: string, content: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function issue(name: string, nik = '3201010101010001') {
  return pki.issue({ name, nik, nip: '198001012005011001', title: 'Kepala Dinas', org: 'Dinas Kominfo', passphrase: 'rahasia123' });
}

describe('initPki', () => {
  test('writes a trust anchor and CA, TSA and OCSP certificates that chain to it', async () => {
    const ca = join(pkiDir, 'root-ca.pem');
    const r = await openssl(['verify', '-CAfile', ca, '-untrusted', join(pkiDir, 'issuing-ca.pem'), join(pkiDir, 'tsa.pem'), join(pkiDir, 'ocsp.pem')]);
    expect(r.out).toContain('tsa.pem: OK');
    expect(r.out).toContain('ocsp.pem: OK');
    expect(r.status).toBe(0);
    expect(statSync(join(pkiDir, 'root-ca.key')).mode & 0o077).toBe(0);
    const tsa = parseCertificate(pki.tsa.certificate.der);
    expect(tsa.extensions.get(OID.extKeyUsage)?.critical).toBe(true);
    expect(pki.ocspResponder.certificate.extensions.has(OID.ocspNoCheck)).toBe(true);
  });

  test('a second PKI names its CAs differently (NSS finds issuers and CRLs by name)', async () => {
    const other = await initPki(join(dir, 'other-pki'));
    expect(other.root.certificate.subjectDer.equals(pki.root.certificate.subjectDer)).toBe(false);
    expect(other.issuing.certificate.subjectDer.equals(pki.issuing.certificate.subjectDer)).toBe(false);
    expect(other.issuing.certificate.subject.get('2.5.4.3')).toBe('Naskah Issuing CA');
  });

  test('refuses to overwrite an existing PKI', async () => {
    await expect(initPki(pkiDir)).rejects.toMatchObject({ code: 'USAGE', field: 'dir' });
  });
});

describe('issued certificates', () => {
  test('carry the official identity, signing key usage and revocation pointers', async () => {
    const issued = await issue('Budi Santoso');
    const text = (await openssl(['x509', '-inform', 'DER', '-noout', '-text', '-nameopt', 'RFC2253'], issued.certificate)).out;
    expect(text).toMatch(/Subject: .*CN=Budi Santoso/);
    expect(text).toContain('serialNumber=3201010101010001');
    expect(text).toContain('title=Kepala Dinas');
    expect(text).toContain('O=Dinas Kominfo');
    expect(text).toContain('C=ID');
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toContain('OCSP - URI:http://127.0.0.1:3000/api/pki/ocsp');
    expect(text).toContain('CA Issuers - URI:http://127.0.0.1:3000/api/pki/ca.crt');
    expect(text).toContain('URI:http://127.0.0.1:3000/api/pki/crl');
    // pdfsig verifies as an e-mail signer: without emailProtection in an EKU it does not say "Trusted".
    expect(parseCertificate(issued.certificate).extensions.get(OID.extKeyUsage)).toEqual({
      critical: false,
      value: sequence(oid(OID.ekuEmailProtection), oid(OID.ekuDocumentSigning)),
    });
    const holder = openPkcs12(issued.p12, 'rahasia123');
    expect(holder.subject).toMatchObject({ name: 'Budi Santoso', nik: '3201010101010001', nip: '198001012005011001', title: 'Kepala Dinas', org: 'Dinas Kominfo', serialHex: issued.serialHex });
    expect(holder.chain.map((c) => parseCertificate(c).subjectDer)).toEqual([pki.issuing.certificate.subjectDer, pki.root.certificate.subjectDer]);
  });

  test('input is validated field by field', async () => {
    await expect(pki.issue({ name: 'X', nik: '123', passphrase: 'rahasia123' })).rejects.toMatchObject({ code: 'USAGE', field: 'nik' });
    await expect(pki.issue({ name: 'X', nik: '3201010101010001', nip: '1', passphrase: 'rahasia123' })).rejects.toMatchObject({ field: 'nip' });
    await expect(pki.issue({ name: ' ', nik: '3201010101010001', passphrase: 'rahasia123' })).rejects.toMatchObject({ field: 'name' });
  });
});

describe('time-stamp authority over HTTP', () => {
  test('answers an openssl ts query with a token that openssl ts -verify accepts', async () => {
    const data = file('stamp.txt', 'nota dinas');
    const query = join(dir, 'q.tsq');
    expect((await openssl(['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query])).status).toBe(0);
    const response = await fetch(`${server.url}/tsa`, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: readFileSync(query),
    });
    expect(response.headers.get('content-type')).toBe('application/timestamp-reply');
    const reply = file('r.tsr', Buffer.from(await response.arrayBuffer()));
    const text = (await openssl(['ts', '-reply', '-in', reply, '-text'])).out;
    expect(text).toContain('Status: Granted.');
    expect(text).toContain('Policy OID: 2.999.1.1');
    expect(text).toMatch(/Nonce: 0x[0-9A-F]+/);
    const verify = await openssl(['ts', '-verify', '-in', reply, '-queryfile', query, '-CAfile', join(pkiDir, 'root-ca.pem'), '-untrusted', join(pkiDir, 'issuing-ca.pem')]);
    expect(verify.out).toContain('Verification: OK');
  });

  test('the HTTP client gets a token for the imprint it asked for', async () => {
    const imprint = createHash('sha256').update('x').digest();
    const token = await httpTimestampClient(`${server.url}/tsa`).timestamp(imprint);
    const tokenFile = file('token.der', token);
    const r = await openssl(['ts', '-verify', '-digest', imprint.toString('hex'), '-in', tokenFile, '-token_in', '-CAfile', join(pkiDir, 'root-ca.pem'), '-untrusted', join(pkiDir, 'issuing-ca.pem')]);
    expect(r.out).toContain('Verification: OK');
  });

  test('a malformed query gets a rejection, not a crash', async () => {
    const response = await fetch(`${server.url}/tsa`, { method: 'POST', body: 'garbage' });
    expect(response.status).toBe(200);
    const reply = file('bad.tsr', Buffer.from(await response.arrayBuffer()));
    expect((await openssl(['ts', '-reply', '-in', reply, '-text'])).out).toContain('Status: Rejected.');
  });
});

describe('revocation', () => {
  test('OCSP says good, then revoked after revoke; openssl ocsp verifies both', async () => {
    const issued = await issue('Siti Aminah', '3201010101010009');
    const certPem = file('siti.pem', derToPem(issued.certificate));
    const ocspArgs = ['ocsp', '-issuer', join(pkiDir, 'issuing-ca.pem'), '-cert', certPem, '-url', `${server.url}/ocsp`, '-CAfile', join(pkiDir, 'root-ca.pem')];
    const good = await openssl(ocspArgs);
    expect(good.out).toContain('Response verify OK');
    expect(good.out).toContain('siti.pem: good');

    // revoked from "another process": a fresh Pki over the same directory, as the CLI does
    openPki(pkiDir).revoke(issued.serialHex, 'keyCompromise');
    const revoked = await openssl(ocspArgs);
    expect(revoked.out).toContain('Response verify OK');
    expect(revoked.out).toContain('siti.pem: revoked');
    expect(revoked.out).toContain('Reason: keyCompromise');

    const holder = openPkcs12(issued.p12, 'rahasia123');
    await expect(assertNotRevoked(holder, inProcessRevocationSource(pki))).rejects.toMatchObject({ code: 'CERT_REVOKED' });
    await expect(assertNotRevoked(holder, httpRevocationSource({ ocspUrl: `${server.url}/ocsp` }))).rejects.toMatchObject({ code: 'CERT_REVOKED' });

    // the CRL lists the serial and verifies against the issuing CA
    const crl = file('issuing.crl', Buffer.from(await (await fetch(`${server.url}/crl`)).arrayBuffer()));
    const crlText = await openssl(['crl', '-inform', 'DER', '-in', crl, '-noout', '-text', '-CAfile', join(pkiDir, 'chain.pem')]);
    expect(crlText.out).toContain('verify OK');
    expect(crlText.out).toContain(`Serial Number: ${issued.serialHex.toUpperCase()}`);
    expect(readFileSync(join(pkiDir, 'issuing-ca.crl')).length).toBeGreaterThan(0);
    const onDisk = (await openssl(['crl', '-inform', 'DER', '-in', join(pkiDir, 'issuing-ca.crl'), '-noout', '-text'])).out;
    expect(onDisk).toContain(issued.serialHex.toUpperCase());
  });

  test('OCSP over GET with a base64 request, and for the issuing CA (answered by the root)', async () => {
    const request = ocspRequest(pki.issuing.certificate.der, pki.root.certificate.der);
    const response = Buffer.from(await (await fetch(`${server.url}/ocsp/${encodeURIComponent(request.toString('base64'))}`)).arrayBuffer());
    expect(ocspCertificateStatus(response, pki.issuing.certificate.der).status).toBe('good');
    const respFile = file('ca.ocsp', response);
    const r = await openssl(['ocsp', '-no_nonce', '-respin', respFile, '-issuer', join(pkiDir, 'root-ca.pem'), '-cert', join(pkiDir, 'issuing-ca.pem'), '-CAfile', join(pkiDir, 'root-ca.pem')]);
    expect(r.out).toContain('Response verify OK');
    expect(r.out).toContain('issuing-ca.pem: good');
  });

  test('a certificate the PKI never issued is unknown', async () => {
    // the root certificate asked about as if the issuing CA had issued it
    const response = await inProcessRevocationSource(pki).ocsp(pki.root.certificate.der, pki.issuing.certificate.der);
    expect(ocspCertificateStatus(response, pki.root.certificate.der).status).toBe('unknown');
  });

  test('validation material covers the signer chain and the TSA chain', async () => {
    const issued = await issue('Agus Salim', '3201010101010010');
    const holder = openPkcs12(issued.p12, 'rahasia123');
    const token = await inProcessTimestampClient(pki).timestamp(Buffer.alloc(32, 1));
    const m = await collectValidationMaterial(holder, inProcessRevocationSource(pki), [token]);
    const subjects = m.certs.map((c) => parseCertificate(c).subject.get('2.5.4.3'));
    expect(subjects).toEqual(expect.arrayContaining(['Agus Salim', 'Naskah Issuing CA', 'Naskah Root CA', 'Naskah Time-Stamp Authority']));
    // signer, issuing CA (by the root) and TSA: three OCSP responses; two CRLs (issuing CA and root)
    expect(m.ocsps).toHaveLength(3);
    expect(m.crls).toHaveLength(2);
    expect(ocspCertificateStatus(m.ocsps[0]!, m.certs[0]!).status).toBe('good');
  });

  test('revoking an unknown serial is refused', () => {
    expect(() => pki.revoke('abcdef')).toThrow(expect.objectContaining({ code: 'CERT_UNKNOWN' }));
  });
});
