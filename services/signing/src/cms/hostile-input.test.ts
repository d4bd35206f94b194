// Damaged or hostile bytes reach these parsers from uploads and the network:
// each must answer with a SigningError (or a protocol-level rejection), never crash.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigningError } from '../errors.js';
import { decodePkcs12 } from '../keys/pkcs12.js';
import { initPki, OcspResponder, TimestampAuthority, type Pki } from '@naskah/pki';
import { timestampRequest } from './timestamp-token.js';
import { ocspCertificateStatus, ocspRequest } from './revocation.js';
import { parseTimestampToken, tokenFromResponse } from './timestamp-token.js';

let dir: string;
let pki: Pki;
let p12: Buffer;
let certificate: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naskah-hostile-'));
  pki = await initPki(join(dir, 'pki'));
  ({ p12, certificate } = await pki.issue({ name: 'A', nik: '3201010101010001', keyType: 'ecdsa-p256', passphrase: 'rahasia123' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function damaged(b: Buffer): Buffer {
  const copy = Buffer.from(b);
  for (let i = randomInt(1, 4); i > 0; i--) copy[randomInt(copy.length)] = randomInt(256);
  return randomInt(4) === 0 ? copy.subarray(0, randomInt(copy.length)) : copy;
}

function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (error) {
    return error instanceof SigningError ? error.code : `crash: ${(error as Error).message}`;
  }
}

test('damaged PKCS#12 files give P12_MALFORMED or PASSPHRASE_INVALID', () => {
  const outcomes = new Set<string>();
  for (let i = 0; i < 1000; i++) outcomes.add(outcome(() => decodePkcs12(damaged(p12), 'rahasia123')));
  expect([...outcomes].filter((o) => o.startsWith('crash'))).toEqual([]);
  expect(outcomes).toContain('P12_MALFORMED');
});

test('the TSA and OCSP responder answer garbage with a protocol rejection', () => {
  const tsa = new TimestampAuthority(pki);
  const ocsp = new OcspResponder(pki);
  const tsq = timestampRequest(Buffer.alloc(32, 1), Buffer.from([1, 2, 3]));
  const ocspReq = ocspRequest(certificate, pki.issuing.certificate.der);
  for (let i = 0; i < 500; i++) {
    expect(() => tsa.respond(damaged(tsq))).not.toThrow();
    expect(() => tsa.respond(randomBytes(randomInt(200)))).not.toThrow();
    expect(() => ocsp.respond(damaged(ocspReq))).not.toThrow();
  }
  // a malformed OCSP request: status malformedRequest (1)
  expect(ocsp.respond(Buffer.from('30020500', 'hex'))).toEqual(Buffer.from('30030a0101', 'hex'));
});

test('damaged TSA replies and OCSP responses are typed errors on the client side', () => {
  const imprint = Buffer.alloc(32, 1);
  const reply = new TimestampAuthority(pki).respond(timestampRequest(imprint, Buffer.from([7])));
  const response = new OcspResponder(pki).respond(ocspRequest(certificate, pki.issuing.certificate.der));
  const outcomes = new Set<string>();
  for (let i = 0; i < 500; i++) {
    outcomes.add(outcome(() => tokenFromResponse(damaged(reply), imprint, '7')));
    outcomes.add(outcome(() => parseTimestampToken(randomBytes(randomInt(300)))));
    outcomes.add(outcome(() => ocspCertificateStatus(damaged(response), certificate)));
  }
  expect([...outcomes].filter((o) => o.startsWith('crash'))).toEqual([]);
  expect(outcomes).toContain('TSA_RESPONSE_INVALID');
});
