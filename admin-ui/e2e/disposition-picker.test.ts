// Issue 19, surat masuk and disposisi: the letter page says to whom the letter
// is addressed, only its addressee gets the DISPOSISIKAN button, and the
// forward picker offers only the jabatan below the disposer, each labelled
// with unit, agency and holder, and the lembar disposisi ticks several instructions (seed: Kepala Bappeda → Kabid Perencanaan,
// TU → Perencana Ahli Pertama under the Kabid).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEMO_PASSWORD, newActorPage, rawKeys, screenshot, signIn, startConsoleStack, type ConsoleStack, settled } from './harness.js';

let stack: ConsoleStack;
let letterId: number;
const HAL = 'Permohonan Data Rencana Kerja Perangkat Daerah 2027';

async function api<T>(path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${stack.baseUrl}/api${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  stack = await startConsoleStack();
  const { token } = await api<{ token: string }>('/auth/login', { body: { username: 'tu.bappeda', password: DEMO_PASSWORD } });
  const [head] = await api<Array<{ id: number }>>(`/positions?filter=${encodeURIComponent(JSON.stringify({ q: 'Kepala Badan Perencanaan' }))}`, { token });
  ({ id: letterId } = await api<{ id: number }>('/incoming-letters', { token, body: {
    senderName: 'Bappeda Provinsi Kalimantan Selatan', senderNumber: '050/77/Bappeda/2026', senderDate: '2026-11-25', hal: HAL, addressedToId: head!.id,
  } }));
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

describe('the incoming letter page and the disposition dialog', () => {
  test('the TU sees to whom the letter is addressed and no DISPOSISIKAN button', async () => {
    const tu = await newActorPage(stack);
    await signIn(tu, stack.baseUrl, 'tu.bappeda');
    await tu.goto(`${stack.baseUrl}/incoming-letters/${letterId}/show`);
    await tu.getByRole('heading', { name: HAL, exact: true }).waitFor();
    await tu.getByText('Ditujukan kepada: Kepala Badan Perencanaan Pembangunan Daerah (Drs. H. Abdul Gafur Hasan, M.Si.)').waitFor();
    await settled(tu);
    await expect(tu.getByTestId('dispose').count()).resolves.toBe(0);
    await expect(tu.getByRole('button', { name: 'Disposisikan' }).count()).resolves.toBe(0);
    expect(await rawKeys(tu)).toEqual([]);
    await tu.close();
  });

  test('the head is offered only the jabatan below, told apart by unit, agency and holder, and ticks several instructions', async () => {
    const head = await newActorPage(stack);
    await signIn(head, stack.baseUrl, 'kadis.bappeda');
    await head.goto(`${stack.baseUrl}/incoming-letters/${letterId}/show`);
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
    const login = async (username: string) => (await api<{ token: string }>('/auth/login', { body: { username, password: DEMO_PASSWORD } })).token;
    const [tu, kadis, kabidToken] = [await login('tu.bappeda'), await login('kadis.bappeda'), await login('kabid.bappeda')];
    const position = async (q: string) => (await api<Array<{ id: number; title: string }>>(`/positions?filter=${encodeURIComponent(JSON.stringify({ q }))}`, { token: tu })).find((p) => p.title.startsWith(q))!;
    const [head, kabid, staf] = [await position('Kepala Badan Perencanaan'), await position('Kepala Bidang Perencanaan'), await position('Perencana Ahli Pertama')];
    const { id } = await api<{ id: number }>('/incoming-letters', { token: tu, body: {
      senderName: 'Inspektorat Provinsi Kalimantan Selatan', senderNumber: '700/19/Itprov/2026', senderDate: '2026-11-30', hal, addressedToId: head.id,
    } });
    const { ids: [kabidBranch] } = await api<{ ids: number[] }>('/dispositions', { token: kadis, body: { incomingLetterId: id, toPositionIds: [kabid.id], instructions: ['Siapkan bahan'] } });

    // The Kabid has the Perencana below: the button shows on their branch.
    const kabidPage = await newActorPage(stack);
    await signIn(kabidPage, stack.baseUrl, 'kabid.bappeda');
    await kabidPage.goto(`${stack.baseUrl}/dispositions/${kabidBranch}/show`);
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
    const stafPage = await newActorPage(stack);
    await signIn(stafPage, stack.baseUrl, 'staf.bappeda');
    await stafPage.goto(`${stack.baseUrl}/dispositions/${stafBranch}/show`);
    await stafPage.getByRole('heading', { name: hal, exact: true }).waitFor();
    await stafPage.getByTestId('follow-up').waitFor();
    await settled(stafPage);
    await expect(stafPage.getByTestId('dispose').count()).resolves.toBe(0);
    await expect(stafPage.getByRole('button', { name: 'Disposisikan' }).count()).resolves.toBe(0);
    expect(await rawKeys(stafPage)).toEqual([]);
    await stafPage.close();
  });
});
