// The console in a real browser: compose with several signers (two in
// parallel, then one) and the secretariat attaching and replacing the scan of
// a surat masuk. Same stack as console.test.ts (real API, database, workflows).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD, draftPdf, newActorPage, openAs, rawKeys, screenshot, signIn, startConsoleStack, type ConsoleStack } from './harness.js';

const HAL = 'Kesepakatan Bersama Pertukaran Data Perencanaan';
const LETTER_HAL = 'Undangan Rapat Koordinasi Keamanan Informasi';
let stack: ConsoleStack;
let db: pg.Client;
const pdfDir = path.join(os.tmpdir(), `naskah-e2e-signers-${process.pid}`);

beforeAll(async () => {
  stack = await startConsoleStack();
  db = new pg.Client({ connectionString: stack.db.url });
  await db.connect();
}, 240_000);

afterAll(async () => {
  await db?.end();
  await stack?.close();
});

async function positionId(title: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from position where title like $1 order by id limit 1', [`${title}%`]);
  return rows[0]!.id;
}

async function pick(p: Page, scope: ReturnType<Page['locator']>, text: string) {
  await scope.locator('input').first().fill(text);
  await p.getByRole('option', { name: new RegExp(text) }).first().click();
}

describe('compose with several signers', () => {
  test('two heads in parallel, then the Sekda: stored as ordered groups and shown again on edit', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'staf.kominfo');
    await page.getByRole('menuitem', { name: 'Buat Naskah' }).click();
    await page.locator('input[name="hal"]').fill(HAL);
    await page.locator('input[name="archiveCode"]').fill('000.7.2');
    const kepada = page.locator('.ra-input-kepada');
    await kepada.getByRole('button', { name: 'Tambah' }).click();
    await pick(page, kepada.locator('.RaSimpleFormIterator-line').last(), 'Kepala Badan Perencanaan');
    await page.locator('textarea[name="body"]').fill('Para pihak sepakat bertukar data perencanaan untuk aplikasi SPBE.');
    await pick(page, page.locator('.ra-input-reviewerPositionIds'), 'Kepala Bidang Aplikasi Informatika');

    // One signer is the default; the switch turns the signer into ordered groups.
    await expect(page.locator('.ra-input-signerPositionId').count()).resolves.toBe(1);
    await page.getByLabel('Beberapa penandatangan (berurutan atau bersamaan)').check();
    await expect(page.locator('.ra-input-signerPositionId').count()).resolves.toBe(0);
    const groups = page.locator('.ra-input-signerGroups');
    await groups.getByRole('button', { name: 'Tambah' }).first().click();
    const first = groups.locator('.RaSimpleFormIterator-line').nth(0);
    await pick(page, first, 'Kepala Dinas Komunikasi');
    await pick(page, first, 'Kepala Badan Perencanaan');
    await groups.getByRole('button', { name: 'Tambah' }).last().click();
    await pick(page, groups.locator('.RaSimpleFormIterator-line').nth(1), 'Sekretaris Daerah');
    await page.locator('.ra-input-pdf input[type="file"]').setInputFiles(await draftPdf(pdfDir, `${HAL} v1`));
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'compose-signer-groups');

    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('heading', { name: HAL, exact: true }).waitFor();
    const id = Number(/\/documents\/(\d+)\/show$/.exec(page.url())![1]);
    const { rows } = await db.query<{ step_order: number; position_id: number }>(
      `select step_order, position_id from routing_step where document_id = $1 and kind = 'sign' order by step_order, id`, [id]);
    expect(rows).toEqual([
      { step_order: 2, position_id: await positionId('Kepala Dinas Komunikasi') },
      { step_order: 2, position_id: await positionId('Kepala Badan Perencanaan') },
      { step_order: 3, position_id: await positionId('Sekretaris Daerah') },
    ]);

    // Editing shows the same groups back.
    await page.goto(`${stack.baseUrl}/documents/${id}`);
    await page.locator('input[name="hal"]').waitFor();
    await expect(page.getByLabel('Beberapa penandatangan (berurutan atau bersamaan)').isChecked()).resolves.toBe(true);
    await expect(page.locator('.ra-input-signerGroups .RaSimpleFormIterator-line').count()).resolves.toBe(2);
    await expect(page.locator('.ra-input-signerGroups').textContent()).resolves.toContain('Kepala Badan Perencanaan');
    await page.close();
  });
});

describe('surat masuk scan', () => {
  test('TU attaches the scan on the letter page, the viewer shows it, a replacement is audited', async () => {
    const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tu.kominfo', password: DEMO_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${stack.baseUrl}/api/incoming-letters`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ senderName: 'Badan Siber dan Sandi Negara', senderNumber: 'B-77/BSSN/2026', senderDate: '2026-11-20', hal: LETTER_HAL }),
    });
    const { id } = (await created.json()) as { id: number };

    const page = await openAs(stack, 'tu.kominfo', `/incoming-letters/${id}/show`);
    await page.getByText('Belum ada pindaian surat.').waitFor();
    await page.getByTestId('scan-file').setInputFiles(await draftPdf(pdfDir, `${LETTER_HAL} pindaian 1`));
    await page.getByText('Pindaian surat tersimpan.').waitFor();
    await page.locator(`iframe[title="${LETTER_HAL}"]`).waitFor();
    await page.getByTestId('scan-file').setInputFiles(await draftPdf(pdfDir, `${LETTER_HAL} pindaian 2`));
    await page.getByText(/^Pindaian diganti/).waitFor();
    await page.locator(`iframe[title="${LETTER_HAL}"]`).waitFor();
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'incoming-letter-scan');
    const { rows } = await db.query<{ action: string }>(
      `select action from audit_event where subject_type = 'incoming_letter' and subject_id = $1 and action like 'incoming_letter.scan%' order by id`, [String(id)]);
    expect(rows.map((r) => r.action)).toEqual(['incoming_letter.scan_attached', 'incoming_letter.scan_replaced']);

    // A reader who is not TU sees the scan but gets no upload.
    await signIn(page, stack.baseUrl, 'kadis.kominfo');
    await page.goto(`${stack.baseUrl}/incoming-letters/${id}/show`);
    await page.locator(`iframe[title="${LETTER_HAL}"]`).waitFor();
    await expect(page.getByTestId('scan-file').count()).resolves.toBe(0);
    await page.close();
  });
});
