// BER in the CMS of a signature (X.690 §8: indefinite lengths, constructed
// OCTET STRINGs), as NSS and many Java signers write it. A Naskah signature is
// re-encoded here, by a walker independent of the verifier's reader, and put
// back into the same /Contents: the signed bytes are unchanged, so the
// signature must stay VALID; `openssl cms -verify` is the independent oracle
// (NSS reads poppler's BER but not segmented signature values: third-party.test.ts
// compares with pdfsig on what NSS itself writes). The
// signed attributes are then BER too: RFC 5652 §5.4 says their DER was signed.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTimestampToken, tokenFromResponse } from '../../src/cms/timestamp-token.js';
import { decodePkcs12 } from '../../src/keys/pkcs12.js';
import { TimestampAuthority } from '@naskah/pki';
import { timestampRequest } from '../../src/cms/timestamp-token.js';
import { verifyPdf } from '../../src/verify/verify-pdf.js';
import { memo, sign, testPki, type TestPki } from './fixtures.js';

interface Node { tag: number; header: number; start: number; end: number; kids: Node[] | null }

/** Definite-length DER only; the input is our own signer's output. */
function readDer(b: Buffer, pos: number): Node {
  const tag = b[pos]!;
  let len = b[pos + 1]!;
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[pos + 2 + i]!;
    header += n;
  }
  const end = pos + header + len;
  let kids: Node[] | null = null;
  if (tag & 0x20) {
    kids = [];
    for (let p = pos + header; p < end; ) { const k = readDer(b, p); kids.push(k); p = k.end; }
  }
  return { tag, header, start: pos, end, kids };
}

const EOC = Buffer.from([0, 0]);
const defLen = (n: number): Buffer => (n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]));

/** A certificate (its TBSCertificate opens with [0] version) stays DER: its own signature covers that DER. */
const isCertificate = (n: Node): boolean => n.tag === 0x30 && n.kids?.length === 3 && n.kids[0]!.tag === 0x30 && n.kids[0]!.kids?.[0]?.tag === 0xa0;

interface BerOptions {
  /** Reverse the items of every [0] IMPLICIT SET (signed attributes): BER allows any order. */
  unsortedSets?: boolean;
}

/**
 * Every constructed element indefinite-length; every OCTET STRING over 16 bytes split into
 * constructed segments. Inside the signed attributes the attribute values stay as they were,
 * as BER signers write them (NSS and OpenSSL hash those values as received).
 */
function toBer(b: Buffer, n: Node, o: BerOptions, parent?: Node, depthInSignedAttrs = -1): Buffer {
  if (isCertificate(n) || depthInSignedAttrs >= 2) return b.subarray(n.start, n.end);
  if (n.kids) {
    // signed attributes: the [0] right after the digest algorithm in a SignerInfo
    const signedAttrs = n.tag === 0xa0 && parent?.tag === 0x30 && parent.kids?.[0]?.tag === 0x02 && parent.kids[3] === n;
    const depth = signedAttrs ? 0 : depthInSignedAttrs >= 0 ? depthInSignedAttrs + 1 : -1;
    let kids = n.kids.map((k) => toBer(b, k, o, n, depth));
    if (o.unsortedSets && signedAttrs) kids = kids.reverse();
    return Buffer.concat([Buffer.from([n.tag, 0x80]), ...kids, EOC]);
  }
  const value = b.subarray(n.start + n.header, n.end);
  if (n.tag === 0x04 && value.length > 16) {
    const segments: Buffer[] = [];
    for (let i = 0; i < value.length; i += 16) {
      const s = value.subarray(i, i + 16);
      segments.push(Buffer.concat([Buffer.from([0x04]), defLen(s.length), s]));
    }
    return Buffer.concat([Buffer.from([0x24, 0x80]), ...segments, EOC]);
  }
  return b.subarray(n.start, n.end);
}

function gap(pdf: Buffer): [number, number] {
  const m = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(pdf.toString('latin1'))!;
  return [Number(m[1]), Number(m[2])];
}

function cmsOf(pdf: Buffer): Buffer {
  const [a, b] = gap(pdf);
  const hex = pdf.toString('latin1', a + 1, b - 1);
  const der = Buffer.from(hex, 'hex');
  return der.subarray(0, readDer(der, 0).end);
}

/** The same file with other bytes in the /Contents gap (zero padded to the same size). */
function withContents(pdf: Buffer, cms: Buffer): Buffer {
  const [a, b] = gap(pdf);
  const room = b - a - 2;
  const hex = cms.toString('hex');
  if (hex.length > room) throw new Error(`${cms.length} bytes do not fit the ${room / 2} reserved`);
  return Buffer.concat([pdf.subarray(0, a + 1), Buffer.from(hex.padEnd(room, '0'), 'latin1'), pdf.subarray(b - 1)]);
}

let t: TestPki;
let signed: Buffer;
let der: Buffer;
let dir: string;
let rootPath: string;

beforeAll(async () => {
  t = await testPki();
  signed = await sign(await memo(1), t, 0, 'B-T');
  der = cmsOf(signed);
  dir = mkdtempSync(join(tmpdir(), 'naskah-ber-'));
  rootPath = join(dir, 'root-ca.pem');
  writeFileSync(rootPath, t.rootPem);
});

/** Our report, and whether `openssl cms -verify` accepts the CMS over the bytes the range covers. */
async function check(pdf: Buffer, cms: Buffer, name: string): Promise<{ ours: Awaited<ReturnType<typeof verifyPdf>>; opensslValid: boolean }> {
  const [a, b] = gap(pdf);
  const cmsFile = join(dir, `${name}.der`);
  const covered = join(dir, `${name}.bin`);
  writeFileSync(cmsFile, cms);
  writeFileSync(covered, Buffer.concat([pdf.subarray(0, a), pdf.subarray(b)]));
  const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cmsFile, '-content', covered, '-CAfile', rootPath, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
  const ours = await verifyPdf(pdf, { trustAnchors: [t.rootPem], checkRevocation: false });
  return { ours, opensslValid: r.status === 0 && /Verification successful/.test(r.stderr) };
}

describe('BER-encoded CMS', () => {
  test('indefinite lengths and constructed OCTET STRINGs everywhere (signature value, TSTInfo, signed attributes): VALID, as OpenSSL says', async () => {
    const ber = toBer(der, readDer(der, 0), {});
    expect(ber.subarray(0, 2).toString('hex')).toBe('3080');
    expect(ber.equals(der)).toBe(false);
    const { ours, opensslValid } = await check(withContents(signed, ber), ber, 'ber');
    expect(opensslValid).toBe(true);
    const s = ours.signatures[0]!;
    expect({ verdict: s.verdict, intact: s.intact, cmsValid: s.cmsValid, level: s.level, timestamp: s.timestamp?.valid, reasons: s.reasons }).toEqual({ verdict: 'VALID', intact: true, cmsValid: true, level: 'B-T', timestamp: true, reasons: [] });
  });

  test('signed attributes received out of DER order: their DER (sorted, X.690 §11.6) is what was signed', async () => {
    const ber = toBer(der, readDer(der, 0), { unsortedSets: true });
    const { ours, opensslValid } = await check(withContents(signed, ber), ber, 'ber-unsorted');
    // OpenSSL hashes the attributes in the order received (CMS_Attributes_Verify), so it refuses;
    // RFC 5652 §5.4 names the DER of the SET OF, which is sorted, and that is what the signer signed.
    expect(opensslValid).toBe(false);
    expect(ours.signatures[0]!.verdict).toBe('VALID');
  });

  test('a changed byte inside BER signed attributes is still caught', async () => {
    const ber = toBer(der, readDer(der, 0), {});
    // The message-digest attribute: OID 1.2.840.113549.1.9.4, then SET { OCTET STRING (32) }.
    const oid = Buffer.from('06092a864886f70d010904', 'hex');
    const at = ber.indexOf(oid);
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(ber);
    const digestEnd = tampered.indexOf(Buffer.from([0x04, 0x20]), at) + 2 + 32;
    tampered[digestEnd - 1] = tampered[digestEnd - 1]! ^ 0x01;
    const { ours, opensslValid } = await check(withContents(signed, tampered), tampered, 'ber-tampered');
    expect(opensslValid).toBe(false);
    const s = ours.signatures[0]!;
    expect(s.verdict).toBe('INVALID');
    expect(s.intact).toBe(false);
    expect(s.reasons.map((r) => r.code)).toContain('DIGEST_MISMATCH');
  });

  test('hostile BER: nesting past the depth bound, a missing end-of-contents, a length past the end', async () => {
    const cases: Array<[string, Buffer]> = [
      ['deep', Buffer.concat([Buffer.alloc(2000 * 2, 0).fill(Buffer.from([0x30, 0x80])), Buffer.alloc(2000 * 2, 0)])],
      ['no end-of-contents', Buffer.concat([Buffer.from('3080', 'hex'), der.subarray(2, 40)])],
      ['length past the end', Buffer.from('3084ffffff00020101', 'hex')],
    ];
    for (const [name, bytes] of cases) {
      const r = await verifyPdf(withContents(signed, bytes), { trustAnchors: [t.rootPem], checkRevocation: false });
      expect({ name, verdict: r.verdict, readable: r.readable, codes: r.signatures[0]!.reasons.map((x) => x.code) }).toEqual({ name, verdict: 'INVALID', readable: true, codes: ['CMS_MALFORMED'] });
    }
  });
});

describe('the signing side reads BER with the same reader', () => {
  test('a PKCS#12 file in BER (indefinite lengths, segmented authSafe, as Java keystores write it) opens', async () => {
    const issued = await t.pki.issue({ name: 'Rina Wulandari', nik: '6471026607910006', keyType: 'ecdsa-p256', passphrase: 'rahasia-uji-123' });
    const ber = toBer(issued.p12, readDer(issued.p12, 0), {});
    expect(ber.subarray(0, 2).toString('hex')).toBe('3080');
    const decoded = decodePkcs12(ber, 'rahasia-uji-123');
    expect(decoded.certificates.some((c) => c.der.equals(issued.certificate))).toBe(true);
    expect(decoded.key.der.length).toBeGreaterThan(0);
  });

  test('a time-stamp reply in BER gives the same token facts', () => {
    const imprint = Buffer.alloc(32, 7);
    const reply = new TimestampAuthority(t.pki).respond(timestampRequest(imprint, Buffer.from([0x2a])));
    const berReply = toBer(reply, readDer(reply, 0), {});
    expect(berReply.equals(reply)).toBe(false);
    const token = tokenFromResponse(berReply, imprint, '2a');
    const fromDer = parseTimestampToken(tokenFromResponse(reply, imprint, '2a'));
    expect(parseTimestampToken(token)).toEqual(fromDer);
  });
});
