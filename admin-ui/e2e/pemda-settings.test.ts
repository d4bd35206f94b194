// Issue 19: the Pemda's settings (name, logo, time zone) set once by the admin
// and used by the sign-in and verification pages; times typed into the console
// are read in the Pemda's zone (WITA for Tanah Bumbu) and shown as
// dd/mm/yyyy HH.mm, whatever zone and format the browser has.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import pg from 'pg';
import { DEMO_PASSWORD, newActorPage, rawKeys, signIn, startConsoleStack, settled, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;
let db: pg.Client;
let newYork: Browser | undefined;

beforeAll(async () => {
  stack = await startConsoleStack();
  db = new pg.Client({ connectionString: stack.db.url });
  await db.connect();
}, 240_000);

afterAll(async () => {
  await newYork?.close();
  await db?.end();
  await stack?.close();
});

// A 2×2 red PNG: the logo the admin uploads.
const logoPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

describe('Pemda settings', () => {
  test('the admin sets the logo and time zone once; the sign-in and verification pages show the Pemda with its logo; the console shows the zone', async () => {
    const admin = await newActorPage(stack);
    await signIn(admin, stack.baseUrl, 'admin');
    await admin.getByRole('menuitem', { name: 'Pengaturan Pemda' }).click();
    const form = admin.getByTestId('pemda-settings');
    await expect(form.locator('input[name="name"]').inputValue()).resolves.toBe('Pemerintah Kabupaten Tanah Bumbu');
    await expect(form.getByTestId('pemda-time-zone').innerText()).resolves.toBe('WITA (Asia/Makassar)');
    await form.locator('input[type="file"][name="logo"]').setInputFiles({ name: 'lambang.png', mimeType: 'image/png', buffer: logoPng });
    await form.getByTestId('pemda-logo-preview').waitFor();
    // WIT for a moment: the console's times follow at once.
    await form.getByTestId('pemda-time-zone').click();
    await admin.getByRole('option', { name: 'WIT (Asia/Jayapura)' }).click();
    await form.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await admin.getByText('Pengaturan Pemda disimpan.').waitFor();
    await admin.getByTestId('zone').filter({ hasText: /^WIT$/ }).waitFor();
    const [row] = (await db.query<{ time_zone: string; logo: string }>('select time_zone, logo from pemda_setting')).rows;
    expect(row).toEqual({ time_zone: 'Asia/Jayapura', logo: `data:image/png;base64,${logoPng.toString('base64')}` });
    // A bad address is refused in Indonesian naming the field.
    await form.locator('input[name="publicBaseUrl"]').fill('naskah.tanahbumbukab.go.id');
    await form.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await expect(form.getByTestId('pemda-settings-error').innerText()).resolves.toContain('Alamat publik');
    await form.locator('input[name="publicBaseUrl"]').fill('http://localhost:3000');
    await form.getByTestId('pemda-time-zone').click();
    await admin.getByRole('option', { name: 'WITA (Asia/Makassar)' }).click();
    await form.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await admin.getByTestId('zone').filter({ hasText: /^WITA$/ }).waitFor();
    expect(await rawKeys(admin)).toEqual([]);
    await admin.close();

    const visitor = await newActorPage(stack);
    // The pages of the context share localStorage: signed out, as a visitor is.
    await visitor.goto(`${stack.baseUrl}/verifikasi`);
    await visitor.evaluate(() => localStorage.removeItem('naskah.session'));
    await visitor.goto(`${stack.baseUrl}/login`);
    const branding = visitor.getByTestId('login-branding');
    await branding.getByTestId('login-pemda-logo').waitFor();
    await expect(branding.innerText()).resolves.toMatch(/Naskah[\s\S]*Pemerintah Kabupaten Tanah Bumbu/);
    await settled(visitor);
    await expect(visitor.getByText('Silakan masuk untuk melanjutkan').count()).resolves.toBe(0);
    await visitor.goto(`${stack.baseUrl}/verifikasi`);
    await visitor.getByTestId('verify-pemda-logo').waitFor();
    await expect(visitor.getByTestId('verify-pemda').innerText()).resolves.toBe('Pemerintah Kabupaten Tanah Bumbu');
    await visitor.close();
  }, 120_000);

  test('a browser in New York with a US format: 09.15 typed is 09.15 WITA (01.15Z), shown as dd/mm/yyyy HH.mm', async () => {
    newYork = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const context = await newYork.newContext({ timezoneId: 'America/New_York', locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const tu = await context.newPage();
    tu.setDefaultTimeout(20_000);
    await tu.goto(`${stack.baseUrl}/login`);
    await tu.locator('input[name="username"]').fill('tu.kominfo');
    await tu.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await tu.locator('button[type="submit"]').click();
    await tu.getByTestId('inbox-items').waitFor();
    await tu.goto(`${stack.baseUrl}/incoming-letters/create`);
    const received = tu.locator('input[name="receivedAt"]');
    // The default (now) is shown the Indonesian way, in the Pemda's zone.
    await expect(received.inputValue()).resolves.toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}\.\d{2}$/);
    await expect(tu.getByText('dd/mm/yyyy HH.mm (24 jam), WITA').count()).resolves.toBeGreaterThan(0);
    const hal = 'Undangan sosialisasi zona waktu';
    await tu.locator('input[name="senderName"]').fill('Dinas Kominfo Provinsi Kalimantan Selatan');
    await tu.locator('input[name="senderNumber"]').fill('005/77/Diskominfo/2026');
    await tu.locator('input[name="senderDate"]').fill('2026-12-01');
    await received.fill('02/12/2026 9.15');
    await tu.locator('input[name="hal"]').fill(hal);
    await tu.getByRole('button', { name: 'Simpan' }).click();
    await tu.getByRole('heading', { name: hal, exact: true }).waitFor();
    // 09.15 WITA (UTC+8) is 01.15 UTC, not 09.15 New York (14.15 UTC).
    const [letter] = (await db.query<{ received_at: Date }>('select received_at from incoming_letter where hal = $1', [hal])).rows;
    expect(letter!.received_at.toISOString()).toBe('2026-12-02T01:15:00.000Z');
    await expect(tu.locator('main').innerText()).resolves.toContain('09.15 WITA');
    // A time that is not one is refused before it is sent.
    await tu.goto(`${stack.baseUrl}/incoming-letters/create`);
    await received.fill('31/02/2026 09.15');
    await tu.getByRole('button', { name: 'Simpan' }).click();
    await tu.getByText('Tulis tanggal dan jam sebagai dd/mm/yyyy HH.mm').first().waitFor();
    await context.close();
  }, 120_000);
});
