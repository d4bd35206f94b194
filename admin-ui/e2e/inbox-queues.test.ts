// Issue 19, item 5: the queues as SRIKANDI users know them (Konsep, Perlu
// Paraf, Perlu Tanda Tangan, Dikembalikan, Naskah Keluar, Naskah Masuk,
// Disposisi, Tembusan), each with its count, each document row saying whose
// turn it is: the pending paraf's jabatan (holder), the drafter's once
// returned, "Selesai" once signed and sent.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { actWhenTurn, apiSession, DEMO_PASSPHRASE, newActorPage, notaDinasThroughApi, rawKeys, signIn, startConsoleStack, waitForQueueItem, settled, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

const REVIEW = 'Antrean: konsep dalam pemeriksaan';
const UNSENT = 'Antrean: konsep belum diajukan';
const RETURNED = 'Antrean: konsep dikembalikan';
const SENT = 'Antrean: naskah yang sudah terkirim';
const KABID = 'Kepala Bidang Aplikasi Informatika';

const QUEUE_LABELS = {
  drafts: 'Konsep', 'to-paraf': 'Perlu Paraf', 'to-sign': 'Perlu Tanda Tangan', returned: 'Dikembalikan',
  sent: 'Naskah Keluar', incoming: 'Naskah Masuk', dispositions: 'Disposisi', tembusan: 'Tembusan',
} as const;
type Queue = keyof typeof QUEUE_LABELS;

/** Each tab's label and badge as shown. */
async function badges(page: Page): Promise<Record<Queue, string>> {
  const shown = {} as Record<Queue, string>;
  for (const q of Object.keys(QUEUE_LABELS) as Queue[]) {
    const tab = page.getByTestId(`queue-${q}`);
    shown[q] = (await tab.innerText()).replace(/\s+/g, ' ').trim();
  }
  return shown;
}

function expected(counts: Partial<Record<Queue, number>>): Record<Queue, string> {
  return Object.fromEntries((Object.keys(QUEUE_LABELS) as Queue[]).map((q) => [q, `${QUEUE_LABELS[q]} ${counts[q] ?? 0}`])) as Record<Queue, string>;
}

async function rowTurn(page: Page, hal: string): Promise<string> {
  const row = page.getByTestId('inbox-items').locator('.MuiListItemButton-root').filter({ hasText: hal });
  return row.getByTestId('inbox-turn').innerText();
}

describe('the inbox queues', () => {
  test('each queue has its count; each row says whose turn it is', async () => {
    // Setup through the API: one konsep in review (kabid's paraf pending), one not submitted,
    // one returned by kabid, one signed and sent within the Dinas (to the Sekretaris Dinas, tembusan to kabid).
    const inReview = notaDinasThroughApi(stack, REVIEW, { reviewers: [KABID] });
    await notaDinasThroughApi(stack, UNSENT, { submit: false });
    const returned = await notaDinasThroughApi(stack, RETURNED, { reviewers: [KABID] });
    const sent = await notaDinasThroughApi(stack, SENT, { kepada: 'Sekretaris Dinas Komunikasi', tembusan: [KABID] });
    await inReview;
    await actWhenTurn(await apiSession(stack, 'kabid.aptika'), `/documents/${returned}/return`, { note: 'Lengkapi dasar hukumnya.' });
    await actWhenTurn(await apiSession(stack, 'kadis.kominfo'), `/documents/${sent}/sign`, { passphrase: DEMO_PASSPHRASE });

    // The drafter.
    const staf = await newActorPage(stack);
    await signIn(staf, stack.baseUrl, 'staf.kominfo');
    await waitForQueueItem(staf, stack.baseUrl, 'sent', SENT);
    await waitForQueueItem(staf, stack.baseUrl, 'returned', RETURNED);
    await expect(badges(staf)).resolves.toEqual(expected({ drafts: 2, returned: 1, sent: 1 }));
    await expect(rowTurn(staf, RETURNED)).resolves.toBe('Giliran: Rina Oktaviani, S.Kom. (Pengonsep)');
    await staf.getByTestId('queue-sent').click();
    await staf.getByTestId('inbox-items').getByText(SENT).waitFor();
    await expect(rowTurn(staf, SENT)).resolves.toBe('Selesai');
    await staf.getByTestId('queue-drafts').click();
    await staf.getByTestId('inbox-items').getByText(REVIEW).waitFor();
    await expect(rowTurn(staf, REVIEW)).resolves.toBe(`Giliran: ${KABID} (Budi Santoso Wijaya, S.T., M.Kom.)`);
    await expect(rowTurn(staf, UNSENT)).resolves.toBe('Belum diajukan');
    expect(await rawKeys(staf)).toEqual([]);
    await staf.close();

    // The reviewer (and tembusan), the signer and the addressee.
    const counts: Array<[string, Partial<Record<Queue, number>>]> = [
      ['kabid.aptika', { 'to-paraf': 1, tembusan: 1 }],
      ['kadis.kominfo', { sent: 1 }],
      ['sekdis.kominfo', { incoming: 1 }],
    ];
    for (const [username, want] of counts) {
      const page = await newActorPage(stack);
      await signIn(page, stack.baseUrl, username);
      await settled(page);
      await expect(badges(page)).resolves.toEqual(expected(want));
      await page.close();
    }
  }, 150_000);
});
