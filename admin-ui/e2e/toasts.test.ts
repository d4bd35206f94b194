// Issue 19, "generic Data dibuat toasts": every create, update and delete the console offers says
// what happened to what, in Indonesian (English after the switch), once the server said so. A record
// the API keeps (no DELETE route) offers no HAPUS at all: react-admin's default toolbar and bulk
// selection said "… dihapus." and then failed with "No API route DELETE …".
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { newActorPage, openAs, pickOption, rawKeys, settled, signIn, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

const run = Date.now().toString().slice(-6);

/** The toast the action raises, once any earlier one has gone (so the text is this action's). */
async function toastOf(page: Page, action: () => Promise<unknown>): Promise<string> {
  await page.locator('.MuiSnackbarContent-message').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  await action();
  const message = page.locator('.MuiSnackbarContent-message').first();
  await message.waitFor({ timeout: 60_000 });
  return (await message.innerText()).trim();
}

const save = (page: Page, name = 'Simpan') => () => page.getByRole('button', { name, exact: true }).click();

/** No bulk selection (its only action was HAPUS) on a list whose records the API never deletes; the list has a row. */
async function noBulkSelection(page: Page, resource: string): Promise<number> {
  await page.goto(`${stack.baseUrl}/${resource}`);
  await page.locator('table tbody tr').first().waitFor();
  await settled(page);
  return page.locator('table input[type="checkbox"]').count();
}

describe('toasts that say what happened', () => {
  const agency = `Dinas Perhubungan Uji ${run}`;
  const person = `Rudi Hartono Uji ${run}`;

  test('admin: agency, jabatan, pegawai, pengguna, Plh/Plt, sertifikat, Pemda and JRA each say what was saved; nothing offers a delete the API lacks', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'admin');

    // Perangkat daerah: added, then saved; its form has SIMPAN and no HAPUS.
    await page.goto(`${stack.baseUrl}/agencies/create`);
    await page.locator('input[name="code"]').fill(`DISHUB${run}`);
    await page.locator('input[name="name"]').fill(agency);
    expect(await toastOf(page, save(page))).toBe('Perangkat daerah ditambahkan.');
    await page.locator('tr', { hasText: agency }).first().click();
    await page.locator('input[name="city"]').fill('Batulicin');
    await expect(page.getByRole('button', { name: 'Hapus' }).count()).resolves.toBe(0);
    expect(await toastOf(page, save(page))).toBe('Data perangkat daerah tersimpan.');

    // Jabatan.
    await page.goto(`${stack.baseUrl}/positions/create`);
    await page.locator('input[name="title"]').fill(`Kepala Seksi Angkutan ${run}`);
    await pickOption(page, 'agencyId', agency);
    expect(await toastOf(page, save(page))).toBe('Jabatan ditambahkan.');

    // Pegawai.
    await page.goto(`${stack.baseUrl}/people/create`);
    await page.locator('input[name="name"]').fill(person);
    await page.locator('input[name="nik"]').fill(`6310${run}${run}`);
    await pickOption(page, 'agencyId', agency);
    expect(await toastOf(page, save(page))).toBe('Pegawai ditambahkan.');

    // Pengguna: added, then its roles saved; no HAPUS on its form.
    await page.goto(`${stack.baseUrl}/users/create`);
    await page.locator('input[name="username"]').fill(`rudi${run}`);
    await pickOption(page, 'personId', person);
    await page.getByLabel('Pengonsep').check();
    await page.locator('input[name="password"]').fill('kata-sandi-uji-1');
    expect(await toastOf(page, save(page))).toBe('Pengguna ditambahkan.');
    await page.goto(`${stack.baseUrl}/users`);
    await page.locator('tr', { hasText: `rudi${run}` }).first().click();
    await page.getByLabel('Pemeriksa (paraf)').check();
    await expect(page.getByRole('button', { name: 'Hapus' }).count()).resolves.toBe(0);
    expect(await toastOf(page, save(page))).toBe('Pengguna dan perannya tersimpan.');

    // Plh/Plt: set, then revoked (the API revokes; the list offers CABUT, after a confirmation).
    await page.goto(`${stack.baseUrl}/delegations/create`);
    await page.getByRole('combobox').first().click();
    await page.getByRole('option', { name: /^Plh\./ }).click();
    await pickOption(page, 'positionId', 'Kepala Bidang Aplikasi Informatika');
    await pickOption(page, 'delegateId', person);
    await page.getByTestId('waktu-validFrom').fill('04/01/2027 07.30');
    await page.getByTestId('waktu-validTo').fill('08/01/2027 16.00');
    const reason = `Cuti tahunan uji ${run}`;
    await page.locator('input[name="reason"]').fill(reason);
    expect(await toastOf(page, save(page))).toBe('Plh/Plt ditetapkan.');
    const row = page.locator('tr', { hasText: reason });
    await row.locator('input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Cabut' }).click();
    expect(await toastOf(page, () => page.getByRole('button', { name: 'Konfirmasi' }).click())).toBe('Plh/Plt dicabut.');

    // Sertifikat: issued, then revoked.
    await page.goto(`${stack.baseUrl}/certificates/create`);
    await pickOption(page, 'personId', person);
    await page.locator('input[name="passphrase"]').fill('passphrase-uji-1');
    await page.locator('input[name="passphraseConfirm"]').fill('passphrase-uji-1');
    expect(await toastOf(page, save(page))).toBe('Sertifikat diterbitkan.');
    const certificate = page.locator('tr', { hasText: person }).first();
    await certificate.getByRole('button', { name: 'Cabut' }).click();
    expect(await toastOf(page, () => page.getByRole('dialog').getByRole('button', { name: 'Cabut' }).click())).toBe('Sertifikat dicabut.');

    // Pengaturan Pemda and the JRA.
    await page.goto(`${stack.baseUrl}/admin/pemda`);
    await page.locator('input[name="name"]').waitFor();
    await settled(page);
    expect(await toastOf(page, save(page, 'Simpan pengaturan'))).toBe('Pengaturan Pemda disimpan.');
    await page.goto(`${stack.baseUrl}/admin/jra`);
    await page.locator('[data-testid^="jra-edit-"]').first().click();
    expect(await toastOf(page, () => page.getByTestId('jra-save').click())).toBe('Jadwal retensi tersimpan.');

    // Lists of records the API keeps: no selection boxes (and so no HAPUS).
    for (const resource of ['agencies', 'positions', 'people', 'users']) expect([resource, await noBulkSelection(page, resource)]).toEqual([resource, 0]);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  }, 300_000);

  test('TU registers a surat masuk; a drafter saves and revises a konsep and drafts a perjanjian kinerja', async () => {
    const tu = await openAs(stack, 'tu.bappeda', `/incoming-letters/create`);
    await tu.locator('input[name="senderName"]').fill('Dinas Perhubungan Provinsi Kalimantan Selatan');
    await tu.locator('input[name="senderNumber"]').fill(`551/${run}/Dishub/2026`);
    await tu.locator('input[name="senderDate"]').fill('2026-11-20');
    await tu.locator('input[name="hal"]').fill(`Undangan Rapat Angkutan Umum ${run}`);
    await pickOption(tu, 'addressedToId', 'Kepala Badan Perencanaan');
    expect(await toastOf(tu, save(tu))).toBe('Surat masuk diregistrasi.');
    expect(await noBulkSelection(tu, 'incoming-letters')).toBe(0);
    await tu.close();

    const drafter = await newActorPage(stack);
    await signIn(drafter, stack.baseUrl, 'staf.kominfo');
    const hal = `Permohonan Data Angkutan ${run}`;
    await drafter.goto(`${stack.baseUrl}/documents/create`);
    await drafter.locator('input[name="hal"]').fill(hal);
    await drafter.locator('input[name="archiveCode"]').fill('000.7.2');
    const kepada = drafter.locator('.ra-input-kepada');
    await kepada.getByRole('button', { name: 'Tambah' }).click();
    await kepada.locator('.RaSimpleFormIterator-line').last().locator('input').first().fill('Kepala Badan Perencanaan');
    await drafter.getByRole('option', { name: /^Kepala Badan Perencanaan Pembangunan Daerah \(/ }).click();
    await drafter.locator('textarea[name="body"]').fill('Dengan hormat, mohon data angkutan umum triwulan IV.');
    await pickOption(drafter, 'signerPositionId', 'Kepala Dinas Komunikasi');
    expect(await toastOf(drafter, save(drafter))).toBe('Konsep naskah tersimpan.');
    await drafter.getByRole('heading', { name: hal, exact: true }).waitFor();
    await drafter.getByRole('link', { name: 'Ubah' }).click();
    await drafter.locator('textarea[name="body"]').fill('Dengan hormat, mohon data angkutan umum triwulan III dan IV.');
    await expect(drafter.getByRole('button', { name: 'Hapus' }).count()).resolves.toBe(0);
    expect(await toastOf(drafter, save(drafter))).toBe('Revisi tersimpan.');
    expect(await noBulkSelection(drafter, 'documents')).toBe(0);
    await drafter.close();

    const head = await openAs(stack, 'kadis.kominfo', `/agreements/create`);
    await head.locator('input[name="title"]').fill(`Perjanjian Kinerja Uji Notifikasi ${run}`);
    await pickOption(head, 'parties', 'Kepala Dinas Komunikasi');
    await pickOption(head, 'parties', 'Bupati Tanah Bumbu');
    await head.locator('.ra-input-indicators').getByRole('button', { name: 'Tambah' }).click();
    await head.locator('input[name="indicators.0.code"]').fill('IKU-1');
    await head.locator('input[name="indicators.0.name"]').fill('Persentase layanan publik berbasis elektronik');
    await head.locator('input[name="indicators.0.unit"]').fill('%');
    await head.locator('input[name="indicators.0.targetYear"]').fill('100');
    expect(await toastOf(head, save(head))).toBe('Perjanjian kinerja dibuat.');
    expect(await noBulkSelection(head, 'agreements')).toBe(0);
    await head.close();
  }, 300_000);

  test('the same toasts read in English after the language switch', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'admin');
    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.goto(`${stack.baseUrl}/positions/create`);
    await page.locator('input[name="title"]').fill(`Kepala Seksi Lalu Lintas ${run}`);
    await pickOption(page, 'agencyId', agency);
    expect(await toastOf(page, save(page, 'Save'))).toBe('Position added.');
    await page.goto(`${stack.baseUrl}/agencies`);
    await page.locator('tr', { hasText: agency }).first().click();
    await page.locator('input[name="phone"]').fill('(0518) 70001');
    expect(await toastOf(page, save(page, 'Save'))).toBe('Agency saved.');
    await page.goto(`${stack.baseUrl}/admin/pemda`);
    await page.locator('input[name="name"]').waitFor();
    await settled(page);
    expect(await toastOf(page, save(page, 'Save settings'))).toBe('Pemda settings saved.');
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('menuitem', { name: 'Bahasa Indonesia' }).click();
    await page.close();
  }, 180_000);
});
