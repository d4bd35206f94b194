// Issue 19, item 4: a reviewer's paraf is printed in their box of the letter.
// A nota dinas rendered from its fields (two reviewers) is submitted; each
// reviewer initials it from the document page, and the PDF the page then
// previews carries their name, initials and the date and time in WITA (the
// Pemda's zone, though this browser runs in WIB). The second reviewer holds a
// certificate (the demo seed gives every signer one): her paraf dialog asks for
// her passphrase, refuses a wrong one in Indonesian, and her paraf version is
// listed as her electronic paraf.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSPHRASE, DEMO_PASSWORD, newActorPage, openWhenActionable, rawKeys, signIn, startConsoleStack, type ConsoleStack } from './harness.js';

const HAL = 'Penyampaian Jadwal Uji Coba Aplikasi Persuratan';
const kabid = { username: 'kabid.aptika', name: 'Budi Santoso Wijaya, S.T., M.Kom.', initials: 'BSW' };
const sekdis = { username: 'sekdis.kominfo', name: 'Nurul Hidayati, S.Kom., M.M.', initials: 'NH' };

let stack: ConsoleStack;
let documentId = 0;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'naskah-e2e-paraf-'));

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  await stack?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** As staf.kominfo through the API (setup): a nota dinas with two reviewers, rendered by the server and submitted. */
async function renderedDraftInReview(): Promise<number> {
  const call = async (method: string, route: string, body?: unknown, token?: string) => {
    const res = await fetch(`${stack.baseUrl}/api${route}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const { token } = (await call('POST', '/auth/login', { username: 'staf.kominfo', password: DEMO_PASSWORD })) as { token: string };
  const position = async (q: string) => {
    const rows = (await call('GET', `/positions?filter=${encodeURIComponent(JSON.stringify({ q }))}`, undefined, token)) as unknown as { id: number; title: string }[];
    const row = rows.find((r) => r.title.startsWith(q));
    if (!row) throw new Error(`no position ${q}`);
    return row;
  };
  const kepada = await position('Kepala Badan Perencanaan');
  const { id } = (await call('POST', '/documents', {
    type: 'nota_dinas', hal: HAL, archiveCode: '000.7.2', kepada: [{ positionId: kepada.id, name: kepada.title }],
    content: { body: [{ kind: 'paragraph', text: 'Uji coba aplikasi persuratan dilaksanakan pekan depan.' }] },
    reviewerPositionIds: [(await position('Kepala Bidang Aplikasi Informatika')).id, (await position('Sekretaris Dinas Komunikasi')).id],
    signerPositionId: (await position('Kepala Dinas Komunikasi')).id,
  }, token)) as { id: number };
  await call('POST', `/documents/${id}/render`, undefined, token);
  await call('POST', `/documents/${id}/submit`, undefined, token);
  return id;
}

/**
 * The text of the PDF the document page previews: the bytes its viewer fetched (the newest version;
 * the page's CSP keeps a script from reading the object URL back), read with pdftotext.
 */
async function previewedText(page: Page): Promise<{ version: number; text: string }> {
  const pdfUrl = new RegExp(`/api/documents/${documentId}/versions/(\\d+)/pdf$`);
  // Passed through unchanged; the test keeps a copy of the bytes the viewer receives.
  let seen: { version: number; body: Buffer } | undefined;
  await page.route((url) => pdfUrl.test(url.pathname), async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    seen = { version: Number(pdfUrl.exec(new URL(route.request().url()).pathname)![1]), body };
    await route.fulfill({ response, body });
  });
  await page.goto(`${stack.baseUrl}/documents/${documentId}/show`);
  await page.locator('iframe').first().waitFor();
  await page.unroute((url) => pdfUrl.test(url.pathname));
  if (!seen) throw new Error('the document page previewed no PDF');
  const file = path.join(work, `preview-${seen.version}.pdf`);
  fs.writeFileSync(file, seen.body);
  return { version: seen.version, text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) };
}

/**
 * Paraf from the document page. Without a certificate the dialog asks for no passphrase; with one it
 * says the paraf version will be signed with her key, asks for the passphrase, refuses a wrong one
 * in Indonesian (the dialog stays open), and takes the right one.
 */
async function parafFromDocumentPage(reviewer: { username: string }, certificate = false): Promise<Page> {
  const page = await newActorPage(stack);
  await signIn(page, stack.baseUrl, reviewer.username);
  const url = `${stack.baseUrl}/documents/${documentId}/show`;
  await openWhenActionable(page, url, 'Paraf');
  await page.getByTestId('document-actions').getByRole('button', { name: 'Paraf' }).click();
  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Paraf' });
  if (!certificate) {
    // Enabled once the console knows whether the reviewer holds a certificate: this one does not.
    await dialog.getByRole('button', { name: 'Paraf', disabled: false }).waitFor();
    expect(await dialog.getByTestId('passphrase').count()).toBe(0);
    expect(await dialog.innerText()).not.toContain('Passphrase');
    await confirm.click();
  } else {
    await dialog.getByText('Anda memiliki sertifikat elektronik').waitFor();
    await dialog.getByLabel('Passphrase sertifikat elektronik').waitFor();
    // No passphrase, no paraf: the button waits for it.
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('passphrase').fill('passphrase-keliru');
    await confirm.click();
    await dialog.getByText('Passphrase salah').waitFor();
    await dialog.getByTestId('passphrase').fill(DEMO_PASSPHRASE);
    await confirm.click();
  }
  await page.getByText('Paraf tercatat.').waitFor();
  return page;
}

/** Reloads the document page until the versions list shows the version (the workflow writes it a moment after the click). */
async function waitForVersion(page: Page, label: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.goto(`${stack.baseUrl}/documents/${documentId}/show`);
    await page.getByTestId('versions').waitFor();
    if ((await page.getByTestId('versions').innerText()).includes(label)) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`"${label}" never showed in the versions of document ${documentId}`);
}

describe('paraf printed on the letter', () => {
  test('the first reviewer initials it: a new version whose preview carries their name, initials and WITA time; the second box stays empty', async () => {
    documentId = await renderedDraftInReview();
    const page = await parafFromDocumentPage(kabid);
    await waitForVersion(page, 'Versi 2 · Paraf pemeriksa dicetak');
    const { version, text } = await previewedText(page);
    expect(version).toBe(2);
    expect(text).toContain(kabid.name);
    expect(text).toMatch(new RegExp(`\\b${kabid.initials}\\b`));
    expect(text.match(/\b\d{2}:\d{2} WITA\b/g)).toHaveLength(1);
    expect(text).not.toMatch(/\bWIB\b/);
    expect(text).not.toContain(sekdis.name);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  }, 120_000);

  test('the second reviewer holds a certificate: her dialog asks for the passphrase (a wrong one refused in Indonesian), her paraf version is listed as her electronic paraf, and the preview carries both parafs', async () => {
    const page = await parafFromDocumentPage(sekdis, true);
    // Her paraf version carries her electronic paraf (the letter with both boxes, signed with her key).
    await waitForVersion(page, `Versi 3 · Diparaf secara elektronik oleh ${sekdis.name}`);
    expect(await page.getByTestId('versions').innerText()).toContain('Versi 2 · Paraf pemeriksa dicetak');
    // The newest version: this paraf's, or already the numbered one printed from it.
    const { version, text } = await previewedText(page);
    expect(version).toBeGreaterThanOrEqual(3);
    for (const r of [kabid, sekdis]) {
      expect(text).toContain(r.name);
      expect(text).toMatch(new RegExp(`\\b${r.initials}\\b`));
    }
    expect(text.match(/\b\d{2}:\d{2} WITA\b/g)).toHaveLength(2);
    await page.close();
  }, 120_000);
});
