// Issue 19, acceptance: every role's day walked in Chromium, briefly, one after
// the other on one stack: drafter submits, reviewer initials, signer signs on a
// phone, TU registers a surat masuk, the leader disposes it on a phone and reads
// the dashboard, a party opens a perjanjian kinerja on a phone, the auditor
// reads the archived letter, the admin checks the audit chain. Each step asserts
// what the screen says; the five phone screens (inbox, document page, sign
// dialog, disposition dialog, agreement page) must not run off a 390 px screen,
// and every clickable thing on them is a 44×44 px tap target (or spaced so).
// NASKAH_SCREENSHOTS=1 writes the set in docs/console/ (see its README).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  apiSession, DEMO_PASSPHRASE, docsScreenshot, horizontalOverflow, newActorPage, notaDinasThroughApi, openAs, openWhenActionable, pickOption, rawKeys, signIn, startConsoleStack, tapTargetOffenders, waitForQueueItem, waitForText, type ConsoleStack,
} from './harness.js';

const PHONE = { width: 390, height: 844 };
const HAL = 'Penyampaian Rencana Digitalisasi Layanan Perizinan 2027';
const LETTER = 'Undangan Rapat Koordinasi Satu Data Indonesia Tingkat Provinsi';
const KABID = 'Kepala Bidang Aplikasi Informatika';
const KADIS = 'Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian';

let stack: ConsoleStack;
let documentId = 0;

beforeAll(async () => {
  stack = await startConsoleStack();
  // The konsep staf.kominfo wrote this morning (its fields, rendered by the server), not yet submitted.
  documentId = await notaDinasThroughApi(stack, HAL, { reviewers: [KABID], submit: false });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('every role’s day', () => {
  test('drafter: submits the konsep from its page; Konsep says whose paraf it waits for', async () => {
    const page = await openAs(stack, 'staf.kominfo', `/documents/${documentId}/show`);
    await page.getByRole('heading', { name: HAL, exact: true }).waitFor();
    await page.getByTestId('document-actions').getByRole('button', { name: 'Ajukan' }).click();
    await waitForText(page, 'Proses Paraf');
    await waitForQueueItem(page, stack.baseUrl, 'drafts', HAL);
    const row = page.getByTestId('inbox-items').locator('.MuiListItemButton-root').filter({ hasText: HAL });
    await expect(row.getByTestId('inbox-turn').innerText()).resolves.toBe(`Giliran: ${KABID} (Budi Santoso Wijaya, S.T., M.Kom.)`);
    expect(await rawKeys(page)).toEqual([]);
    await docsScreenshot(page, 'role-drafter-konsep');
    await page.close();
  }, 60_000);

  test('reviewer: finds it under Perlu Paraf and initials it', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'kabid.aptika');
    await waitForQueueItem(page, stack.baseUrl, 'to-paraf', HAL);
    await page.getByTestId('inbox-items').getByText(HAL).click();
    await page.getByRole('heading', { name: HAL, exact: true }).waitFor();
    await openWhenActionable(page, page.url(), 'Paraf');
    await page.getByTestId('document-actions').getByRole('button', { name: 'Paraf' }).click();
    await page.getByTestId('note').fill('Sudah sesuai, lanjutkan.');
    await page.getByRole('dialog').getByRole('button', { name: 'Paraf' }).click();
    await page.getByText('Paraf tercatat.').waitFor();
    expect(await rawKeys(page)).toEqual([]);
    await docsScreenshot(page, 'role-reviewer-paraf');
    await page.close();
  }, 60_000);

  test('signer (phone): Perlu Tanda Tangan, the document page and the sign dialog fit 390 px; the signature archives it', async () => {
    const page = await newActorPage(stack, PHONE);
    await signIn(page, stack.baseUrl, 'kadis.kominfo');
    await waitForQueueItem(page, stack.baseUrl, 'to-sign', HAL);
    const row = page.getByTestId('inbox-items').locator('.MuiListItemButton-root').filter({ hasText: HAL });
    await expect(row.getByTestId('inbox-turn').innerText()).resolves.toMatch(new RegExp(`^Giliran: ${KADIS} \\(.+\\)$`));
    await expect(row.getByTestId('inbox-from').innerText()).resolves.toBe('dari Rina Oktaviani, S.Kom.');
    expect(await horizontalOverflow(page)).toBe(0);
    // Every clickable thing at least 44×44 CSS px, or spaced so its 44-px target touches no other.
    expect(await tapTargetOffenders(page)).toEqual([]);
    await docsScreenshot(page, 'inbox-phone');

    await row.click();
    await page.getByText(HAL).first().waitFor();
    await openWhenActionable(page, page.url(), 'Tanda Tangani');
    await expect(page.getByTestId('route').innerText()).resolves.toContain(KABID);
    expect(await horizontalOverflow(page)).toBe(0);
    // The nomor naskah (no spaces) wraps inside its card instead of being cut off at the screen's edge.
    const nomor = page.locator('dd').filter({ hasText: /^000\.7\.2\/\d{4}\/Diskominfosp\/\d{4}$/ });
    const shown = await nomor.evaluate((dd) => ({ right: dd.getBoundingClientRect().right, card: dd.closest('.MuiCard-root')!.getBoundingClientRect().right, scroll: dd.scrollWidth, client: dd.clientWidth }));
    expect(shown.right).toBeLessThanOrEqual(shown.card);
    expect(shown.scroll).toBeLessThanOrEqual(shown.client);
    // The title comes right under the app bar, not under a blank band (the signer has nothing to edit here).
    const bar = (await page.locator('header').first().boundingBox())!;
    const title = (await page.getByRole('heading', { name: HAL, exact: true }).boundingBox())!;
    expect(title.y - (bar.y + bar.height)).toBeLessThanOrEqual(32);
    // Every clickable thing at least 44×44 CSS px, or spaced so its 44-px target touches no other.
    expect(await tapTargetOffenders(page)).toEqual([]);
    await docsScreenshot(page, 'document-phone');

    await page.getByTestId('document-actions').getByRole('button', { name: 'Tanda Tangani' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Tanda Tangan Elektronik').waitFor();
    await page.getByTestId('passphrase').fill(DEMO_PASSPHRASE);
    const box = (await dialog.getByRole('button', { name: 'Tanda Tangani' }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await horizontalOverflow(page)).toBe(0);
    // Every clickable thing at least 44×44 CSS px, or spaced so its 44-px target touches no other.
    expect(await tapTargetOffenders(page)).toEqual([]);
    await docsScreenshot(page, 'sign-dialog-phone');
    await dialog.getByRole('button', { name: 'Tanda Tangani' }).click();
    await page.getByText('Naskah berhasil ditandatangani.').waitFor();
    // The workflow numbers, distributes and archives it after the signature.
    await waitForText(page, 'Diarsipkan');
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  }, 90_000);

  test('TU: registers a surat masuk for the head; the server gives its agenda number', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'tu.bappeda');
    await page.getByRole('menuitem', { name: 'Surat Masuk' }).click();
    await page.goto(`${stack.baseUrl}/incoming-letters/create`);
    await page.locator('input[name="senderName"]').fill('Diskominfo Provinsi Kalimantan Selatan');
    await page.locator('input[name="senderNumber"]').fill('005/311/Diskominfo/2026');
    await page.locator('input[name="senderDate"]').fill('2026-12-01');
    await page.locator('input[name="hal"]').fill(LETTER);
    await pickOption(page, 'addressedToId', 'Kepala Badan Perencanaan');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('heading', { name: LETTER, exact: true }).waitFor();
    await page.getByText(/Nomor agenda:\s*\d{4}\/SM\/\d{4}/).first().waitFor();
    expect(await rawKeys(page)).toEqual([]);
    await docsScreenshot(page, 'role-tu-surat-masuk');
    await page.close();
  }, 60_000);

  test('leader (phone): disposes the surat masuk from a dialog that fits 390 px; then the dashboard', async () => {
    const page = await newActorPage(stack, PHONE);
    await signIn(page, stack.baseUrl, 'kadis.bappeda');
    await waitForQueueItem(page, stack.baseUrl, 'incoming', LETTER);
    await page.getByTestId('inbox-items').getByText(LETTER).click();
    await page.getByRole('heading', { name: LETTER, exact: true }).waitFor();
    await page.getByTestId('dispose').click();
    const dialog = page.getByRole('dialog');
    await pickOption(page, 'toPositionIds', 'Kepala Bidang Perencanaan');
    await dialog.getByRole('heading', { name: 'Disposisikan' }).click();
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await dialog.getByRole('checkbox', { name: 'Wakili / hadiri' }).check();
    await dialog.locator('textarea[name="note"]').fill('Hadiri dan laporkan hasilnya.');
    const box = (await dialog.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await horizontalOverflow(page)).toBe(0);
    // Every clickable thing at least 44×44 CSS px, or spaced so its 44-px target touches no other.
    expect(await tapTargetOffenders(page)).toEqual([]);
    await docsScreenshot(page, 'dispose-dialog-phone');
    await dialog.getByRole('button', { name: 'Disposisikan' }).click();
    const tree = page.getByTestId('disposition-tree');
    await tree.getByText('Kepala Bidang Perencanaan, Pengendalian dan Evaluasi').waitFor();
    await expect(tree.innerText()).resolves.toContain('Wakili / hadiri');
    expect(await rawKeys(page)).toEqual([]);
    await page.close();

    const desk = await openAs(stack, 'kadis.bappeda', `/dasbor`);
    await desk.getByTestId('dashboard-table').getByText('Badan Perencanaan Pembangunan Daerah').first().waitFor();
    await expect(desk.getByTestId('dashboard-totals').innerText()).resolves.toContain('Naskah ditandatangani (TTE)');
    expect(await rawKeys(desk)).toEqual([]);
    await docsScreenshot(desk, 'role-leader-dashboard');
    await desk.close();
  }, 90_000);

  test('party (phone): the perjanjian kinerja page names both parties and fits 390 px', async () => {
    const kabid = await apiSession(stack, 'kabid.aptika');
    const [kadis, bupati] = [await kabid.position('Kepala Dinas Komunikasi'), await kabid.position('Bupati Tanah Bumbu')];
    const title = 'Perjanjian Kinerja Diskominfosp';
    const { id } = await kabid.call<{ id: number }>('POST', '/agreements', {
      kind: 'kinerja', title, year: new Date().getFullYear(), parties: [kadis.id, bupati.id],
      indicators: [{ code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher', targetYear: 3.5, targetQuarters: [3.5, 3.5, 3.5, 3.5] }],
    });
    const page = await openAs(stack, 'kadis.kominfo', `/agreements/${id}/show`, PHONE);
    const parties = page.getByTestId('agreement-parties');
    await parties.getByText(/Kepala Dinas Komunikasi/).waitFor();
    await expect(parties.innerText()).resolves.toContain('Bupati Tanah Bumbu');
    await expect(page.getByTestId('target-IKU-1').innerText()).resolves.toBe('3,5');
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await rawKeys(page)).toEqual([]);
    // Every clickable thing at least 44×44 CSS px, or spaced so its 44-px target touches no other.
    expect(await tapTargetOffenders(page)).toEqual([]);
    await docsScreenshot(page, 'agreement-phone');
    await page.close();
  }, 60_000);

  test('auditor: the archived letter shows the verifier’s report and an audit trail in words', async () => {
    const page = await openAs(stack, 'auditor.inspektorat', `/archive`);
    // A permanen record (000.7.2) is never destroyed: no end date, not "31 Desember 9999".
    const listed = page.locator('tr', { hasText: HAL });
    await expect(listed.innerText()).resolves.toContain('Tanpa batas (permanen)');
    expect(await listed.innerText()).not.toContain('9999');
    await listed.getByText(HAL).click();
    const result = page.getByTestId('verification-result');
    await result.waitFor();
    await expect(result.getAttribute('data-status')).resolves.toBe('VALID');
    const trail = page.getByTestId('audit-trail');
    await trail.getByText('Diajukan untuk paraf').waitFor();
    await expect(trail.innerText()).resolves.toContain('Disimpan di arsip (terkunci)');
    await expect(page.locator('main').innerText()).resolves.toContain('Retensi sampai: Tanpa batas (permanen) · Permanen');
    expect(await page.locator('main').innerText()).not.toContain('9999');
    expect(await rawKeys(page)).toEqual([]);
    await docsScreenshot(page, 'role-auditor-archive');
    await page.close();
  }, 60_000);

  test('admin: the Pemda settings and an intact audit chain', async () => {
    const page = await newActorPage(stack);
    await signIn(page, stack.baseUrl, 'admin');
    await page.getByRole('menuitem', { name: 'Pengaturan Pemda' }).click();
    await expect(page.getByTestId('pemda-settings').locator('input[name="name"]').inputValue()).resolves.toBe('Pemerintah Kabupaten Tanah Bumbu');
    await page.goto(`${stack.baseUrl}/admin/audit-chain`);
    await page.getByRole('button', { name: 'Periksa Rantai' }).click();
    await expect(page.getByTestId('audit-chain-result').innerText()).resolves.toMatch(/Rantai utuh: \d+ kejadian diperiksa/);
    expect(await rawKeys(page)).toEqual([]);
    await docsScreenshot(page, 'role-admin-audit-chain');
    await page.close();
  }, 60_000);
});
