import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPkcs12 } from '../keys/pkcs12.js';
import { initPki, inProcessTimestampClient, TimestampAuthority, type KeyType, type Pki } from '@naskah/pki';
import { buildCadesSignature, buildDocumentTimestamp } from './cades.js';
import { httpTimestampClient } from './http-clients.js';
import { parseTimestampToken } from './timestamp-token.js';
import { OID } from './oids.js';

let dir: string;
let pki: Pki;
const content = Buffer.from('%PDF-1.7 covered byte ranges stand-in\n'.repeat(50));
const digest = createHash('sha256').update(content).digest();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naskah-cms-'));
  pki = await initPki(join(dir, 'pki'));
  writeFileSync(join(dir, 'content.bin'), content);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function holderFor(keyType: KeyType, dates: { notBefore?: Date; notAfter?: Date } = {}) {
  const issued = await pki.issue({ name: `Pejabat ${keyType}`, nik: '3201010101010001', keyType, passphrase: 'rahasia123', ...dates });
  return openPkcs12(issued.p12, 'rahasia123');
}

function opensslCmsVerify(cms: Buffer): { status: number | null; stderr: string } {
  const file = join(dir, `sig-${Math.random().toString(36).slice(2)}.der`);
  writeFileSync(file, cms);
  const r = spawnSync('openssl', [
    'cms', '-verify', '-binary', '-inform', 'DER', '-in', file,
    '-content', join(dir, 'content.bin'), '-CAfile', join(dir, 'pki', 'root-ca.pem'), '-purpose', 'any', '-out', '/dev/null',
  ], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

function signedDataOf(cms: Buffer): SignedData {
  const info = AsnConvert.parse(cms, ContentInfo);
  expect(info.contentType).toBe(OID.signedData);
  return AsnConvert.parse(info.content, SignedData);
}

describe.each(['rsa2048', 'rsa3072', 'ecdsa-p256'] as const)('CAdES signature with %s', (keyType) => {
  test('B-B verifies with openssl cms and has exactly the three PAdES signed attributes', async () => {
    const holder = await holderFor(keyType);
    const cms = await buildCadesSignature({ contentDigest: digest, holder });
    const verified = opensslCmsVerify(cms);
    expect(verified.stderr).toContain('Verification successful');
    expect(verified.status).toBe(0);

    const sd = signedDataOf(cms);
    expect(sd.signerInfos).toHaveLength(1);
    expect(sd.encapContentInfo.eContent).toBeUndefined();
    expect(sd.certificates).toHaveLength(3);
    const si = sd.signerInfos[0]!;
    const types = si.signedAttrs!.map((a) => a.attrType).sort();
    expect(types).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    expect(types).not.toContain(OID.signingTime);
    expect(si.unsignedAttrs).toBeUndefined();
    expect(si.signatureAlgorithm.algorithm).toBe(keyType === 'ecdsa-p256' ? OID.ecdsaWithSha256 : OID.sha256WithRSA);
    // signing-certificate-v2 names the signer by SHA-256 (hash bytes appear inside the attribute)
    const scv2 = si.signedAttrs!.find((a) => a.attrType === OID.signingCertificateV2)!;
    const certHash = createHash('sha256').update(holder.certificate).digest();
    expect(Buffer.from(scv2.attrValues[0]!).includes(certHash)).toBe(true);
  });

  test('B-T carries a signature-time-stamp over the signature value and still verifies', async () => {
    const holder = await holderFor(keyType);
    const cms = await buildCadesSignature({ contentDigest: digest, holder, timestamp: inProcessTimestampClient(pki) });
    expect(opensslCmsVerify(cms).status).toBe(0);
    const si = signedDataOf(cms).signerInfos[0]!;
    expect(si.unsignedAttrs!.map((a) => a.attrType)).toEqual([OID.signatureTimeStampToken]);
    const token = Buffer.from(si.unsignedAttrs![0]!.attrValues[0]!);
    const info = parseTimestampToken(token);
    expect(info.messageImprint).toEqual(createHash('sha256').update(Buffer.from(si.signature.buffer)).digest());
    expect(Math.abs(info.genTime.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe('refusals', () => {
  test('an expired certificate is refused with CERT_EXPIRED', async () => {
    const holder = await holderFor('ecdsa-p256', { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    expect(holder.subject.notAfter).toEqual(new Date('2021-01-01'));
    await expect(buildCadesSignature({ contentDigest: digest, holder })).rejects.toMatchObject({ code: 'CERT_EXPIRED' });
  });

  test('a certificate not yet valid is refused with CERT_NOT_YET_VALID', async () => {
    const holder = await holderFor('ecdsa-p256', { notBefore: new Date(Date.now() + 86_400_000) });
    await expect(buildCadesSignature({ contentDigest: digest, holder })).rejects.toMatchObject({ code: 'CERT_NOT_YET_VALID' });
  });

  test('a time-stamp after the certificate expires is refused', async () => {
    const holder = await holderFor('ecdsa-p256', { notAfter: new Date(Date.now() + 60_000) });
    // a TSA whose clock is two minutes ahead: the token's genTime is after the certificate expires
    const late = inProcessTimestampClient(pki, new TimestampAuthority(pki, { clock: () => new Date(Date.now() + 120_000) }));
    await expect(buildCadesSignature({ contentDigest: digest, holder, timestamp: late })).rejects.toMatchObject({
      code: 'CERT_EXPIRED',
    });
  });

  test('TSA down is TSA_UNAVAILABLE, never a local time', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const holder = await holderFor('ecdsa-p256');
    const tsa = httpTimestampClient(`http://127.0.0.1:${port}/tsa`, { timeoutMs: 2000 });
    await expect(buildCadesSignature({ contentDigest: digest, holder, timestamp: tsa })).rejects.toMatchObject({
      code: 'TSA_UNAVAILABLE',
    });
  });

  test('a TSA answering garbage is TSA_RESPONSE_INVALID', async () => {
    const server: Server = createServer((_req, res) => res.end('not a timestamp'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const tsa = httpTimestampClient(`http://127.0.0.1:${port}/tsa`);
      await expect(buildDocumentTimestamp(digest, tsa)).rejects.toMatchObject({ code: 'TSA_RESPONSE_INVALID' });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  test('a digest that is not SHA-256 is a programming error', async () => {
    const holder = await holderFor('ecdsa-p256');
    await expect(buildCadesSignature({ contentDigest: Buffer.alloc(20), holder })).rejects.toBeInstanceOf(RangeError);
  });
});
