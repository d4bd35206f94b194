// Issue 19, item 3 (Pemda settings): the public base URL the admin sets in
// "Pengaturan Pemda" is the one every new QR code names (one book); the
// configured PUBLIC_BASE_URL only seeds it. The admin changes it in the
// console; a letter signed afterwards carries a QR code for
// <new URL>/verifikasi/<token>, and a certificate issued afterwards names it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import QRCode from 'qrcode';
import { actWhenTurn, apiSession, DEMO_PASSPHRASE, newActorPage, notaDinasThroughApi, signIn, startConsoleStack, type ConsoleStack } from './harness.js';

const NEW_BASE = 'https://naskah.tanahbumbukab.go.id/e-office';

let stack: ConsoleStack;
let db: pg.Client;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'naskah-e2e-base-url-'));

beforeAll(async () => {
  stack = await startConsoleStack();
  db = new pg.Client({ connectionString: stack.db.url });
  await db.connect();
}, 240_000);

afterAll(async () => {
  await db?.end();
  await stack?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function call(method: string, route: string, body?: unknown, token?: string): Promise<Response> {
  return fetch(`${stack.baseUrl}/api${route}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/**
 * The QR code drawn in the signed PDF as a module matrix: the stamp paints each run of dark
 * modules as a filled rectangle after `0 0 0 rg` (read from the uncompressed file, qpdf --qdf).
 */
function stampQrModules(pdf: Buffer): boolean[][] {
  const raw = path.join(work, 'signed.pdf');
  const qdf = path.join(work, 'signed-qdf.pdf');
  fs.writeFileSync(raw, pdf);
  try {
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', raw, qdf]);
  } catch (error) {
    // qpdf exits 3 on warnings and still writes the file.
    if ((error as { status?: number }).status !== 3) throw error;
  }
  const text = fs.readFileSync(qdf, 'latin1');
  const runs = /0 0 0 rg\n((?:-?[\d.]+ -?[\d.]+ -?[\d.]+ -?[\d.]+ re\n){20,})/.exec(text);
  if (!runs) throw new Error('no QR code in the signed PDF');
  const rects = runs[1]!.trim().split('\n').map((l) => l.split(' ').slice(0, 4).map(Number) as [number, number, number, number]);
  const cell = rects[0]![3];
  const left = Math.min(...rects.map((r) => r[0]));
  const top = Math.max(...rects.map((r) => r[1]));
  const cells = rects.map(([x, y, w]) => ({ col: Math.round((x - left) / cell), row: Math.round((top - y) / cell), span: Math.round(w / cell) }));
  const size = Math.max(...cells.map((c) => c.col + c.span));
  const grid = Array.from({ length: size }, () => Array.from({ length: size }, () => false));
  for (const c of cells) for (let i = 0; i < c.span; i++) grid[c.row]![c.col + i] = true;
  return grid;
}

/** The module matrix of a QR code for `text` (byte mode, level M, mask 2: the stamp's encoding). */
function qrModules(text: string): boolean[][] {
  const { size, data } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 2 }).modules;
  return Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => data[r * size + c] === 1));
}

describe('the public base URL from the Pemda settings', () => {
  test('the admin changes it in the console; a letter signed afterwards carries a QR code for the new address, and a new certificate names it', async () => {
    const configured = ((await (await call('GET', '/settings/pemda')).json()) as { publicBaseUrl: string }).publicBaseUrl;
    expect(configured).not.toBe(NEW_BASE);

    const admin = await newActorPage(stack);
    await signIn(admin, stack.baseUrl, 'admin');
    await admin.getByRole('menuitem', { name: 'Pengaturan Pemda' }).click();
    const form = admin.getByTestId('pemda-settings');
    await expect(form.locator('input[name="publicBaseUrl"]').inputValue()).resolves.toBe(configured);
    await form.locator('input[name="publicBaseUrl"]').fill(`${NEW_BASE}/`);
    await form.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await admin.getByText('Pengaturan Pemda disimpan.').waitFor();
    await admin.reload();
    await expect(admin.getByTestId('pemda-settings').locator('input[name="publicBaseUrl"]').inputValue()).resolves.toBe(NEW_BASE);

    // A nota dinas with no reviewers, rendered and submitted by staf.kominfo, signed by the Kepala Dinas.
    const documentId = await notaDinasThroughApi(stack, 'Uji alamat publik pada kode QR');
    const kadis = await apiSession(stack, 'kadis.kominfo');
    const { signedVersion } = await actWhenTurn<{ signedVersion: number }>(kadis, `/documents/${documentId}/sign`, { passphrase: DEMO_PASSPHRASE });
    const pdf = Buffer.from(await (await call('GET', `/documents/${documentId}/versions/${signedVersion}/pdf`, undefined, kadis.token)).arrayBuffer());
    const [{ verification_token: token }] = (await db.query<{ verification_token: string }>(
      'select verification_token from document_version where document_id = $1 and no = $2', [documentId, signedVersion])).rows as [{ verification_token: string }];
    const drawn = stampQrModules(pdf);
    expect(drawn).toEqual(qrModules(`${NEW_BASE}/verifikasi/${token}`));
    expect(drawn).not.toEqual(qrModules(`${configured}/verifikasi/${token}`));

    // A certificate issued now names the new address (AIA, OCSP, CRL); earlier ones keep theirs.
    const adminToken = (await apiSession(stack, 'admin')).token;
    const [person] = (await db.query<{ id: number }>(
      `select p.id from person p where p.nik ~ '^[0-9]{16}$' and not exists (select 1 from certificate c where c.person_id = p.id and c.status = 'active') order by p.id limit 1`)).rows;
    const issued = await call('POST', '/certificates', { personId: person!.id, passphrase: 'kata-sandi-baru-1' }, adminToken);
    expect(issued.ok).toBe(true);
    expect(((await issued.json()) as { publicBaseUrl: string }).publicBaseUrl).toBe(NEW_BASE);
    const earlier = (await db.query<{ public_base_url: string | null }>('select distinct public_base_url from certificate where person_id <> $1', [person!.id])).rows;
    expect(earlier.map((r) => r.public_base_url)).not.toContain(NEW_BASE);
    await admin.close();
  }, 180_000);
});
