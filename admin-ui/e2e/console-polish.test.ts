// Issue 19, the console as Indonesian officials expect it: API refusals in
// Indonesian naming the field, the branded sign-in page, specific success
// toasts, the auditor's and leader's screens, and the phone at 390×844.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { newActorPage, rawKeys, screenshot, signIn, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

/** The text of every notification (snackbar) on screen once one shows. */
async function notificationText(page: Page): Promise<string> {
  const snackbar = page.locator('.MuiSnackbar-root');
  await snackbar.first().waitFor();
  return (await snackbar.allInnerTexts()).join('\n');
}

describe('everywhere', () => {
  test('the sign-in page names the product and the Pemda, and shows no error before the user did anything', async () => {
    const visitor = await newActorPage(stack);
    await visitor.goto(`${stack.baseUrl}/`);
    await visitor.waitForURL(/\/login$/);
    await visitor.getByTestId('login-pemda').waitFor();
    const branding = await visitor.getByTestId('login-branding').innerText();
    expect(branding).toContain('Naskah');
    expect(branding).toContain('Tata Naskah Dinas Elektronik');
    expect(branding).toContain('Pemerintah Kabupaten Tanah Bumbu');
    await visitor.waitForLoadState('networkidle');
    await expect(visitor.getByText('Silakan masuk untuk melanjutkan').count()).resolves.toBe(0);
    await expect(visitor.locator('.MuiSnackbar-root').count()).resolves.toBe(0);
    expect(await rawKeys(visitor)).toEqual([]);
    await screenshot(visitor, 'login');
    await visitor.close();
  });

  test('admin: an agency name with a control character is refused in Indonesian naming the field; a good one says what was added', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'admin');
    await page.goto(`${stack.baseUrl}/agencies/create`);
    await page.locator('input[name="code"]').fill('DISHUB');
    await page.locator('input[name="name"]').fill('Dinas\tPerhubungan');
    await page.getByRole('button', { name: 'Simpan' }).click();
    const refusal = await notificationText(page);
    expect(refusal).toContain('Isian memuat karakter yang tidak diizinkan');
    expect(refusal).toContain('(Nama)');
    // Not the server's English detail.
    expect(refusal).not.toMatch(/control character|must be|invalid/i);
    await screenshot(page, 'agency-control-character');
    // Still on the form: fix the name and save.
    await page.locator('.MuiSnackbar-root').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    await page.locator('input[name="name"]').fill('Dinas Perhubungan');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Perangkat daerah ditambahkan.').waitFor();
    await expect(page.getByText('Data dibuat').count()).resolves.toBe(0);
    await page.close();
  });

  test('the same refusal reads in English after the language switch', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'admin');
    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.goto(`${stack.baseUrl}/agencies/create`);
    await page.locator('input[name="code"]').fill('DISHUB2');
    await page.locator('input[name="name"]').fill('Dinas\u0007Pariwisata');
    await page.getByRole('button', { name: 'Save' }).click();
    const refusal = await notificationText(page);
    expect(refusal).toContain('The input contains characters that are not allowed');
    expect(refusal).toContain('(Name)');
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('menuitem', { name: 'Bahasa Indonesia' }).click();
    await page.close();
  });
});
