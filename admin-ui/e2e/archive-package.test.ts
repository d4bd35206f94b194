// Issue 19, the auditor's archive package: downloaded in the console (PAKET ARSIP), it is read as the
// auditor reads it. BACA-SAYA.txt prints its times in the Pemda's zone (WITA), never UTC ISO text, and
// names no folder the ZIP lacks (it once pointed at a trust/ the package did not have); the report and
// the audit sheet print WITA times; the letter carries its kop with the Pemda's name. The browser runs
// in WIB (Asia/Jakarta), so a time in the browser's zone would not pass for the Pemda's.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { actWhenTurn, apiSession, DEMO_PASSPHRASE, notaDinasThroughApi, openAs, rawKeys, startConsoleStack, type ConsoleStack } from './harness.js';

const HAL = 'Penyampaian Laporan Pengelolaan Arsip Dinamis Triwulan IV';
let stack: ConsoleStack;
let archiveId = 0;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'naskah-e2e-package-'));

beforeAll(async () => {
  stack = await startConsoleStack();
  // A nota dinas rendered by the server from its fields, signed by the Kepala Dinas; the workflow numbers and archives it.
  const documentId = await notaDinasThroughApi(stack, HAL);
  await actWhenTurn(await apiSession(stack, 'kadis.kominfo'), `/documents/${documentId}/sign`, { passphrase: DEMO_PASSPHRASE });
  const client = new pg.Client({ connectionString: stack.db.url });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 120 && !archiveId; attempt++) {
      const { rows } = await client.query<{ id: number }>('select id from archive_record where document_id = $1', [documentId]);
      archiveId = rows[0]?.id ?? 0;
      if (!archiveId) await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await client.end();
  }
  if (!archiveId) throw new Error(`document ${documentId} was never archived`);
}, 240_000);

afterAll(async () => {
  fs.rmSync(workDir, { recursive: true, force: true });
  await stack?.close();
});

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
/** A time as Indonesian print writes it in WITA: "7 Desember 2026 22.05 WITA". */
const WITA_TIME = /\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4} \d{2}\.\d{2} WITA\b/;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('the auditor\'s archive package, downloaded in the console', () => {
  test('BACA-SAYA prints WITA times and names only folders the ZIP has; the report and audit sheet print WITA; the letter carries the Pemda\'s kop', async () => {
    const page = await openAs(stack, 'auditor.inspektorat', `/archive/${archiveId}/show`);
    const button = page.getByTestId('package-download');
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
    const zip = path.join(workDir, 'paket.zip');
    await download.saveAs(zip);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();

    const out = path.join(workDir, 'paket');
    execFileSync('unzip', ['-q', '-o', zip, '-d', out]);
    const entries = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').filter(Boolean);

    // BACA-SAYA.txt: there, its times in WITA (not UTC ISO), every folder it names present in the ZIP.
    expect(entries).toContain('BACA-SAYA.txt');
    const readMe = fs.readFileSync(path.join(out, 'BACA-SAYA.txt'), 'utf8');
    expect(readMe).toMatch(WITA_TIME);
    expect(readMe).not.toMatch(ISO_TIME);
    expect(readMe).not.toMatch(/\bUTC\b|\bWIB\b/);
    const folders = [...new Set([...readMe.matchAll(/(?:^|[\s(])([A-Za-z0-9_-]+)\//g)].map((m) => m[1]!))];
    expect(folders.length).toBeGreaterThan(0);
    const missing = folders.filter((f) => !entries.some((e) => e.startsWith(`${f}/`)));
    expect(missing).toEqual([]);

    // The verification report and the audit sheet: WITA times, no UTC ISO text.
    for (const sheet of ['verifikasi/laporan-verifikasi.pdf', 'jejak-audit/lembar-jejak-audit.pdf']) {
      const text = pdfText(path.join(out, sheet));
      expect([sheet, WITA_TIME.test(text)]).toEqual([sheet, true]);
      expect([sheet, ISO_TIME.test(text)]).toEqual([sheet, false]);
    }

    // The letter: its kop opens with the Pemda's name (the setting the admin keeps), in capitals as a kop prints it.
    const pemda = (await (await fetch(`${stack.baseUrl}/api/pemda`)).json()) as { name: string };
    const letters = entries.filter((e) => /^dokumen\/.+\.pdf$/.test(e));
    expect(letters).toHaveLength(1);
    const letter = pdfText(path.join(out, letters[0]!));
    expect(letter).toContain(pemda.name.toUpperCase());
    expect(letter).toContain(HAL);
  }, 180_000);
});
