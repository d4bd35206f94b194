// Rendered documents go through the signing engine (`naskah pki`, `naskah sign`,
// `naskah verify`) with stamps placed in the template's reserved slots, and
// independent tools (qpdf, poppler's pdfsig) agree the result is sound.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { renderDocument } from './render.js';
import type { Slot } from './page.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '../../../bin/naskah.js');
const work = mkdtempSync(join(tmpdir(), 'naskah-templates-sign-'));
const passphraseFile = join(work, 'passphrase');
const pki = join(work, 'pki');
const nss = join(work, 'nss');

async function naskah(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
  return stdout;
}

async function issue(name: string, nik: string, nip: string, title: string): Promise<string> {
  const p12 = join(work, `${nip}.p12`);
  await naskah(['pki', 'issue', '--dir', pki, '--name', name, '--nik', nik, '--nip', nip, '--title', title, '--out', p12, '--passphrase-file', passphraseFile]);
  return p12;
}

/** Signs IN into OUT with the stamp in `slot` (the CLI counts pages from 1). */
async function signAt(input: string, output: string, p12: string, slot: Slot, paraf = false): Promise<void> {
  const { x, y, width, height } = slot.rect;
  await naskah(['sign', input, '--out', output, '--p12', p12, '--pki', pki, '--passphrase-file', passphraseFile,
    '--page', String(slot.page + 1), '--rect', `${x},${y},${width},${height}`, ...(paraf ? ['--paraf'] : [])]);
}

function pdfsig(file: string): string {
  try {
    return execFileSync('pdfsig', [file, '-nssdir', `sql:${nss}`, '-no-ocsp'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

async function independentChecks(file: string, signatures: number): Promise<void> {
  expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors/);
  const sig = pdfsig(file);
  expect(sig.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(signatures);
  expect(sig).not.toMatch(/Signature Validation: (?!Signature is Valid)/);
  // Each earlier signature covers its own revision; the newest covers the whole file.
  expect(sig.match(/Not total document signed/g) ?? []).toHaveLength(signatures - 1);
  expect(sig.match(/- Total document signed/g)).toHaveLength(1);
  // Every chain trusted by NSS, not just the first signature's.
  expect(sig.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(signatures);
  expect(sig).not.toMatch(/Certificate Validation: (?!Certificate is Trusted)/);
  const report = JSON.parse(await naskah(['verify', file, '--trust', join(pki, 'root-ca.pem'), '--json', '--no-revocation-check'])) as {
    verdict: string; signatures: { field: string; intact: boolean; cmsValid: boolean; trusted: boolean }[];
  };
  expect(report.verdict).toBe('VALID');
  expect(report.signatures).toHaveLength(signatures);
  for (const s of report.signatures) expect(s).toMatchObject({ intact: true, cmsValid: true, trusted: true });
}

let kadis: string;
let kasi: string;
let bupati: string;

beforeAll(async () => {
  writeFileSync(passphraseFile, 'Sandi-Uji-Tanah-Bumbu-2026\n', { mode: 0o600 });
  await naskah(['pki', 'init', '--dir', pki]);
  kadis = await issue('Ahmad Fauzi Rahman', '6310011205780001', '197805122003121004', 'Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian');
  kasi = await issue('Dewi Anggraini', '6310015803900004', '199003182015032004', 'Kepala Seksi Pengembangan Aplikasi');
  bupati = await issue('Andi Rudi Latif', '6310010101700002', '197001012000031001', 'Bupati Tanah Bumbu');
  mkdirSync(nss);
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', join(pki, 'root-ca.pem')]);
  execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'issuing', '-t', ',,', '-i', join(pki, 'issuing-ca.pem')]);
  for (const crl of ['issuing-ca.crl', 'root-ca.crl']) execFileSync('crlutil', ['-I', '-d', `sql:${nss}`, '-i', join(pki, crl)]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function example(type: string): unknown {
  return JSON.parse(readFileSync(join(here, '../examples', `${type}.json`), 'utf8'));
}

describe('rendered PDFs sign and verify cleanly', () => {
  it('nota dinas: paraf in the paraf slot, then the TTE in the signature slot', async () => {
    const rendered = await renderDocument(example('nota_dinas') as never, { final: true });
    const original = join(work, 'nota-dinas.pdf');
    writeFileSync(original, rendered.pdf);
    const paraf = join(work, 'nota-dinas-paraf.pdf');
    const signed = join(work, 'nota-dinas-signed.pdf');
    await signAt(original, paraf, kasi, rendered.parafSlots[0]!, true);
    await signAt(paraf, signed, kadis, rendered.signatureSlots[0]!);
    await independentChecks(signed, 2);
    // The signed file starts with the rendered bytes unchanged (incremental updates only).
    expect(readFileSync(signed).subarray(0, rendered.pdf.length).equals(Buffer.from(rendered.pdf))).toBe(true);
  });

  it('perjanjian kinerja: both parties sign, each in their own slot', async () => {
    const rendered = await renderDocument(example('perjanjian_kinerja') as never, { final: true });
    const original = join(work, 'pk.pdf');
    writeFileSync(original, rendered.pdf);
    const first = join(work, 'pk-1.pdf');
    const both = join(work, 'pk-2.pdf');
    const [bupatiSlot, kadisSlot] = rendered.signatureSlots;
    await signAt(original, first, bupati, bupatiSlot!);
    await signAt(first, both, kadis, kadisSlot!);
    await independentChecks(both, 2);
    const text = execFileSync('pdftotext', ['-layout', both, '-'], { encoding: 'utf8' });
    expect(text).toContain('PERJANJIAN KINERJA TAHUN 2026');
    expect(text).toContain('Indikator Kinerja Utama');
  });
});
