// Issue 16: every disposition click in the console goes through the letter's DispositionWorkflow.
// In Chromium the head disposes a letter to two jabatan below, one forwards it down, the lowest
// follows it up, the head takes back (Tarik) the branch nobody opened, the middle one reports too;
// then the tree says each branch's state in Indonesian, the letter is done, and the workflow's
// Temporal history holds each action as its Update (or, had a worker been restarting, its signal).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import type { Page } from 'playwright-core';
import {
  closeBranchUpdate, dispositionCommandSignal, dispositionStateQuery, disposeUpdate, withdrawBranchUpdate, workflowIds, type DispositionState,
} from '@naskah/workflows/client';
import { newActorPage, rawKeys, registerIncomingLetter, signIn, startConsoleStack, type ConsoleStack } from './harness.js';

let stack: ConsoleStack;
let letterId: number;
const HAL = 'Undangan Rapat Koordinasi Penyusunan RKPD 2028';
const KABID = 'Kepala Bidang Perencanaan, Pengendalian dan Evaluasi';
const TU = 'Pengelola Naskah Dinas (Tata Usaha)';
const STAF = 'Perencana Ahli Pertama';

beforeAll(async () => {
  stack = await startConsoleStack();
  // Registration is console.test.ts's; here the TU registers through the API (and never opens it again).
  letterId = await registerIncomingLetter(stack, {
    senderName: 'Bappeda Provinsi Kalimantan Selatan', senderNumber: '050/91/Bappeda/2026', senderDate: '2026-12-01', hal: HAL, to: 'Kepala Badan Perencanaan',
  });
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

/** Disposisikan from the page that is open (letter or received branch): to `recipients`, "Mohon ditindaklanjuti". */
async function dispose(p: Page, recipients: string[], note: string): Promise<void> {
  await p.getByTestId('dispose').click();
  const dialog = p.getByRole('dialog');
  for (const r of recipients) {
    await dialog.locator('.ra-input-toPositionIds input').fill(r);
    await p.getByRole('option', { name: new RegExp(`^${r.replace(/[()]/g, '\\$&')}`) }).first().click();
    await dialog.getByRole('heading', { name: 'Disposisikan' }).click();
    await p.getByRole('listbox').waitFor({ state: 'detached' });
  }
  await dialog.getByRole('checkbox', { name: 'Mohon ditindaklanjuti' }).check();
  await dialog.locator('textarea[name="note"]').fill(note);
  await dialog.getByRole('button', { name: 'Disposisikan' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Opens the branch this user received (from the Disposisi queue), which records it as read. */
async function openReceived(p: Page): Promise<void> {
  await p.getByTestId('queue-dispositions').click();
  await p.getByTestId('inbox-items').getByText(HAL).click();
  await p.getByTestId('follow-up').waitFor();
}

async function followUp(p: Page, report: string): Promise<void> {
  await p.getByTestId('follow-up').click();
  await p.getByTestId('note').fill(report);
  await p.getByRole('dialog').getByRole('button', { name: 'Tindak Lanjut' }).click();
  await p.getByTestId('follow-up').waitFor({ state: 'detached' });
}

/** The visible text of a branch's own row in the tree (recipient ← disposer, instruction, state, deadline, Tarik). */
function branchRow(p: Page, recipient: string) {
  return p.getByTestId('disposition-tree').getByRole('link', { name: recipient, exact: true }).locator('xpath=..');
}

async function stateOf(p: Page, recipient: string): Promise<string> {
  return (await branchRow(p, recipient).innerText()).replace(/\s+/g, ' ');
}

test('dispose, forward, follow up and withdraw from the console: the tree, the letter and the workflow history agree', async () => {
  // One page, one actor at a time: the pages of the browser context share the session (localStorage).
  const page = await newActorPage(stack);
  const letterPage = async (user: string) => {
    await signIn(page, stack.baseUrl, user);
    await page.goto(`${stack.baseUrl}/incoming-letters/${letterId}/show`);
    await page.getByRole('heading', { name: HAL, exact: true }).waitFor();
  };
  const head = page;
  await letterPage('kadis.bappeda');
  await dispose(head, [KABID, TU], 'Hadiri dan siapkan bahan.');
  const tree = head.getByTestId('disposition-tree');
  await tree.getByRole('link', { name: TU, exact: true }).waitFor();
  // The disposer may take back both while nobody opened them; the recipients' pages offer no Tarik.
  await expect(tree.getByRole('button', { name: 'Tarik' }).count()).resolves.toBe(2);

  const kabid = page;
  await signIn(kabid, stack.baseUrl, 'kabid.bappeda');
  await openReceived(kabid);
  const kabidBranch = kabid.url();
  await dispose(kabid, [STAF], 'Siapkan data capaian RKPD.');
  await kabid.getByTestId('disposition-tree').getByRole('link', { name: STAF, exact: true }).waitFor();
  // Kabid disposed to the staf, not to the TU: her Tarik is the staf's branch only.
  await expect(kabid.getByTestId('disposition-tree').getByRole('button', { name: 'Tarik' }).count()).resolves.toBe(1);

  const staf = page;
  await signIn(staf, stack.baseUrl, 'staf.bappeda');
  await openReceived(staf);
  await followUp(staf, 'Data capaian RKPD sudah dikirim ke Kabid.');
  await expect(staf.getByTestId('disposition-tree').getByRole('button', { name: 'Tarik' }).count()).resolves.toBe(0);

  // The head takes back the branch the TU never opened; the Kabid's was read, so it has no Tarik.
  await letterPage('kadis.bappeda');
  await tree.getByRole('link', { name: STAF, exact: true }).waitFor();
  await expect(branchRow(head, KABID).getByRole('button', { name: 'Tarik' }).count()).resolves.toBe(0);
  await branchRow(head, TU).getByRole('button', { name: 'Tarik' }).click();
  await head.getByText('Disposisi ditarik.').waitFor();
  await branchRow(head, TU).getByText('Ditarik', { exact: true }).waitFor();

  // Each branch's state, as the tree says it (the rulebook's states in Indonesian).
  expect(await stateOf(head, KABID)).toContain('Didisposisikan lanjut');
  expect(await stateOf(head, STAF)).toContain('Ditindaklanjuti');
  expect(await stateOf(head, TU)).toContain('Ditarik');
  await expect(tree.getByRole('button', { name: 'Tarik' }).count()).resolves.toBe(0);
  expect(await rawKeys(head)).toEqual([]);

  // The Kabid's branch is still open (forwarded): the letter is not done until she reports too.
  const connection = await Connection.connect({ address: stack.temporal.address });
  try {
    const client = new Client({ connection, namespace: stack.temporal.namespace });
    const workflow = client.workflow.getHandle(workflowIds.disposition(String(letterId)));
    await expect(workflow.query(dispositionStateQuery).then((s) => s.status)).resolves.toBe('in-progress');

    await signIn(kabid, stack.baseUrl, 'kabid.bappeda');
    await kabid.goto(kabidBranch);
    await followUp(kabid, 'Rapat dihadiri; bahan dari staf terlampir.');
    await letterPage('kadis.bappeda');
    await branchRow(head, KABID).getByText('Ditindaklanjuti', { exact: true }).waitFor();
    expect(await stateOf(head, KABID)).not.toContain('Didisposisikan lanjut');

    // Every branch followed up or withdrawn: the workflow marks the letter done and completes.
    const final = (await workflow.result()) as DispositionState;
    expect(final.status).toBe('done');
    expect(final.branches.map((b) => b.status).sort()).toEqual(['done', 'done', 'withdrawn']);

    // The history: each click arrived as an Update (or, while a worker restarted, a dispositionCommand signal).
    const { events } = await workflow.fetchHistory();
    const decode = (p: { data?: Uint8Array | null } | undefined) => JSON.parse(Buffer.from(p?.data ?? []).toString('utf8')) as Record<string, unknown>;
    const actions: Array<{ name: string; parentBranchId: unknown }> = [];
    for (const e of events ?? []) {
      const accepted = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
      if (accepted?.name) {
        const req = decode(accepted.args?.payloads?.[0]);
        actions.push({ name: accepted.name, parentBranchId: req['parentBranchId'] ?? null });
      }
      const signal = e.workflowExecutionSignaledEventAttributes;
      if (signal?.signalName === dispositionCommandSignal.name) {
        const command = decode(signal.input?.payloads?.[0]) as { kind: string; req: Record<string, unknown> };
        const name = { dispose: disposeUpdate.name, withdraw: withdrawBranchUpdate.name, close: closeBranchUpdate.name }[command.kind] ?? command.kind;
        actions.push({ name, parentBranchId: command.req['parentBranchId'] ?? null });
      }
    }
    const acts = actions.filter((a) => [disposeUpdate.name, withdrawBranchUpdate.name, closeBranchUpdate.name].includes(a.name));
    // The head's dispose (no parent), the Kabid's forward (down her branch), the staf's follow-up, the head's withdraw, the Kabid's follow-up.
    expect(acts.map((a) => a.name)).toEqual([disposeUpdate.name, disposeUpdate.name, closeBranchUpdate.name, withdrawBranchUpdate.name, closeBranchUpdate.name]);
    expect(acts[0]!.parentBranchId).toBeNull();
    expect(acts[1]!.parentBranchId).toEqual(expect.any(String));
    expect([disposeUpdate.name, closeBranchUpdate.name, withdrawBranchUpdate.name]).toEqual(['dispose', 'closeBranch', 'withdrawBranch']);
  } finally {
    await connection.close();
  }
  await page.close();
}, 120_000);
