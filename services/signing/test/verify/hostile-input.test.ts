// Hostile and broken files: each gives an INVALID report with a reason code,
// never an exception, a stack overflow, a hang or an unbounded allocation.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { verifyPdf } from '../../src/verify/verify-pdf.js';
import { memo, sign, testPki, type TestPki } from './fixtures.js';

/** A classic-xref PDF from object bodies (object n is bodies[n - 1]). */
function rawPdf(bodies: Array<string | Buffer>, trailerExtra = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  let pos = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((b, i) => {
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(b) ? b : Buffer.from(b, 'latin1'), Buffer.from('\nendobj\n')]);
    offsets.push(pos);
    parts.push(chunk);
    pos += chunk.length;
  });
  let xref = `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) xref += `${String(o).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R ${trailerExtra} >>\nstartxref\n${pos}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(xref)]);
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGES = '<< /Type /Pages /Kids [] /Count 0 >>';

let t: TestPki;
let signed: Buffer;
beforeAll(async () => {
  t = await testPki();
  signed = await sign(await memo(1), t, 0, 'B-B');
});

async function codeOf(bytes: Buffer, limits?: Parameters<typeof verifyPdf>[1]['limits']): Promise<string[]> {
  const r = await verifyPdf(bytes, { trustAnchors: [t.rootPem], checkRevocation: false, limits });
  expect(r.verdict).not.toBe('VALID');
  return [...r.reasons, ...r.signatures.flatMap((s) => s.reasons)].map((x) => x.code);
}

describe('hostile input', () => {
  test('not a PDF, empty, and truncated files', async () => {
    expect(await codeOf(Buffer.from('GIF89a not a pdf at all'))).toEqual(['PDF_UNREADABLE']);
    expect(await codeOf(Buffer.alloc(0))).toEqual(['PDF_UNREADABLE']);
    for (const cut of [100, Math.floor(signed.length / 2), signed.length - 10]) {
      expect((await codeOf(signed.subarray(0, cut))).length).toBeGreaterThan(0);
    }
  });

  test('a well-formed PDF without signatures is INVALID: NO_SIGNATURES', async () => {
    expect(await codeOf(rawPdf([CATALOG, PAGES]))).toEqual(['NO_SIGNATURES']);
  });

  test('deep nesting is cut at the depth limit, without a stack overflow', async () => {
    const deep = `<< /Type /Catalog /Pages 2 0 R /X ${'['.repeat(200_000)}${']'.repeat(200_000)} >>`;
    expect(await codeOf(rawPdf([deep, PAGES]))).toEqual(['PDF_LIMIT_EXCEEDED']);
    const dicts = `<< /Type /Catalog /Pages 2 0 R /X ${'<< /A '.repeat(5000)}1${' >>'.repeat(5000)} >>`;
    expect(await codeOf(rawPdf([dicts, PAGES]))).toEqual(['PDF_LIMIT_EXCEEDED']);
  });

  test('a decompression bomb in an object stream or xref stream is refused', async () => {
    const bomb = deflateSync(Buffer.alloc(48 * 1024 * 1024));
    const xrefBomb = Buffer.concat([
      Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
      Buffer.from(`2 0 obj\n<< /Type /XRef /Size 3 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`),
      bomb,
      Buffer.from('\nendstream\nendobj\nstartxref\n44\n%%EOF\n'),
    ]);
    const r = await verifyPdf(xrefBomb, { trustAnchors: [] });
    expect(r.reasons.map((x) => x.code)).toEqual(['PDF_LIMIT_EXCEEDED']);
    expect(r.reasons[0]!.detail).toMatch(/decompression bomb/);
    // The same bomb against a small per-stream limit.
    const small = await verifyPdf(xrefBomb, { trustAnchors: [], limits: { maxStreamBytes: 1024 } });
    expect(small.reasons.map((x) => x.code)).toEqual(['PDF_LIMIT_EXCEEDED']);
  });

  test('xref loops, absurd xref sizes, self-referencing lengths and wrong offsets', async () => {
    const loop = rawPdf([CATALOG, PAGES]);
    const startxref = Number(/startxref\n(\d+)/.exec(loop.toString('latin1'))![1]);
    const looped = Buffer.from(loop.toString('latin1').replace('/Root 1 0 R', `/Root 1 0 R /Prev ${startxref}`), 'latin1');
    expect(await codeOf(looped)).toEqual(['PDF_UNREADABLE']);
    const absurd = Buffer.from('%PDF-1.7\nxref\n0 99999999999\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n');
    expect((await codeOf(absurd))[0]).toMatch(/PDF_UNREADABLE|PDF_LIMIT_EXCEEDED/);
    const selfLength = rawPdf([CATALOG, PAGES, '<< /Length 3 0 R >>\nstream\nabc\nendstream']);
    expect(await codeOf(selfLength)).toEqual(['NO_SIGNATURES']);
    const wrongOffset = Buffer.from(rawPdf([CATALOG, PAGES]).toString('latin1').replace(/startxref\n\d+/, 'startxref\n3'), 'latin1');
    expect(await codeOf(wrongOffset)).toEqual(['PDF_UNREADABLE']);
  });

  test('white space inside the /Contents hex string is read as PDF allows', async () => {
    const text = signed.toString('latin1');
    const [, gapStart, gapEnd] = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(text)!.map(Number) as [number, number, number];
    const open = gapStart + 1;
    // Inside the DER part and in the zero padding, same length so offsets hold.
    const spaced = text.slice(0, open + 10) + '\n ' + text.slice(open + 12, open + 100) + '\t\t' + text.slice(open + 102);
    const broken = Buffer.from(spaced, 'latin1');
    const r = await verifyPdf(broken, { trustAnchors: [t.rootPem], checkRevocation: false });
    // Two hex digits were replaced, so the CMS differs: the point is a clean verdict, not a crash.
    expect(r.readable).toBe(true);
    expect(r.signatures[0]!.reasons.map((x) => x.code)).toEqual(expect.arrayContaining([expect.stringMatching(/CMS_|DIGEST_|SIGNER_/)]));
    const end = gapEnd - 1;
    const padded = text.slice(0, end - 40) + ' '.repeat(10) + '0'.repeat(30) + text.slice(end);
    expect((await verifyPdf(Buffer.from(padded, 'latin1'), { trustAnchors: [t.rootPem], checkRevocation: false })).verdict).toBe('VALID');
  });

  test('encrypted files are named as such', async () => {
    expect(await codeOf(rawPdf([CATALOG, PAGES, '<< /Filter /Standard /V 2 >>'], '/Encrypt 3 0 R'))).toEqual(['PDF_ENCRYPTED']);
  });

  test('the time budget stops a verification that runs too long', async () => {
    const pages = await memo(300);
    const big = await sign(pages, t, 0, 'B-B');
    expect(await codeOf(big, { timeBudgetMs: 0 })).toEqual(['PDF_LIMIT_EXCEEDED']);
    // With the normal budget the same file is fine.
    expect((await verifyPdf(big, { trustAnchors: [t.rootPem], checkRevocation: false })).verdict).toBe('VALID');
  });
});
