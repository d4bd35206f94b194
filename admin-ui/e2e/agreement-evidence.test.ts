// Issue 19, perjanjian kinerja: "bukti dukung is free text (no file)". The
// official opens the quarter's realisation dialog, reports each indicator,
// attaches a file as bukti dukung (a wrong kind of file is refused in
// Indonesian), sees the achievement by the rulebook's formula written the
// Indonesian way (85,7 %), and downloads the very file attached (same SHA-256).
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { NaskahWorkflows, type Indicator } from '@naskah/workflows/client';
import { DEMO_PASSWORD, openAs, rawKeys, screenshot, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

async function api<T>(path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.baseUrl}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function agreementStatus(id: number): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: stack.db.url });
  await client.connect();
  try {
    return (await client.query<{ status: string }>('select status from agreement where id = $1', [id])).rows[0]?.status;
  } finally {
    await client.end();
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('bukti dukung in the realisation dialog', () => {
  test('reported per indicator with a file attached: the achievement shows as 85,7 %, the file downloads with the same bytes', async () => {
    // Last year's agreement, already signed by both parties: its first quarter's window is open as soon as its workflow runs.
    const year = new Date().getFullYear() - 1;
    const title = `Perjanjian Kinerja Bukti Dukung ${year}`;
    const { token } = await api<{ token: string }>('/auth/login', null, { username: 'kadis.kominfo', password: DEMO_PASSWORD });
    const position = async (q: string) => (await api<{ id: number }[]>(`/positions?filter=${encodeURIComponent(JSON.stringify({ q }))}`, token))[0]!;
    const [kadis, bupati] = [await position('Kepala Dinas Komunikasi'), await position('Bupati Tanah Bumbu')];
    const indicators: Indicator[] = [
      { code: 'IKU-1', name: 'Indeks kematangan SPBE', unit: 'indeks', direction: 'higher', yearlyTarget: 3.5, quarterlyTargets: [3.5, 3.5, 3.5, 3.5] },
      { code: 'IKU-2', name: 'Rata-rata hari layanan pengaduan', unit: 'hari', direction: 'lower', yearlyTarget: 3, quarterlyTargets: [5, 4, 4, 3] },
    ];
    const { id } = await api<{ id: number }>('/agreements', token, {
      kind: 'kinerja', title, year, parties: [kadis.id, bupati.id],
      indicators: indicators.map((i) => ({ code: i.code, name: i.name, unit: i.unit, direction: i.direction, targetYear: i.yearlyTarget, targetQuarters: i.quarterlyTargets })),
    });
    const workflows = new NaskahWorkflows(stack.api.deps.temporal, stack.api.deps.config.temporal.taskQueue);
    await workflows.startAgreement({
      agreementId: String(id), agencyCode: 'Diskominfosp', year, drafterPersonId: '1', partyPositionIds: [String(kadis.id), String(bupati.id)],
      document: { documentId: '0', agencyCode: 'Diskominfosp', drafterPersonId: '1', urgency: 'biasa', parafPositionIds: [], signerGroups: [], version: 1 },
      indicators, carried: { agreementVersion: 1, indicators, reports: [], nextQuarter: 1, signedDocumentIds: [], lateQuarters: [] },
    });
    for (let i = 0; i < 100 && (await agreementStatus(id)) !== 'reporting'; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await agreementStatus(id)).toBe('reporting');

    const report = Buffer.from(`%PDF-1.4\n% Laporan evaluasi mandiri SPBE ${randomUUID()}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n`, 'latin1');
    const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);

    const page = await openAs(stack, 'kadis.kominfo', `/agreements/${id}/show`);
    await page.getByRole('button', { name: 'Isi realisasi' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('realisation-IKU-1').fill('3');
    await dialog.getByTestId('realisation-IKU-2').fill('4');
    // The rulebook's capaian while typing: 3 of 3,5 (higher is better) = 85,71 → 85,7 %; 4 days against 5 (lower is better) = (2 − 4/5) × 100 = 120,0 % (the console prints one decimal).
    expect(await dialog.getByTestId('achievement-preview-IKU-1').innerText()).toBe('Capaian: 85,7 %');
    expect(await dialog.getByTestId('achievement-preview-IKU-2').innerText()).toBe('Capaian: 120,0 %');

    // A text file is not bukti dukung: refused in Indonesian, naming the file field.
    await dialog.getByTestId('evidence-file-IKU-2').setInputFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('hanya catatan') });
    await page.getByText('Bukti dukung harus berupa PDF, JPG atau PNG (Berkas)').waitFor();
    expect(await dialog.getByTestId('evidence-chosen-IKU-2').count()).toBe(0);

    await dialog.getByTestId('evidence-file-IKU-1').setInputFiles({ name: 'Laporan evaluasi SPBE TW I.pdf', mimeType: 'application/pdf', buffer: report });
    await dialog.getByTestId('evidence-chosen-IKU-1').getByText('Laporan evaluasi SPBE TW I.pdf').waitFor();
    await dialog.getByTestId('evidence-file-IKU-2').setInputFiles({ name: 'foto-loket-pengaduan.png', mimeType: 'image/png', buffer: photo });
    await dialog.getByTestId('evidence-chosen-IKU-2').getByText('foto-loket-pengaduan.png').waitFor();
    await screenshot(page, 'agreement-realisation-dialog');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Realisasi tersimpan.').waitFor();

    // The quarter's cells: realisation, capaian written the Indonesian way, the attached file.
    const q1 = page.getByTestId('cell-IKU-1-1');
    await q1.getByText('Laporan evaluasi SPBE TW I.pdf').waitFor();
    const text = await q1.innerText();
    expect(text).toContain('85,7 %');
    expect(text).not.toContain('85.7');
    expect(await page.getByTestId('cell-IKU-2-1').innerText()).toContain('120,0 %');
    expect(await page.getByTestId('cell-IKU-2-1').innerText()).toContain('foto-loket-pengaduan.png');
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'agreement-realisation-reported');

    // Downloaded from the page: the same bytes that were attached, under their own name.
    const [download] = await Promise.all([page.waitForEvent('download'), q1.getByRole('button', { name: 'Laporan evaluasi SPBE TW I.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('Laporan evaluasi SPBE TW I.pdf');
    expect(sha256(fs.readFileSync((await download.path())!))).toBe(sha256(report));

    // Another reader of the agreement (the Bupati, its second party) downloads the photo too.
    const bupatiPage = await openAs(stack, 'bupati', `/agreements/${id}/show`);
    const q1Photo = bupatiPage.getByTestId('cell-IKU-2-1').getByRole('button', { name: 'foto-loket-pengaduan.png' });
    await q1Photo.waitFor();
    const [photoDownload] = await Promise.all([bupatiPage.waitForEvent('download'), q1Photo.click()]);
    expect(sha256(fs.readFileSync((await photoDownload.path())!))).toBe(sha256(photo));
    await bupatiPage.close();
    await page.close();
  });
});
