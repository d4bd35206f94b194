// The console in a real browser against the real API, database and routing
// workflows. The story of issue 10 in order: compose, paraf with one return
// and a revision, sign (wrong passphrase first), distribution to Bappeda,
// disposition and follow-up, archive package, public verification.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  arrangeSignStepPending, DEMO_PASSPHRASE, DEMO_PASSWORD, draftPdf, draftThroughApi, newActorPage, openAs, openWhenActionable, rawKeys, screenshot, settled, signIn, startConsoleStack, waitForQueueItem, waitForText, type ConsoleStack,
} from './harness.js';

const PHONE = { width: 390, height: 844 };
const HAL = 'Permohonan Data Perencanaan Aplikasi SPBE 2027';

let stack: ConsoleStack;
let page: Page;
let documentUrl = '';
const pdfDir = path.join(os.tmpdir(), `naskah-e2e-${process.pid}`);

beforeAll(async () => {
  stack = await startConsoleStack();
  page = await newActorPage(stack);
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('public verification page', () => {
  test('opens without signing in, in Bahasa Indonesia, with the upload', async () => {
    const visitor = await newActorPage(stack);
    await visitor.goto(`${stack.baseUrl}/verifikasi`);
    await visitor.getByRole('heading', { name: 'Verifikasi Dokumen Elektronik' }).waitFor();
    await expect(visitor.getByText('Unggah PDF').isVisible()).resolves.toBe(true);
    expect(visitor.url()).toBe(`${stack.baseUrl}/verifikasi`);
    expect(await rawKeys(visitor)).toEqual([]);
    await screenshot(visitor, 'verification', true);
    await visitor.close();
  });
});

describe('staf.kominfo drafts a nota dinas', () => {
  test('signs in and lands on Kotak Masuk with every queue and its count', async () => {
    await signIn(page, stack.baseUrl, 'staf.kominfo');
    // SRIKANDI's queues, in its order.
    const queues = [
      ['drafts', 'Konsep'],
      ['to-paraf', 'Perlu Paraf'],
      ['to-sign', 'Perlu Tanda Tangan'],
      ['returned', 'Dikembalikan'],
      ['sent', 'Naskah Keluar'],
      ['incoming', 'Naskah Masuk'],
      ['dispositions', 'Disposisi'],
      ['tembusan', 'Tembusan'],
    ] as const;
    const order = await page.locator('[data-testid^="queue-"]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-testid')));
    expect(order).toEqual(queues.map(([q]) => `queue-${q}`));
    for (const [queue, label] of queues) {
      const tab = page.getByTestId(`queue-${queue}`);
      await expect(tab.textContent()).resolves.toContain(label);
      // The count badge is a number (0 is shown, not hidden).
      await expect(tab.textContent()).resolves.toMatch(/\d+$/);
    }
    // The drafter's menu offers Buat Naskah but not the admin screens.
    await expect(page.getByRole('menuitem', { name: 'Buat Naskah' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('menuitem', { name: 'Sertifikat Elektronik' }).count()).resolves.toBe(0);
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'inbox', true);
  });

  test('switches the language to English and back', async () => {
    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByTestId('queue-to-sign').getByText('To sign').waitFor();
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'inbox-en');
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('menuitem', { name: 'Bahasa Indonesia' }).click();
    await page.getByTestId('queue-to-sign').getByText('Perlu Tanda Tangan').waitFor();
  });

  test('composes a nota dinas to Bappeda with tembusan, reviewers and signer', async () => {
    await page.getByRole('menuitem', { name: 'Buat Naskah' }).click();
    await page.locator('input[name="hal"]').waitFor();
    expect(await rawKeys(page)).toEqual([]);
    await page.locator('input[name="hal"]').fill(HAL);
    await page.locator('input[name="archiveCode"]').fill('000.7.2');

    await addRecipient(page, 'kepada', 'Kepala Badan Perencanaan');
    await page.locator('textarea[name="body"]').fill(
      'Dalam rangka penyusunan rencana aplikasi SPBE tahun 2027, kami mohon data perencanaan dari Bappeda.\n\nAtas perhatian dan kerja samanya diucapkan terima kasih.',
    );
    await addRecipient(page, 'tembusan', 'Sekretaris Daerah');
    await pickMany(page, 'reviewerPositionIds', ['Kepala Bidang Aplikasi Informatika', 'Sekretaris Dinas Komunikasi']);
    await pickOne(page, 'signerPositionId', 'Kepala Dinas Komunikasi');
    await page.locator('.ra-input-pdf input[type="file"]').setInputFiles(await draftPdf(pdfDir, `${HAL} v1`));
    await screenshot(page, 'compose');

    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('heading', { name: HAL, exact: true }).waitFor();
    documentUrl = page.url();
    expect(documentUrl).toMatch(/\/documents\/\d+\/show$/);
  });

  test('the document page shows its details, route and the drafter’s actions', async () => {
    await page.getByText('Konsep', { exact: true }).first().waitFor();
    const route = page.getByTestId('route');
    await expect(route.innerText()).resolves.toContain('Kepala Bidang Aplikasi Informatika');
    await expect(route.innerText()).resolves.toContain('Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian');
    await expect(page.getByText('Kepala Badan Perencanaan Pembangunan Daerah').first().isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('document-actions').getByRole('button', { name: 'Ajukan' }).isVisible()).resolves.toBe(true);
    // The konsep is still the drafter's: Ubah is offered (and goes away once submitted, below).
    await expect(page.getByRole('link', { name: 'Ubah' }).isVisible()).resolves.toBe(true);
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'document', true);
  });

  test('the document list finds the draft by its subject', async () => {
    await page.getByRole('menuitem', { name: 'Daftar Naskah' }).click();
    await page.getByRole('cell', { name: HAL }).waitFor();
    await expect(page.getByText('Nota Dinas').first().isVisible()).resolves.toBe(true);
    expect(await rawKeys(page)).toEqual([]);
  });
});

describe('paraf chain with one return and a revision', () => {
  test('the drafter submits; the document waits for the first paraf', async () => {
    await page.goto(documentUrl);
    await page.getByTestId('document-actions').getByRole('button', { name: 'Ajukan' }).click();
    await waitForText(page, 'Proses Paraf');
    // The version says why it exists in Indonesian (a rendered one read "Versi 1 · rendered"): this one the drafter uploaded.
    await expect(page.getByTestId('versions').innerText()).resolves.toContain('Versi 1 · Konsep (unggahan)');
    // In review the konsep is no longer the drafter's to change.
    await expect(page.getByRole('link', { name: 'Ubah' }).count()).resolves.toBe(0);
  });

  test('the drafter finds it under Konsep, saying whose paraf it waits for', async () => {
    await waitForQueueItem(page, stack.baseUrl, 'drafts', HAL);
    const row = page.getByTestId('inbox-items').locator('.MuiListItemButton-root').filter({ hasText: HAL }).first();
    await expect(row.getByTestId('inbox-turn').innerText()).resolves.toMatch(/^Giliran: Kepala Bidang Aplikasi Informatika \(.+\)$/);
  });

  /** `passphrase`: a reviewer holding a certificate signs her paraf version with it (the dialog asks for it). */
  async function paraf(username: string, note?: string, passphrase?: string) {
    const reviewer = await newActorPage(stack);
    await signIn(reviewer, stack.baseUrl, username);
    // The document waits in the reviewer's Perlu Paraf queue and opens from there.
    await waitForQueueItem(reviewer, stack.baseUrl, 'to-paraf', HAL);
    await reviewer.getByTestId('inbox-items').getByText(HAL).click();
    await reviewer.getByRole('heading', { name: HAL, exact: true }).waitFor();
    await openWhenActionable(reviewer, reviewer.url(), 'Paraf');
    await reviewer.getByTestId('document-actions').getByRole('button', { name: 'Paraf' }).click();
    if (note) await reviewer.getByTestId('note').fill(note);
    if (passphrase) await reviewer.getByRole('dialog').getByTestId('passphrase').fill(passphrase);
    await reviewer.getByRole('dialog').getByRole('button', { name: 'Paraf' }).click();
    await reviewer.getByText('Paraf tercatat.').waitFor();
    await reviewer.close();
  }

  test('kabid.aptika initials it', async () => {
    await paraf('kabid.aptika');
  });

  test('sekdis.kominfo returns it with a note', async () => {
    const reviewer = await newActorPage(stack);
    await signIn(reviewer, stack.baseUrl, 'sekdis.kominfo');
    await openWhenActionable(reviewer, documentUrl, 'Kembalikan');
    await reviewer.getByTestId('document-actions').getByRole('button', { name: 'Kembalikan' }).click();
    const confirm = reviewer.getByRole('dialog').getByRole('button', { name: 'Kembalikan' });
    // A return needs its note.
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await reviewer.getByTestId('note').fill('Lengkapi dasar hukum: Perpres 95/2018 tentang SPBE.');
    await confirm.click();
    await reviewer.getByText('Naskah dikembalikan ke pengonsep.').waitFor();
    expect(await rawKeys(reviewer)).toEqual([]);
    await reviewer.close();
  });

  test('the drafter finds it under Dikembalikan with the reviewer’s note on its route', async () => {
    // The reviewers signed in since, in the same browser context (one shared session store).
    await signIn(page, stack.baseUrl, 'staf.kominfo');
    await waitForQueueItem(page, stack.baseUrl, 'returned', HAL);
    await page.getByTestId('inbox-items').getByText(HAL).click();
    await page.getByTestId('route').getByText(/Lengkapi dasar hukum/).waitFor();
    await expect(page.getByTestId('route').innerText()).resolves.toContain('Dikembalikan');
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'document-returned');
  });

  test('the drafter revises (a new PDF version) and submits again', async () => {
    await page.goto(documentUrl);
    await page.getByTestId('document-actions').getByRole('button', { name: 'Revisi' }).click();
    await page.locator('input[name="hal"]').waitFor();
    await page.locator('.ra-input-pdf input[type="file"]').setInputFiles(await draftPdf(pdfDir, `${HAL} v2`));
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Revisi tersimpan.').waitFor();
    await page.getByRole('heading', { name: HAL, exact: true }).waitFor();
    await page.getByTestId('versions').getByText(/Versi 2/).waitFor();
    await page.getByTestId('document-actions').getByRole('button', { name: 'Ajukan' }).click();
    await waitForText(page, 'Proses Paraf');
  });

  test('kabid.aptika and sekdis.kominfo initial the revision from Perlu Paraf', async () => {
    await paraf('kabid.aptika');
    await paraf('sekdis.kominfo', 'Sudah sesuai.', DEMO_PASSPHRASE);
  });
});

describe('kadis.kominfo signs', () => {
  test('from Perlu Tanda Tangan: a wrong passphrase is refused in Indonesian, the right one signs', async () => {
    const signer = await newActorPage(stack);
    await signIn(signer, stack.baseUrl, 'kadis.kominfo');
    await waitForQueueItem(signer, stack.baseUrl, 'to-sign', HAL);
    await signer.getByTestId('inbox-items').getByText(HAL).click();
    await signer.getByRole('heading', { name: HAL, exact: true }).waitFor();
    await openWhenActionable(signer, signer.url(), 'Tanda Tangani');
    await signer.getByTestId('document-actions').getByRole('button', { name: 'Tanda Tangani' }).click();
    const dialog = signer.getByRole('dialog');
    await signer.getByTestId('passphrase').fill('passphrase-keliru');
    await dialog.getByRole('button', { name: 'Tanda Tangani' }).click();
    await dialog.getByText('Passphrase salah').waitFor();
    await screenshot(signer, 'sign-wrong-passphrase');
    await signer.getByTestId('passphrase').fill(DEMO_PASSPHRASE);
    await dialog.getByRole('button', { name: 'Tanda Tangani' }).click();
    await signer.getByText('Naskah berhasil ditandatangani.').waitFor();
    // The workflow numbers, distributes and archives after the signature.
    await waitForText(signer, 'Diarsipkan');
    expect(await rawKeys(signer)).toEqual([]);
    await screenshot(signer, 'document-signed');
    await signer.close();
  });

  test('the document waits in Perlu Tanda Tangan and opens the passphrase dialog (desktop and phone)', async () => {
    const signHal = 'Laporan Pemanfaatan Jaringan Intra Pemerintah Triwulan III';
    const documentId = await draftThroughApi(stack, signHal);
    await arrangeSignStepPending(stack, documentId);
    for (const [viewport, name] of [[undefined, 'sign-dialog'], [PHONE, 'sign-dialog-phone']] as const) {
      const signer = await newActorPage(stack, viewport);
      await signIn(signer, stack.baseUrl, 'kadis.kominfo');
      await signer.getByTestId('queue-to-sign').click();
      await expect(signer.getByTestId('queue-to-sign').textContent()).resolves.toMatch(/1$/);
      const item = signer.getByTestId('inbox-items').getByText(signHal);
      await item.waitFor();
      if (viewport) await screenshot(signer, 'inbox-to-sign-phone');
      await item.click();
      await signer.getByTestId('document-actions').getByRole('button', { name: 'Tanda Tangani' }).click();
      const dialog = signer.getByRole('dialog');
      await dialog.getByText('Tanda Tangan Elektronik').waitFor();
      await expect(dialog.getByRole('button', { name: 'Tanda Tangani' }).isDisabled()).resolves.toBe(true);
      await signer.getByTestId('passphrase').fill('bukan-passphrase');
      await expect(dialog.getByRole('button', { name: 'Tanda Tangani' }).isEnabled()).resolves.toBe(true);
      // The passphrase field is a password field and never part of the URL.
      await expect(signer.getByTestId('passphrase').getAttribute('type')).resolves.toBe('password');
      expect(signer.url()).not.toContain('bukan-passphrase');
      expect(await rawKeys(signer)).toEqual([]);
      await screenshot(signer, name, !viewport);
      await dialog.getByRole('button', { name: 'Batal' }).click();
      await signer.close();
    }
  });
});

describe('the signed nota dinas in Bappeda', () => {
  test('tu.bappeda finds it as a surat masuk in the incoming queue', async () => {
    const tu = await newActorPage(stack);
    await signIn(tu, stack.baseUrl, 'tu.bappeda');
    await waitForQueueItem(tu, stack.baseUrl, 'incoming', HAL);
    await screenshot(tu, 'inbox-incoming-tu');
    await tu.getByTestId('inbox-items').getByText(HAL).click();
    await tu.getByRole('heading', { name: HAL, exact: true }).waitFor();
    expect(tu.url()).toMatch(/\/incoming-letters\/\d+\/show$/);
    await expect(tu.getByText(/Nomor agenda:\s*\d{4}\/SM\/\d{4}/).first().isVisible()).resolves.toBe(true);
    expect(await rawKeys(tu)).toEqual([]);
    await tu.close();
  });

  test('kadis.bappeda sees the document and disposes the surat masuk to a subordinate, who follows it up', async () => {
    const head = await newActorPage(stack);
    await signIn(head, stack.baseUrl, 'kadis.bappeda');
    await waitForQueueItem(head, stack.baseUrl, 'incoming', HAL);
    // Two entries: the delivered document (kepada) and the surat masuk registered for Bappeda.
    const items = head.getByTestId('inbox-items').getByText(HAL);
    await expect(items.count()).resolves.toBe(2);
    await head.goto(documentUrl);
    await head.getByRole('heading', { name: HAL, exact: true }).waitFor();
    await head.getByText('Diarsipkan', { exact: true }).first().waitFor();
    await screenshot(head, 'document-bappeda');

    let letterUrl = '';
    for (let i = 0; i < 2 && !letterUrl; i++) {
      await waitForQueueItem(head, stack.baseUrl, 'incoming', HAL);
      await head.getByTestId('inbox-items').getByText(HAL).nth(i).click();
      await head.getByRole('heading', { name: HAL, exact: true }).waitFor();
      if (/\/incoming-letters\/\d+\/show$/.test(head.url())) letterUrl = head.url();
    }
    expect(letterUrl).not.toBe('');
    const dialog = await fillDisposition(head, 'Siapkan data perencanaan yang diminta Diskominfosp.');
    await dialog.getByRole('button', { name: 'Disposisikan' }).click();
    await head.getByTestId('disposition-tree').getByText('Kepala Bidang Perencanaan, Pengendalian dan Evaluasi').waitFor();
    await head.close();

    const staff = await newActorPage(stack);
    await signIn(staff, stack.baseUrl, 'kabid.bappeda');
    await waitForQueueItem(staff, stack.baseUrl, 'dispositions', HAL);
    await staff.getByTestId('inbox-items').getByText(HAL).click();
    await staff.getByTestId('follow-up').click();
    await staff.getByTestId('note').fill('Data perencanaan aplikasi SPBE 2027 sudah dikirim ke Diskominfosp.');
    await staff.getByRole('dialog').getByRole('button', { name: 'Tindak Lanjut' }).click();
    await staff.getByTestId('disposition-tree').getByText('Ditindaklanjuti', { exact: true }).waitFor();
    expect(await rawKeys(staff)).toEqual([]);
    await staff.close();
  });
});

describe('archive and public verification', () => {
  test('auditor.inspektorat finds it in the archive and downloads the package', async () => {
    const auditor = await openAs(stack, 'auditor.inspektorat', `/archive`);
    await auditor.getByRole('cell', { name: HAL }).click();
    await auditor.getByTestId('package-download').waitFor();
    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByTestId('package-download').click()]);
    const zip = path.join(pdfDir, 'paket-arsip.zip');
    await download.saveAs(zip);
    // A ZIP (local file header) with something in it.
    const bytes = fs.readFileSync(zip);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000);
    expect(await rawKeys(auditor)).toEqual([]);
    await screenshot(auditor, 'archive-document');
    await auditor.close();
  });

  test('the public page verifies the signed PDF as VALID', async () => {
    const documentId = /\/documents\/(\d+)\/show$/.exec(documentUrl)![1];
    const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staf.kominfo', password: DEMO_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const versions = (await (await fetch(`${stack.baseUrl}/api/documents/${documentId}`, { headers: auth })).json()) as { versions?: { no: number }[] };
    const latest = Math.max(...(versions.versions ?? []).map((v) => v.no));
    const pdf = await fetch(`${stack.baseUrl}/api/documents/${documentId}/versions/${latest}/pdf`, { headers: auth });
    expect(pdf.status).toBe(200);
    const file = path.join(pdfDir, 'naskah-ditandatangani.pdf');
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));

    const visitor = await newActorPage(stack);
    await visitor.goto(`${stack.baseUrl}/verifikasi`);
    await visitor.getByTestId('verify-upload').setInputFiles(file);
    const result = visitor.getByTestId('verification-result');
    await result.waitFor();
    await expect(result.getAttribute('data-status')).resolves.toBe('VALID');
    expect(await rawKeys(visitor)).toEqual([]);
    await screenshot(visitor, 'verification-valid');
    await visitor.close();
  });
});

describe('surat masuk and disposisi in Bappeda', () => {
  const LETTER = 'Undangan Rapat Koordinasi Perencanaan SPBE';

  test('tu.bappeda registers an incoming letter addressed to the head', async () => {
    const tu = await newActorPage(stack);
    await signIn(tu, stack.baseUrl, 'tu.bappeda');
    await tu.getByRole('menuitem', { name: 'Surat Masuk' }).click();
    await tu.goto(`${stack.baseUrl}/incoming-letters/create`);
    await tu.locator('input[name="senderName"]').fill('Dinas Komunikasi dan Informatika Provinsi Kalimantan Selatan');
    await tu.locator('input[name="senderNumber"]').fill('005/123/Diskominfo/2026');
    await tu.locator('input[name="senderDate"]').fill('2026-11-20');
    await tu.locator('input[name="hal"]').fill(LETTER);
    await pickOne(tu, 'addressedToId', 'Kepala Badan Perencanaan');
    expect(await rawKeys(tu)).toEqual([]);
    await screenshot(tu, 'incoming-register');
    await tu.getByRole('button', { name: 'Simpan' }).click();
    await tu.getByRole('heading', { name: LETTER, exact: true }).waitFor();
    // The agenda number was given by the server.
    await expect(tu.getByText(/Nomor agenda:\s*\S+/).first().isVisible()).resolves.toBe(true);
    await tu.close();
  });

  test('kadis.bappeda finds it under Surat Masuk and disposes it with a deadline', async () => {
    const head = await newActorPage(stack);
    await signIn(head, stack.baseUrl, 'kadis.bappeda');
    await head.getByTestId('queue-incoming').click();
    await head.getByTestId('inbox-items').getByText(LETTER).click();
    await head.getByRole('heading', { name: LETTER, exact: true }).waitFor();
    const dialog = await fillDisposition(head, 'Siapkan bahan paparan untuk rapat.');
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    // Typed as dd/mm/yyyy HH.mm in the Pemda's zone (WITA, UTC+8), whatever the browser's zone.
    const wita = new Date(tomorrow.getTime() + 8 * 3600_000);
    const two = (n: number) => String(n).padStart(2, '0');
    const typed = `${two(wita.getUTCDate())}/${two(wita.getUTCMonth() + 1)}/${wita.getUTCFullYear()} ${two(wita.getUTCHours())}.${two(wita.getUTCMinutes())}`;
    await dialog.locator('input[name="deadline"]').fill(typed);
    await screenshot(head, 'dispose-dialog');
    await dialog.getByRole('button', { name: 'Disposisikan' }).click();
    const tree = head.getByTestId('disposition-tree');
    await tree.getByText('Kepala Bidang Perencanaan, Pengendalian dan Evaluasi').waitFor();
    await expect(tree.innerText()).resolves.toContain('Mohon ditindaklanjuti');
    // One day left: the deadline shows as due soon (yellow).
    await expect(tree.locator('[data-deadline="soon"]').count()).resolves.toBe(1);
    expect(await rawKeys(head)).toEqual([]);
    await screenshot(head, 'incoming-letter');
    await head.close();
  });

  test('kabid.bappeda follows it up; the branch closes', async () => {
    const staff = await newActorPage(stack);
    await signIn(staff, stack.baseUrl, 'kabid.bappeda');
    await staff.getByTestId('queue-dispositions').click();
    const item = staff.getByTestId('inbox-items').getByText(LETTER);
    await item.waitFor();
    await expect(staff.getByTestId('inbox-items').locator('.MuiListItemButton-root[data-deadline="soon"]').count()).resolves.toBe(1);
    await screenshot(staff, 'inbox-dispositions');
    await item.click();
    await staff.getByTestId('follow-up').click();
    await staff.getByTestId('note').fill('Bahan paparan sudah disiapkan dan dikirim ke Sekretariat.');
    await staff.getByRole('dialog').getByRole('button', { name: 'Tindak Lanjut' }).click();
    await staff.getByTestId('disposition-tree').getByText('Ditindaklanjuti', { exact: true }).waitFor();
    await expect(staff.getByTestId('follow-up').count()).resolves.toBe(0);
    expect(await rawKeys(staff)).toEqual([]);
    await screenshot(staff, 'disposition');
    await staff.close();
  });
});

describe('perjanjian kinerja', () => {
  test('kadis.kominfo drafts an agreement with an indicator and sees it as a konsep', async () => {
    const head = await newActorPage(stack);
    await signIn(head, stack.baseUrl, 'kadis.kominfo');
    await head.getByRole('menuitem', { name: 'Perjanjian Kinerja' }).click();
    await head.goto(`${stack.baseUrl}/agreements/create`);
    await head.locator('input[name="title"]').fill('Perjanjian Kinerja Diskominfosp 2026');
    await pickMany(head, 'parties', ['Bupati Tanah Bumbu', 'Kepala Dinas Komunikasi']);
    await head.locator('.ra-input-indicators').getByRole('button', { name: 'Tambah' }).click();
    await head.locator('input[name="indicators.0.code"]').fill('IKU-1');
    await head.locator('input[name="indicators.0.name"]').fill('Persentase layanan publik berbasis elektronik');
    await head.locator('input[name="indicators.0.unit"]').fill('%');
    await head.locator('input[name="indicators.0.targetYear"]').fill('100');
    for (const [q, target] of ['25', '50', '75', '100'].entries()) await head.locator(`input[name="indicators.0.targetQuarters.${q}"]`).fill(target);
    expect(await rawKeys(head)).toEqual([]);
    await head.getByRole('button', { name: 'Simpan' }).click();
    const table = head.getByTestId('indicators');
    await table.getByText('Persentase layanan publik berbasis elektronik').waitFor();

    // A konsep: its quarters are reported once it is signed and a quarter's window opens (agreement-screens.test.ts, the API's agreement-timers test).
    await head.getByTestId('agreement-status').getByText('Konsep').waitFor();
    expect(await rawKeys(head)).toEqual([]);
    await screenshot(head, 'agreement');
    await head.close();
  });
});

describe('every other screen is translated', () => {
  const screens: Array<[string, string[]]> = [
    ['admin', ['/agencies', '/positions', '/people', '/users', '/delegations', '/certificates', '/audit-events', '/admin/jra', '/admin/audit-chain']],
    ['auditor.inspektorat', ['/archive', '/audit-events']],
    ['kadis.kominfo', ['/dasbor', '/agreements', '/dispositions', '/documents']],
  ];
  for (const [user, paths] of screens) {
    test(`${user}: ${paths.join(', ')}`, async () => {
      const actor = await newActorPage(stack);
      await signIn(actor, stack.baseUrl, user);
      for (const path of paths) {
        await actor.goto(`${stack.baseUrl}${path}`);
        await settled(actor);
        await actor.locator('#main-content').waitFor();
        expect({ path, raw: await rawKeys(actor) }).toEqual({ path, raw: [] });
        await screenshot(actor, `${user}${path.replaceAll('/', '-')}`);
      }
      await actor.close();
    });
  }

  test('admin: the audit chain check says the chain is intact', async () => {
    const admin = await openAs(stack, 'admin', `/admin/audit-chain`);
    await admin.getByRole('button', { name: 'Periksa Rantai' }).click();
    await expect(admin.getByTestId('audit-chain-result').innerText()).resolves.toMatch(/Rantai utuh: \d+ kejadian diperiksa/);
    await admin.close();
  });
});

describe('phone-sized viewport', () => {
  test('the inbox fits a phone: queues scroll, no horizontal overflow', async () => {
    const phone = await newActorPage(stack, PHONE);
    await phone.goto(`${stack.baseUrl}/`);
    await phone.getByTestId('inbox-items').waitFor();
    await expect(phone.getByTestId('queue-to-paraf').isVisible()).resolves.toBe(true);
    // Anything wider than the screen, named so a failure says what overflows.
    const tooWide = await phone.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed')
        .filter((e) => !e.closest('.MuiTabs-scroller'))
        .slice(0, 5)
        .map((e) => `${e.tagName}.${[...e.classList].slice(0, 2).join('.')} right=${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(tooWide).toEqual([]);
    expect(await rawKeys(phone)).toEqual([]);
    await screenshot(phone, 'inbox-phone');
    await phone.close();
  });
});

/** Opens Disposisikan on the letter page and fills it: to Kepala Bidang Perencanaan, "Mohon ditindaklanjuti", with `note`; returns the open dialog. */
async function fillDisposition(p: Page, note: string) {
  await p.getByTestId('dispose').click();
  const dialog = p.getByRole('dialog');
  await dialog.locator('.ra-input-toPositionIds input').fill('Kepala Bidang Perencanaan');
  await p.getByRole('option', { name: /Kepala Bidang Perencanaan/ }).first().click();
  // Leave the picker (its list closes), then tick the instruction on the lembar disposisi.
  await dialog.getByRole('heading', { name: 'Disposisikan' }).click();
  await p.getByRole('listbox').waitFor({ state: 'detached' });
  await dialog.getByRole('checkbox', { name: 'Mohon ditindaklanjuti' }).check();
  await dialog.locator('textarea[name="note"]').fill(note);
  return dialog;
}

async function addRecipient(p: Page, source: 'kepada' | 'tembusan', position: string) {
  const section = p.locator(`.ra-input-${source}`);
  await section.getByRole('button', { name: 'Tambah' }).click();
  const row = section.locator('.RaSimpleFormIterator-line').last();
  await row.locator('input').first().fill(position);
  await p.getByRole('option', { name: new RegExp(position) }).first().click();
  // Picking the position fills the printed name.
  await expect(row.locator('input[name$=".name"]').inputValue()).resolves.toContain(position);
}

async function pickOne(p: Page, source: string, text: string) {
  const input = p.locator(`.ra-input-${source} input`).first();
  await input.fill(text);
  await p.getByRole('option', { name: new RegExp(text) }).first().click();
}

async function pickMany(p: Page, source: string, texts: string[]) {
  for (const text of texts) await pickOne(p, source, text);
}
