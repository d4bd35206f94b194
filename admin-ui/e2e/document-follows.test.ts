// Issue 19, "the console as officials expect it": the document page follows
// the workflow. After Ajukan the page itself comes to "Proses Paraf" with the
// reviewer's step "Menunggu tindakan"; after Tanda Tangani it comes to
// "Diarsipkan" once the workflow has numbered, distributed and archived it;
// neither page is reloaded (a mark left in the page's window survives). And a
// konsep the server rendered from its fields is labelled in Indonesian in the
// versions list (the rulebook's 'rendered'), never the raw code.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  actWhenTurn, apiSession, DEMO_PASSPHRASE, newActorPage, notaDinasThroughApi, openAs, openWhenActionable, rawKeys, signIn, startConsoleStack, type ConsoleStack,
} from './harness.js';

const HAL = 'Penyampaian Rencana Pemeliharaan Pusat Data Daerah';
let stack: ConsoleStack;
let documentId = 0;

beforeAll(async () => {
  stack = await startConsoleStack();
  documentId = await notaDinasThroughApi(stack, HAL, { reviewers: ['Kepala Bidang Aplikasi Informatika'], submit: false });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

/** Leaves a mark in the page's window: a reload or a navigation away would wipe it. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => { (window as unknown as { naskahMark?: number }).naskahMark = 19; });
}
async function stillMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { naskahMark?: number }).naskahMark === 19);
}

/** The Status row of the document's details. */
const statusCell = (page: Page, text: string) => page.locator('dd', { hasText: new RegExp(`^${text}$`) });

describe('the document page follows the workflow', () => {
  test('a server-rendered konsep\'s version reads "Dibuat dari isian konsep"; after Ajukan the page itself shows "Proses Paraf" and the reviewer\'s turn', async () => {
    const page = await openAs(stack, 'staf.kominfo', `/documents/${documentId}/show`);
    await page.getByRole('heading', { name: HAL, exact: true }).waitFor();
    const versions = page.getByTestId('versions');
    await versions.getByText('Versi 1 · Dibuat dari isian konsep').waitFor();
    expect(await versions.innerText()).not.toMatch(/\brendered\b/);
    await statusCell(page, 'Konsep').waitFor();

    await markPage(page);
    await page.getByTestId('document-actions').getByRole('button', { name: 'Ajukan', exact: true }).click();
    await page.getByText('Naskah diajukan untuk paraf.').waitFor();
    // No reload: the page asks again by itself until the workflow has moved the konsep into review.
    await statusCell(page, 'Proses Paraf').waitFor({ timeout: 30_000 });
    await page.getByTestId('route').getByText('Menunggu tindakan').waitFor({ timeout: 30_000 });
    expect(await stillMarked(page)).toBe(true);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  }, 120_000);

  test('after Tanda Tangani the page itself reaches "Diarsipkan"', async () => {
    // The reviewer's paraf, through the API (the paraf screens have tests of their own).
    await actWhenTurn(await apiSession(stack, 'kabid.aptika'), `/documents/${documentId}/paraf`, {});
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'kadis.kominfo');
    await openWhenActionable(page, `${stack.baseUrl}/documents/${documentId}/show`, 'Tanda Tangani');
    await markPage(page);
    await page.getByTestId('document-actions').getByRole('button', { name: 'Tanda Tangani' }).click();
    const dialog = page.getByRole('dialog');
    await page.getByTestId('passphrase').fill(DEMO_PASSPHRASE);
    await dialog.getByRole('button', { name: 'Tanda Tangani' }).click();
    await page.getByText('Naskah berhasil ditandatangani.').waitFor();
    // Numbered, distributed and archived by the workflow a moment later: the page follows without a reload.
    await statusCell(page, 'Diarsipkan').waitFor({ timeout: 60_000 });
    expect(await stillMarked(page)).toBe(true);
    // Every version the server made says why in Indonesian, none by its rulebook code.
    const versions = await page.getByTestId('versions').innerText();
    expect(versions).toContain('Versi 1 · Dibuat dari isian konsep');
    expect(versions).not.toMatch(/· (rendered|paraf|numbered|signed|sealed)\b/);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  }, 150_000);
});
