// Issue 19, perjanjian kinerja: the agreement page names its parties, prints
// targets and achievements the Indonesian way (3,5 and 85,7 %), carries its
// title once, and sends the konsep for signature by both parties from the
// console; the list then shows the status its workflow wrote, not "Konsep".
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, openAs, rawKeys, screenshot, settled, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

async function api<T>(path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.baseUrl}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: stack.db.url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Reloads until `text` shows (the worker writes the status a moment after the click). */
async function reloadUntil(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (await page.getByText(text, { exact: true }).count() > 0) return;
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
    await settled(page);
  }
  await page.getByText(text, { exact: true }).first().waitFor({ timeout: 1 });
}

describe('perjanjian kinerja screens', () => {
  test('the page shows the parties, 3,5 and 85,7 %, its title once; sent for both parties\' signature from the console, the list shows the real status', async () => {
    const title = 'Perjanjian Kinerja Uji Layar Diskominfosp';
    const { token } = await api<{ token: string }>('/auth/login', null, { username: 'kabid.aptika', password: DEMO_PASSWORD });
    const position = async (q: string) => (await api<{ id: number; title: string }[]>(`/positions?filter=${encodeURIComponent(JSON.stringify({ q }))}`, token))[0]!;
    const [kadis, bupati] = [await position('Kepala Dinas Komunikasi'), await position('Bupati Tanah Bumbu')];
    const { id } = await api<{ id: number }>('/agreements', token, {
      kind: 'kinerja', title, year: new Date().getFullYear(), parties: [kadis.id, bupati.id],
      indicators: [{ code: 'IKU-1', name: 'Indeks kematangan SPBE', unit: 'indeks', direction: 'higher', targetYear: 3.5, targetQuarters: [3.5, 3.5, 3.5, 3.5] }],
    });
    // A first quarter already reported: its window opens only when the quarter ends (the time-skipping API test drives that);
    // here the row is arranged as the workflow's activity writes it. 3 of 3,5 = 85,71 %.
    const [indicator] = await sql<{ id: number }>('select id from indicator where agreement_id = $1', [id]);
    const [reporter] = await sql<{ id: number }>('select id from person where position_id = $1', [kadis.id]);
    await sql(`insert into progress_report (indicator_id, quarter, realisation, evidence, achievement, reported_by_id, reported_at) values ($1, 1, 3, 'Hasil evaluasi mandiri SPBE', 85.71, $2, now())`,
      [indicator!.id, reporter!.id]);

    const page = await openAs(stack, 'kabid.aptika', `/agreements/${id}/show`);
    const parties = page.getByTestId('agreement-parties');
    await parties.waitFor();
    await parties.getByText(/Kepala Dinas Komunikasi/).waitFor();
    expect(await parties.innerText()).toContain('Bupati Tanah Bumbu');
    const q1 = await page.getByTestId('cell-IKU-1-1').innerText();
    expect(q1).toContain('3,5');
    expect(q1).not.toContain('3.5');
    expect(q1).toContain('85,7 %');
    expect(await page.getByTestId('target-IKU-1').innerText()).toBe('3,5');
    expect(await page.getByTestId('agreement-achievement').innerText()).toContain('85,7 %');
    expect(await page.getByTestId('agreement-status').innerText()).toBe('Konsep');
    // The title once (the app bar's, with its year), not again in the page, and not "Perjanjian Kinerja Perjanjian Kinerja …".
    await settled(page);
    const body = await page.locator('body').innerText();
    expect(body.split(title).length - 1).toBe(1);
    expect(body).toContain(`${title} ${new Date().getFullYear()}`);
    expect(body).not.toContain('Perjanjian Kinerja Perjanjian Kinerja');
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'agreement-draft');
    // On a phone (390×844) the same page fits the screen: nothing runs off the right edge.
    const phone = await openAs(stack, 'kabid.aptika', `/agreements/${id}/show`, { width: 390, height: 844 });
    await phone.getByTestId('agreement-parties').waitFor();
    await settled(phone);
    await screenshot(phone, 'agreement-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.close();

    await page.getByRole('button', { name: 'Kirim untuk Ditandatangani Para Pihak' }).click();
    await page.getByText('Perjanjian dikirim untuk paraf dan tanda tangan para pihak.').waitFor();
    await reloadUntil(page, 'Proses tanda tangan');
    await expect(page.getByRole('button', { name: 'Kirim untuk Ditandatangani Para Pihak' }).count()).resolves.toBe(0);
    // Its naskah was rendered and is routed for both parties' signatures.
    const [row] = await sql<{ status: string; document_id: number }>('select status, document_id from agreement where id = $1', [id]);
    expect(row!.status).toBe('signing');
    const signers = await sql<{ position_id: number }>(`select position_id from routing_step where document_id = $1 and kind = 'sign' order by step_order`, [row!.document_id]);
    expect(signers.map((s) => s.position_id)).toEqual([kadis.id, bupati.id]);
    await screenshot(page, 'agreement-signing');

    // The user opens its naskah from the agreement page: the preview is the perjanjian itself, naming both
    // parties (jabatan and holder) and the indicator with its target.
    const pdfUrl = new RegExp(`/api/documents/${row!.document_id}/versions/\\d+/pdf$`);
    let previewed: Buffer | undefined;
    await page.route((url) => pdfUrl.test(url.pathname), async (route) => {
      const response = await route.fetch();
      previewed = await response.body();
      await route.fulfill({ response, body: previewed });
    });
    await page.getByRole('link', { name: 'Buka naskah perjanjian' }).click();
    await page.waitForURL(`**/documents/${row!.document_id}/show`);
    await page.locator('iframe').first().waitFor();
    for (let i = 0; i < 40 && !previewed; i++) await new Promise((r) => setTimeout(r, 250));
    await page.unroute((url) => pdfUrl.test(url.pathname));
    expect(previewed).toBeDefined();
    const pdfFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'naskah-e2e-agreement-')), 'naskah.pdf');
    fs.writeFileSync(pdfFile, previewed!);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    fs.rmSync(path.dirname(pdfFile), { recursive: true, force: true });
    expect(text).toContain('PERJANJIAN KINERJA');
    for (const party of [kadis, bupati]) expect(text).toContain(party.title);
    for (const holder of ['Ir. Muhammad Ridwan Saputra, M.T.', 'H. Rahmat Hidayatullah, S.E., M.M.']) expect(text).toContain(holder);
    // The opening as Permen PANRB 53/2014 writes it: each party by Nama and Jabatan, the holder's name in the Nama row.
    expect(text).toContain(`bertanda tangan di bawah ini: Nama : Ir. Muhammad Ridwan Saputra, M.T. Jabatan : ${kadis.title}, selanjutnya disebut pihak pertama`);
    expect(text).toContain(`Nama : H. Rahmat Hidayatullah, S.E., M.M. Jabatan : ${bupati.title}, selaku atasan pihak pertama, selanjutnya disebut pihak kedua`);
    expect(text).toContain('Indeks kematangan SPBE');
    expect(text).toMatch(/3,5\b/);

    await page.goto(`${stack.baseUrl}/agreements`);
    const listed = page.locator('tr', { hasText: title });
    await listed.waitFor();
    expect(await listed.innerText()).toContain('Proses tanda tangan');
    expect(await listed.innerText()).not.toContain('Konsep');
    await page.close();
  });
});
