// Issue 19, the console as Indonesian officials expect it (remaining items), on one stack:
// - every jabatan picker offers each position once, labelled "jabatan (unit, perangkat daerah) — holder",
//   the user's own agency first, then by agency and jabatan, searchable by agency too;
// - submitting a konsep says so once, in its own words (not a generic "data dibuat");
// - on a phone the document itself (its PDF and a "Lihat naskah (PDF)" button) comes on the first screen,
//   before the details, and nothing runs off the right edge;
// - every label of the perjanjian kinerja chart stays inside the chart, at desktop and phone width.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { apiSession, horizontalOverflow, openAs, pickOption, rawKeys, screenshot, settled, startConsoleStack, type ConsoleStack } from './harness.js';

const PHONE = { width: 390, height: 844 };
const HAL = 'Permintaan Data Layanan Perizinan Daring Triwulan IV';
const KOMINFO = 'Dinas Komunikasi, Informatika, Statistik dan Persandian';
const BAPPEDA = 'Badan Perencanaan Pembangunan Daerah';
const INSPEKTORAT = 'Inspektorat Daerah';
const SETDA = 'Sekretariat Daerah';

/** What staf.kominfo (Diskominfosp) is offered: the own agency first, then by agency name, each by jabatan. */
const OFFERED_TO_KOMINFO = [
  `Kepala Bidang Aplikasi Informatika (Bidang Aplikasi Informatika, ${KOMINFO}) — Budi Santoso Wijaya, S.T., M.Kom.`,
  `Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian (${KOMINFO}) — Ir. Muhammad Ridwan Saputra, M.T.`,
  `Pengelola Naskah Dinas (Tata Usaha) (Sekretariat, ${KOMINFO}) — Dewi Lestari`,
  `Pranata Komputer Ahli Muda (Administrator Sistem) (Bidang Aplikasi Informatika, ${KOMINFO}) — Yusuf Maulana, S.Kom.`,
  `Pranata Komputer Ahli Pertama (Bidang Aplikasi Informatika, ${KOMINFO}) — Rina Oktaviani, S.Kom.`,
  `Sekretaris Dinas Komunikasi, Informatika, Statistik dan Persandian (Sekretariat, ${KOMINFO}) — Nurul Hidayati, S.Kom., M.M.`,
  'Kepala Badan Pengelolaan Keuangan dan Aset Daerah (Badan Pengelolaan Keuangan dan Aset Daerah) — Hj. Norhayati, S.E., M.Ak.',
  `Kepala Badan Perencanaan Pembangunan Daerah (${BAPPEDA}) — Drs. H. Abdul Gafur Hasan, M.Si.`,
  `Kepala Bidang Perencanaan, Pengendalian dan Evaluasi (Bidang Perencanaan, Pengendalian dan Evaluasi, ${BAPPEDA}) — Fitriani Rahmah, S.E., M.Ec.Dev.`,
  `Pengelola Naskah Dinas (Tata Usaha) (${BAPPEDA}) — Hendra Gunawan`,
  `Perencana Ahli Pertama (Bidang Perencanaan, Pengendalian dan Evaluasi, ${BAPPEDA}) — Ahmad Fauzi Rahman, S.P.W.K.`,
  'Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu) — Ir. Hairul Anwar, M.P.',
  `Auditor Ahli Madya (Inspektur Pembantu Wilayah I, ${INSPEKTORAT}) — Maya Puspitasari, S.E., Ak.`,
  `Auditor Ahli Utama (Inspektur Pembantu Wilayah I, ${INSPEKTORAT}) — Drs. Bambang Sutrisno, M.Ak.`,
  `Inspektur Daerah (${INSPEKTORAT}) — H. Syahrani Effendi, S.H., M.H.`,
  `Bupati Tanah Bumbu (${SETDA}) — H. Rahmat Hidayatullah, S.E., M.M.`,
  `Kepala Bagian Umum (Bagian Umum, ${SETDA}) — Ahmad Fauzan Noor, S.Sos.`,
  `Sekretaris Daerah (${SETDA}) — Dr. Hj. Siti Aisyah Rahmani, M.Si.`,
];

let stack: ConsoleStack;
let documentId = 0;

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

/** The options an open autocomplete lists, as shown. */
async function optionsOf(page: Page, source: string, typed = ''): Promise<string[]> {
  const input = page.locator(`.ra-input-${source} input`).first();
  await input.click();
  await input.fill(typed);
  // The list answers the typed text from the server a moment later (react-admin waits for the typing to pause).
  await page.waitForTimeout(800);
  await settled(page);
  const options = page.getByRole('option');
  await options.first().waitFor();
  const texts = (await options.allInnerTexts()).map((t) => t.trim());
  await page.keyboard.press('Escape');
  return texts;
}

/** Every snackbar text the page shows from now on, each showing once (a text replaced in the same element counts again). */
async function watchToasts(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const shown: string[] = [];
    const last = new WeakMap<Element, string>();
    const look = () => {
      for (const el of document.querySelectorAll('.MuiSnackbarContent-message')) {
        const text = (el.textContent ?? '').trim();
        if (text && last.get(el) !== text) { last.set(el, text); shown.push(text); }
      }
    };
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
    (window as unknown as { shownToasts: string[] }).shownToasts = shown;
  });
  return () => page.evaluate(() => [...(window as unknown as { shownToasts: string[] }).shownToasts]);
}

/** Texts of the chart (an <svg role=img> named `name`) that reach outside its box, with the overshoot in px. */
async function labelsOutside(page: Page, name: string): Promise<{ label: string; left: number; right: number; top: number; bottom: number }[]> {
  const chart = page.locator(`svg[role="img"][aria-label="${name}"]`).first();
  await chart.waitFor();
  return chart.evaluate((svg) => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].map((t) => {
      const r = t.getBoundingClientRect();
      return { label: t.textContent ?? '', left: box.left - r.left, right: r.right - box.right, top: box.top - r.top, bottom: r.bottom - box.bottom };
    }).filter((o) => o.left > 0.5 || o.right > 0.5 || o.top > 0.5 || o.bottom > 0.5);
  });
}

describe('the console as officials expect it', () => {
  test('jabatan pickers: each position once, told apart by unit, agency and holder, own agency first; searchable by agency', async () => {
    const page = await openAs(stack, 'staf.kominfo', `/documents/create`);
    await page.locator('input[name="hal"]').waitFor();

    const signers = await optionsOf(page, 'signerPositionId');
    expect(signers).toEqual(OFFERED_TO_KOMINFO);
    expect(new Set(signers).size).toBe(signers.length);
    // Paraf (reviewers) and Kepada offer the same, in the same order.
    expect(await optionsOf(page, 'reviewerPositionIds')).toEqual(OFFERED_TO_KOMINFO);
    const kepada = page.locator('.ra-input-kepada');
    await kepada.getByRole('button', { name: 'Tambah' }).click();
    const kepadaInput = kepada.locator('.RaSimpleFormIterator-line').last().locator('input').first();
    await kepadaInput.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option').first().waitFor();
    await settled(page);
    expect((await page.getByRole('option').allInnerTexts()).map((t) => t.trim())).toEqual(OFFERED_TO_KOMINFO);
    await page.keyboard.press('Escape');

    // The two Tata Usaha: one option each, told apart.
    expect(await optionsOf(page, 'signerPositionId', 'Tata Usaha')).toEqual([
      `Pengelola Naskah Dinas (Tata Usaha) (Sekretariat, ${KOMINFO}) — Dewi Lestari`,
      `Pengelola Naskah Dinas (Tata Usaha) (${BAPPEDA}) — Hendra Gunawan`,
    ]);
    // An agency's code finds its jabatan.
    expect(await optionsOf(page, 'signerPositionId', 'Bappeda')).toEqual(OFFERED_TO_KOMINFO.filter((o) => o.includes(BAPPEDA)));
    // The Bupati once (one row per position, however the directory is joined).
    expect((await optionsOf(page, 'signerPositionId', 'Bupati')).filter((o) => o.startsWith('Bupati Tanah Bumbu'))).toHaveLength(1);
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'compose-position-picker');
    await page.close();
  }, 120_000);

  test('submitting a konsep composed in the console says so once: "Naskah diajukan untuk paraf."', async () => {
    const page = await openAs(stack, 'staf.kominfo', `/documents/create`);
    await page.locator('input[name="hal"]').fill(HAL);
    await page.locator('input[name="archiveCode"]').fill('000.7.2');
    const kepada = page.locator('.ra-input-kepada');
    await kepada.getByRole('button', { name: 'Tambah' }).click();
    await kepada.locator('.RaSimpleFormIterator-line').last().locator('input').first().fill('Kepala Badan Perencanaan');
    await page.getByRole('option', { name: /^Kepala Badan Perencanaan Pembangunan Daerah \(/ }).click();
    await page.locator('textarea[name="body"]').fill('Dengan hormat, mohon data layanan perizinan daring triwulan IV.');
    await pickOption(page, 'reviewerPositionIds', 'Kepala Bidang Aplikasi Informatika');
    await page.keyboard.press('Escape');
    await pickOption(page, 'signerPositionId', 'Kepala Dinas Komunikasi');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Konsep naskah tersimpan.').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: HAL, exact: true }).waitFor();
    documentId = Number(/\/documents\/(\d+)\/show/.exec(page.url())?.[1]);
    expect(documentId).toBeGreaterThan(0);
    // The save's toast first goes away, so that only what the submit says is counted.
    await page.locator('.MuiSnackbarContent-message').waitFor({ state: 'detached', timeout: 15_000 });

    const toasts = await watchToasts(page);
    await page.getByTestId('document-actions').getByRole('button', { name: 'Ajukan' }).click();
    await page.locator('.MuiSnackbarContent-message').first().waitFor();
    // A second toast for the same click would come when the first one closes (about 4 s).
    await page.waitForTimeout(9_000);
    expect(await toasts()).toEqual(['Naskah diajukan untuk paraf.']);
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  }, 120_000);

  test('phone: the document (its PDF and "Lihat naskah (PDF)") is on the first screen, the details after it; nothing runs off the edge', async () => {
    expect(documentId).toBeGreaterThan(0);
    const page = await openAs(stack, 'staf.kominfo', `/documents/${documentId}/show`, PHONE);
    await page.getByRole('heading', { name: HAL, exact: true }).waitFor();
    const open = page.getByTestId('open-pdf');
    await open.waitFor();
    await expect(open.innerText()).resolves.toBe('LIHAT NASKAH (PDF)');
    const frame = page.locator(`iframe[title="${HAL}"]`);
    await frame.waitFor();
    const [button, pdf, details] = await Promise.all([open.boundingBox(), frame.boundingBox(), page.getByText('Rincian', { exact: true }).boundingBox()]);
    expect(button!.y + button!.height).toBeLessThanOrEqual(PHONE.height);
    expect(pdf!.y).toBeLessThan(PHONE.height);
    expect(details!.y).toBeGreaterThan(pdf!.y);
    // The button opens the PDF itself (an object URL of the fetched bytes: no token in any URL).
    await expect(open.getAttribute('href')).resolves.toMatch(/^blob:/);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await rawKeys(page)).toEqual([]);
    await screenshot(page, 'document-phone-pdf-first');
    await page.close();
  }, 90_000);

  test('perjanjian kinerja chart: every label inside the chart, at desktop and at 390 px', async () => {
    const kabid = await apiSession(stack, 'kabid.aptika');
    const [kadis, bupati] = [await kabid.position('Kepala Dinas Komunikasi'), await kabid.position('Bupati Tanah Bumbu')];
    const { id } = await kabid.call<{ id: number }>('POST', '/agreements', {
      kind: 'kinerja', title: 'Perjanjian Kinerja Uji Grafik Diskominfosp', year: new Date().getFullYear(), parties: [kadis.id, bupati.id],
      indicators: [
        { code: 'IKU-1', name: 'Indeks kematangan SPBE', unit: 'indeks', direction: 'higher', targetYear: 3.5, targetQuarters: [3.5, 3.5, 3.5, 3.5] },
        { code: 'IKU-2', name: 'Waktu rata-rata penyelesaian gangguan layanan', unit: 'jam', direction: 'lower', targetYear: 24, targetQuarters: [24, 24, 24, 24] },
        { code: 'IKK-3.1', name: 'Persentase perangkat daerah terhubung jaringan intra pemerintah', unit: '%', direction: 'higher', targetYear: 100, targetQuarters: [100, 100, 100, 100] },
      ],
    });
    // The first quarter as the workflow's activity writes it: 85,7 %; a lower-is-better indicator far better than its
    // target (24 h aimed, 0,1 h reached: 24.000 %); nothing reached yet (0 %).
    const client = new pg.Client({ connectionString: stack.db.url });
    await client.connect();
    try {
      const { rows: indicators } = await client.query<{ id: number; code: string }>('select id, code from indicator where agreement_id = $1', [id]);
      const { rows: [reporter] } = await client.query<{ id: number }>('select id from person where position_id = $1', [kadis.id]);
      const reported: Record<string, [number, number]> = { 'IKU-1': [3, 85.71], 'IKU-2': [0.1, 24000], 'IKK-3.1': [0, 0] };
      for (const ind of indicators) {
        const [realisation, achievement] = reported[ind.code]!;
        await client.query(`insert into progress_report (indicator_id, quarter, realisation, evidence, achievement, reported_by_id, reported_at) values ($1, 1, $2, 'Laporan triwulan I', $3, $4, now())`,
          [ind.id, realisation, achievement, reporter!.id]);
      }
    } finally {
      await client.end();
    }
    for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
      const page = await openAs(stack, 'kabid.aptika', `/agreements/${id}/show`, viewport);
      await page.getByTestId('agreement-parties').waitFor();
      const chart = page.locator('svg[role="img"][aria-label="Capaian per indikator"]');
      await chart.waitFor();
      const texts = (await chart.locator('text').allTextContents()).map((t) => t.trim());
      expect(texts).toEqual(expect.arrayContaining(['IKU-1', 'IKU-2', 'IKK-3.1', '85,7 %', '24.000,0 %', '0,0 %']));
      expect(await labelsOutside(page, 'Capaian per indikator')).toEqual([]);
      if (viewport === PHONE) expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, `agreement-chart-${viewport.width}`);
      await page.close();
    }
  }, 120_000);
});
