// Issue 19, surat masuk and disposisi: "a disposition opened by its recipient
// stays 'Belum dibaca' in the tree". The Kepala Dinas Kominfo disposes a letter
// to the Kabid Aptika; the Kabid opens it from their Disposisi list; the Kepala
// Dinas's tree on the letter page then says "Dibaca". And "the follow-up is a
// single text field: no attachment of the result, no status": the Kabid reports
// it sebagian with a photo, the Kepala Dinas sees both and opens the photo.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEMO_PASSWORD, openAs, rawKeys, registerIncomingLetter, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;
let letterId: number;
let kabid: { id: number; title: string };
const HAL = 'Undangan Rapat Koordinasi Satu Data Indonesia 2027';
// A 1×1 PNG (signature, IHDR, IDAT, IEND).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function api<T>(path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${stack.baseUrl}/api${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const login = async (username: string) => (await api<{ token: string }>('/auth/login', { body: { username, password: DEMO_PASSWORD } })).token;
const position = async (token: string, q: string) => (await api<Array<{ id: number; title: string }>>(`/positions?filter=${encodeURIComponent(JSON.stringify({ q }))}`, { token }))[0]!;

beforeAll(async () => {
  stack = await startConsoleStack();
  const tu = await login('tu.kominfo');
  kabid = await position(tu, 'Kepala Bidang Aplikasi Informatika');
  letterId = await registerIncomingLetter(stack, {
    senderName: 'Kementerian Komunikasi dan Digital', senderNumber: 'B-311/KOMDIGI/2026', senderDate: '2026-11-27', hal: HAL, to: 'Kepala Dinas Komunikasi',
  }, 'tu.kominfo');
  await api('/dispositions', { token: await login('kadis.kominfo'), body: { incomingLetterId: letterId, toPositionIds: [kabid.id], instructions: ['Wakili / hadiri'] } });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('a disposition opened by its recipient', () => {
  test('is read: the recipient sees it so, and the disposer\'s tree says "Dibaca"', async () => {
    const disposer = await openAs(stack, 'kadis.kominfo', `/incoming-letters/${letterId}/show`);
    const before = disposer.getByTestId('disposition-tree');
    await before.getByText(kabid.title).waitFor();
    await before.getByText('Belum dibaca').waitFor();

    // The recipient opens it from their Disposisi list.
    const recipient = await openAs(stack, 'kabid.aptika', `/dispositions`);
    await recipient.getByText(HAL).first().click();
    await recipient.getByRole('heading', { name: HAL }).waitFor();
    await recipient.getByTestId('disposition-tree').getByText('Dibaca', { exact: true }).waitFor();
    expect(await rawKeys(recipient)).toEqual([]);
    await recipient.close();

    // The disposer looks again: read, no longer withdrawable.
    await disposer.reload();
    const after = disposer.getByTestId('disposition-tree');
    await after.getByText(kabid.title).waitFor();
    await after.getByText('Dibaca', { exact: true }).waitFor();
    await expect(after.getByText('Belum dibaca').count()).resolves.toBe(0);
    await disposer.close();
  });

  test('is followed up sebagian with a photo of the result: the disposer sees the status and opens the photo', async () => {
    const recipient = await openAs(stack, 'kabid.aptika', `/dispositions`);
    await recipient.getByText(HAL).first().click();
    await recipient.getByTestId('follow-up').click();
    const dialog = recipient.getByRole('dialog');
    await dialog.getByTestId('note').fill('Rapat dihadiri; notulen menyusul.');
    await dialog.getByRole('radio', { name: 'Sebagian' }).check();
    await dialog.getByTestId('follow-up-file').setInputFiles({ name: 'foto-rapat.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByRole('button', { name: 'Tindak Lanjut' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await rawKeys(recipient)).toEqual([]);
    await recipient.close();

    const disposer = await openAs(stack, 'kadis.kominfo', `/incoming-letters/${letterId}/show`);
    const tree = disposer.getByTestId('disposition-tree');
    await tree.getByText('Ditindaklanjuti').waitFor();
    await tree.getByText('Tindak lanjut (Sebagian): Rapat dihadiri; notulen menyusul.').waitFor();
    // The photo opens in a new tab, fetched behind the session (a blob, no token in a URL) ...
    const [tab] = await Promise.all([stack.context.waitForEvent('page'), tree.getByTestId('follow-up-attachment').click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(/^blob:/);
    await tab.close();
    // ... and it is the same bytes the Kabid attached.
    const [row] = await api<Array<{ id: number }>>(`/dispositions?filter=${encodeURIComponent(JSON.stringify({ incomingLetterId: letterId }))}`, { token: await login('kadis.kominfo') });
    const download = await fetch(`${stack.baseUrl}/api/dispositions/${row!.id}/follow-up/attachment`, { headers: { authorization: `Bearer ${await login('kadis.kominfo')}` } });
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
    await disposer.close();
  });
});
