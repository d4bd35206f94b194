// Issue 19, drafting: the composer's preview says one thing at a time (it
// showed "lengkapi isian yang wajib" beside "isi jenis naskah dan hal", which
// were filled), and warns when Kepada names the signer's own jabatan.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openAs, pickOption, rawKeys, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

const KADIS = 'Kepala Dinas Komunikasi';

describe('Buat Naskah', () => {
  test('the preview says only what is missing; Kepada = the signer is warned about', async () => {
    const page = await openAs(stack, 'staf.kominfo', `/documents/create`);
    await page.locator('input[name="hal"]').fill('Uji peringatan penyusunan naskah');
    // Jenis and hal are there, the rest is not: the server cannot print it yet, and says so once.
    const preview = page.getByTestId('preview');
    await preview.getByText('Pratinjau belum dapat dibuat: lengkapi isian yang wajib.').waitFor();
    expect(await preview.getByRole('alert').allInnerTexts()).toEqual(['Pratinjau belum dapat dibuat: lengkapi isian yang wajib.']);

    await expect(page.getByTestId('signer-is-kepada').count()).resolves.toBe(0);
    const kepada = page.locator('.ra-input-kepada');
    await kepada.getByRole('button', { name: 'Tambah' }).click();
    await kepada.locator('.RaSimpleFormIterator-line').last().locator('input').first().fill(KADIS);
    await page.getByRole('option', { name: new RegExp(`^${KADIS}`) }).first().click();
    await pickOption(page, 'signerPositionId', KADIS);
    await expect(page.getByTestId('signer-is-kepada').innerText()).resolves.toBe(
      'Penandatangan juga tercantum sebagai Kepada: naskah ini akan ditujukan kepada penandatangannya sendiri. Periksa kembali Kepada atau penandatangan.');
    // Another signer: the warning goes.
    await pickOption(page, 'signerPositionId', 'Sekretaris Dinas Komunikasi');
    await page.getByTestId('signer-is-kepada').waitFor({ state: 'detached' });
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  }, 90_000);
});
