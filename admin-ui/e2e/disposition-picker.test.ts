// Issue 19, surat masuk and disposisi: the letter page says to whom the letter
// is addressed, only its addressee gets the DISPOSISIKAN button, and the
// forward picker offers only the jabatan below the disposer, each labelled
// with unit, agency and holder, and the lembar disposisi ticks several instructions (seed: Kepala Bappeda → Kabid Perencanaan,
// TU → Perencana Ahli Pertama under the Kabid).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { apiSession, openAs, rawKeys, registerIncomingLetter, screenshot, settled, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;
let letterId: number;
const HAL = 'Permohonan Data Rencana Kerja Perangkat Daerah 2027';

beforeAll(async () => {
  stack = await startConsoleStack();
  letterId = await registerIncomingLetter(stack, {
    senderName: 'Bappeda Provinsi Kalimantan Selatan', senderNumber: '050/77/Bappeda/2026', senderDate: '2026-11-25', hal: HAL, to: 'Kepala Badan Perencanaan',
  });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('the incoming letter page and the disposition dialog', () => {
  test('the TU sees to whom the letter is addressed and no DISPOSISIKAN button', async () => {
    const tu = await openAs(stack, 'tu.bappeda', `/incoming-letters/${letterId}/show`);
    await tu.getByRole('heading', { name: HAL, exact: true }).waitFor();
    await tu.getByText('Ditujukan kepada: Kepala Badan Perencanaan Pembangunan Daerah (Drs. H. Abdul Gafur Hasan, M.Si.)').waitFor();
    await settled(tu);
    await expect(tu.getByTestId('dispose').count()).resolves.toBe(0);
    await expect(tu.getByRole('button', { name: 'Disposisikan' }).count()).resolves.toBe(0);
    expect(await rawKeys(tu)).toEqual([]);
    await tu.close();
  });

  test('the head is offered only the jabatan below, told apart by unit, agency and holder, and ticks several instructions', async () => {
    const head = await openAs(stack, 'kadis.bappeda', `/incoming-letters/${letterId}/show`);
    await head.getByRole('heading', { name: HAL, exact: true }).waitFor();
    await head.getByTestId('dispose').click();
    const dialog = head.getByRole('dialog');
    await dialog.getByText('Hanya jabatan di bawah Anda').waitFor();
    await dialog.locator('.ra-input-toPositionIds input').click();
    const options = head.getByRole('option');
    await options.first().waitFor();
    const offered = (await options.allInnerTexts()).map((t) => t.trim()).sort();
    expect(offered).toEqual([
      'Kepala Bidang Perencanaan, Pengendalian dan Evaluasi (Bidang Perencanaan, Pengendalian dan Evaluasi, Badan Perencanaan Pembangunan Daerah) — Fitriani Rahmah, S.E., M.Ec.Dev.',
      'Pengelola Naskah Dinas (Tata Usaha) (Badan Perencanaan Pembangunan Daerah) — Hendra Gunawan',
      'Perencana Ahli Pertama (Bidang Perencanaan, Pengendalian dan Evaluasi, Badan Perencanaan Pembangunan Daerah) — Ahmad Fauzi Rahman, S.P.W.K.',
    ]);
    // Not the Sekda above, nor another agency's Kabid.
    expect(offered.join('\n')).not.toMatch(/Sekretaris Daerah|Aplikasi Informatika/);
    await screenshot(head, 'dispose-picker');
    await head.getByRole('option', { name: /^Kepala Bidang Perencanaan/ }).click();
    // Close the picker's list by leaving the field.
    await dialog.getByRole('heading', { name: 'Disposisikan' }).click();
    await head.getByRole('listbox').waitFor({ state: 'detached' });

    // The lembar disposisi: several instructions ticked, and a free note.
    await dialog.getByRole('checkbox', { name: 'Siapkan bahan' }).check();
    await dialog.getByRole('checkbox', { name: 'Koordinasikan' }).check();
    await dialog.locator('textarea[name="note"]').fill('Koordinasikan dengan Bidang Aptika Diskominfosp.');
    await dialog.getByRole('button', { name: 'Disposisikan' }).click();
    const tree = head.getByTestId('disposition-tree');
    await tree.getByText('Kepala Bidang Perencanaan, Pengendalian dan Evaluasi').waitFor();
    const chips = (await tree.locator('.MuiChip-root').allInnerTexts()).map((t) => t.trim());
    // Both instructions, in the rulebook's order, then the state (and the deadline chip).
    expect(chips.slice(0, 3)).toEqual(['Koordinasikan', 'Siapkan bahan', 'Belum dibaca']);
    await expect(tree.innerText()).resolves.toContain('Koordinasikan dengan Bidang Aptika Diskominfosp.');
    expect(await rawKeys(head)).toEqual([]);
    await head.close();
  });

  test('DISPOSISIKAN on a branch page only for a recipient with someone below: the Kabid has it, the staf at the bottom does not', async () => {
    const hal = 'Permintaan Data Capaian Kinerja Bidang Triwulan III';
    const tu = await apiSession(stack, 'tu.bappeda');
    const kabidToken = (await apiSession(stack, 'kabid.bappeda')).token;
    const [kabid, staf] = [await tu.position('Kepala Bidang Perencanaan'), await tu.position('Perencana Ahli Pertama')];
    const id = await registerIncomingLetter(stack, {
      senderName: 'Inspektorat Provinsi Kalimantan Selatan', senderNumber: '700/19/Itprov/2026', senderDate: '2026-11-30', hal, to: 'Kepala Badan Perencanaan',
    });
    const { ids: [kabidBranch] } = await (await apiSession(stack, 'kadis.bappeda')).call<{ ids: number[] }>('POST', '/dispositions', { incomingLetterId: id, toPositionIds: [kabid.id], instructions: ['Siapkan bahan'] });

    // The Kabid has the Perencana below: the button shows on their branch.
    const kabidPage = await openAs(stack, 'kabid.bappeda', `/dispositions/${kabidBranch}/show`);
    await kabidPage.getByRole('heading', { name: hal, exact: true }).waitFor();
    await kabidPage.getByTestId('dispose').waitFor();
    expect(await kabidPage.getByTestId('dispose').innerText()).toBe('DISPOSISIKAN');
    await kabidPage.close();

    // The Kabid forwards it to the Perencana (once the letter's workflow holds the branch: 409 until then).
    let stafBranch: number | undefined;
    for (let attempt = 0; attempt < 40 && stafBranch === undefined; attempt++) {
      const res = await fetch(`${stack.baseUrl}/api/dispositions`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${kabidToken}` },
        body: JSON.stringify({ incomingLetterId: id, parentId: kabidBranch, toPositionIds: [staf.id], instructions: ['Siapkan bahan'] }),
      });
      if (res.ok) stafBranch = ((await res.json()) as { ids: number[] }).ids[0];
      else if (res.status === 409) await new Promise((r) => setTimeout(r, 500));
      else throw new Error(`forward: ${res.status} ${await res.text()}`);
    }
    expect(stafBranch).toBeDefined();

    // The Perencana has no one below: the follow-up, but no DISPOSISIKAN leading to an empty picker.
    const stafPage = await openAs(stack, 'staf.bappeda', `/dispositions/${stafBranch}/show`);
    await stafPage.getByRole('heading', { name: hal, exact: true }).waitFor();
    await stafPage.getByTestId('follow-up').waitFor();
    await settled(stafPage);
    await expect(stafPage.getByTestId('dispose').count()).resolves.toBe(0);
    await expect(stafPage.getByRole('button', { name: 'Disposisikan' }).count()).resolves.toBe(0);
    expect(await rawKeys(stafPage)).toEqual([]);
    await stafPage.close();
  });
});
