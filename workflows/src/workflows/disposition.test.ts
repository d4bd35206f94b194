import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import {
  closeBranchUpdate,
  DAY,
  disposeUpdate,
  dispositionStateQuery,
  finishLetterUpdate,
  HOUR,
  readBranchUpdate,
  withdrawBranchUpdate,
  type DispositionState,
} from '../messages.js';
import { RecordingPorts } from '../../test/recording-ports.js';
import { startTimeSkippingHarness, type TimeSkippingHarness } from '../../test/time-skipping.js';
import { DispositionWorkflow } from './disposition.js';

let harness: TimeSkippingHarness;
let env: TestWorkflowEnvironment;
const ports = new RecordingPorts();
const taskQueue = 'disposition-test';

beforeAll(async () => {
  harness = await startTimeSkippingHarness(taskQueue, ports.ports());
  env = harness.env;
});

afterAll(() => harness?.stop());

async function until(handle: WorkflowHandle, test: (s: DispositionState) => boolean): Promise<DispositionState> {
  for (let i = 0; i < 200; i++) {
    const state = await handle.query(dispositionStateQuery);
    if (test(state)) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`state never matched: ${JSON.stringify(await handle.query(dispositionStateQuery))}`);
}

async function rejectionType(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    return ((error as WorkflowUpdateFailedError).cause as ApplicationFailure).type ?? undefined;
  }
  throw new Error('expected the update to be rejected');
}

const input = (letter: string, urgency: 'biasa' | 'segera' | 'sangat_segera') => ({ incomingLetterId: letter, agencyCode: 'Diskominfo', headPositionId: 'P-kadis', urgency });
const kadis = { personId: 'kadis', positionIds: ['P-kadis'] };
const as = (personId: string) => ({ personId, positionIds: [`P-${personId}`] });

describe('DispositionWorkflow', () => {
  it('runs a disposition tree to done: withdraw while unread, a reminder at the lead, the disposer then their superior told when overdue', async () => {
    const handle = await env.client.workflow.start(DispositionWorkflow, { taskQueue, workflowId: 'disposition-L1', args: [input('L1', 'segera')] });
    const now = await env.currentTimeMs();
    const deadline = new Date(now + 5 * DAY).toISOString();
    const dispose = { fromPositionId: 'P-kadis', disposerSuperiorPersonId: 'bupati', instruction: 'Mohon ditindaklanjuti', deadline };
    const to = (...people: string[]) => people.map((p) => ({ positionId: `P-${p}`, personId: p }));
    // Only whoever acts for the addressee's position disposes first.
    expect(await rejectionType(handle.executeUpdate(disposeUpdate, { args: [{ ...as('kabid'), ...dispose, fromPositionId: 'P-kabid', recipients: to('x') }] }))).toBe('ACTION_OUT_OF_TURN');
    expect(await rejectionType(handle.executeUpdate(disposeUpdate, { args: [{ ...kadis, ...dispose, recipients: [] }] }))).toBe('INVALID_REQUEST');
    const roots = await handle.executeUpdate(disposeUpdate, { args: [{ ...kadis, ...dispose, note: 'segera koordinasi', recipients: to('kabid-a', 'kabid-b', 'kabid-c') }] });
    expect(roots.map((b) => [b.toPositionId, b.status, b.dispositionId])).toEqual([['P-kabid-a', 'sent', 1], ['P-kabid-b', 'sent', 2], ['P-kabid-c', 'sent', 3]]);
    const [a, b, c] = roots;

    // Withdraw while unread only, and only by who disposed it.
    await handle.executeUpdate(readBranchUpdate, { args: [{ ...as('kabid-b'), branchId: b!.branchId }] });
    expect(await rejectionType(handle.executeUpdate(withdrawBranchUpdate, { args: [{ ...kadis, branchId: b!.branchId }] }))).toBe('DISPOSITION_ALREADY_READ');
    expect(await rejectionType(handle.executeUpdate(withdrawBranchUpdate, { args: [{ ...as('kabid-a'), branchId: c!.branchId }] }))).toBe('ACTION_NOT_ALLOWED');
    expect((await handle.executeUpdate(withdrawBranchUpdate, { args: [{ ...kadis, branchId: c!.branchId }] })).status).toBe('withdrawn');
    expect(await rejectionType(handle.executeUpdate(closeBranchUpdate, { args: [{ ...as('kabid-c'), branchId: c!.branchId, followUp: 'terlambat' }] }))).toBe('DISPOSITION_CLOSED');

    // kabid-a disposes further down; their branch is forwarded, the child must be closed too.
    const children = await handle.executeUpdate(disposeUpdate, { args: [{
      ...as('kabid-a'), parentBranchId: a!.branchId, fromPositionId: 'P-kabid-a', disposerSuperiorPersonId: 'kadis', recipients: to('kasi-a'), instruction: 'Siapkan bahan', deadline,
    }] });
    expect(children[0]!.parentBranchId).toBe(a!.branchId);
    expect((await handle.query(dispositionStateQuery)).branches[0]!.status).toBe('forwarded');
    expect(await rejectionType(handle.executeUpdate(closeBranchUpdate, { args: [{ ...as('kabid-b'), branchId: a!.branchId, followUp: 'bukan saya' }] }))).toBe('ACTION_NOT_ALLOWED');
    expect(await rejectionType(handle.executeUpdate(closeBranchUpdate, { args: [{ ...as('kabid-a'), branchId: a!.branchId, followUp: '  ' }] }))).toBe('INVALID_REQUEST');
    await handle.executeUpdate(closeBranchUpdate, { args: [{ ...as('kabid-a'), branchId: a!.branchId, followUp: 'bahan disiapkan kasi' }] });
    // A tindak lanjut is selesai or sebagian (the rulebook's vocabulary), with its attachment's key and hash.
    expect(await rejectionType(handle.executeUpdate(closeBranchUpdate, { args: [{ ...as('kabid-b'), branchId: b!.branchId, followUp: 'sudah', followUpStatus: 'hampir' as 'selesai' }] }))).toBe('INVALID_REQUEST');
    const partly = await handle.executeUpdate(closeBranchUpdate, { args: [{
      ...as('kabid-b'), branchId: b!.branchId, followUp: 'sudah dikoordinasikan', followUpStatus: 'sebagian', attachmentKey: `disposition-attachments/${'cd'.repeat(32)}.png`, attachmentSha256: 'cd'.repeat(32),
    }] });
    expect([partly.status, partly.followUpStatus, partly.attachmentKey]).toEqual(['done', 'sebagian', `disposition-attachments/${'cd'.repeat(32)}.png`]);

    // Segera: the reminder 12 hours before the deadline, not earlier.
    await env.sleep(5 * DAY - 13 * HOUR);
    expect(ports.notificationsFor('kasi-a', 'reminder')).toHaveLength(0);
    await env.sleep(2 * HOUR);
    await until(handle, () => ports.notificationsFor('kasi-a', 'reminder').length === 1);
    // At the deadline the disposer (kabid-a) hears of it, a day later (segera) their superior.
    await env.sleep(12 * HOUR);
    const overdue = await until(handle, (s) => s.branches.some((x) => x.overdue));
    expect(overdue.status).toBe('in-progress');
    expect(ports.notificationsFor('kabid-a', 'escalation')).toHaveLength(1);
    expect(ports.notificationsFor('kadis', 'escalation')).toHaveLength(0);
    await env.sleep(DAY);
    await until(handle, (s) => s.branches.some((x) => x.escalated));
    expect(ports.notificationsFor('kadis', 'escalation')).toHaveLength(1);

    await handle.executeUpdate(closeBranchUpdate, { args: [{ ...as('kasi-a'), branchId: children[0]!.branchId, followUp: 'laporan terlampir', attachmentSha256: 'ab'.repeat(32) }] });
    const final = await handle.result();
    expect(final.status).toBe('done');
    expect(final.branches.map((x) => x.status)).toEqual(['done', 'done', 'withdrawn', 'done']);
    // No status given (older clients): selesai.
    expect(final.branches.map((x) => x.followUpStatus ?? null)).toEqual(['selesai', 'sebagian', null, 'selesai']);
    expect(ports.lettersDone.has('L1')).toBe(true);
    // Every notice went out once despite the loop running again, none to the closed branches' recipients.
    expect(ports.notificationsFor('kasi-a', 'reminder')).toHaveLength(1);
    expect(ports.notificationsFor('kabid-b', 'reminder')).toHaveLength(0);
    expect(ports.notificationsFor('kabid-a', 'escalation')).toHaveLength(1);
    expect([...ports.branchEvents.entries()].filter(([k]) => k.startsWith('disposition-L1/b4:')).map(([, e]) => e)).toEqual(['sent', 'overdue', 'escalated', 'followed_up']);
  });

  it('takes the urgency\'s default deadline and lets the head mark the letter done once no branch is open', async () => {
    const handle = await env.client.workflow.start(DispositionWorkflow, { taskQueue, workflowId: 'disposition-L2', args: [input('L2', 'sangat_segera')] });
    const now = await env.currentTimeMs();
    const [only] = await handle.executeUpdate(disposeUpdate, { args: [{ ...kadis, fromPositionId: 'P-kadis', disposerSuperiorPersonId: null, recipients: [{ positionId: 'P-kabid', personId: 'kabid' }], instruction: 'Wakili / hadiri' }] });
    // Sangat segera: four hours.
    expect(Date.parse(only!.deadline) - now).toBeGreaterThanOrEqual(4 * HOUR);
    expect(Date.parse(only!.deadline) - now).toBeLessThan(4 * HOUR + 60_000);
    expect(await rejectionType(handle.executeUpdate(finishLetterUpdate, { args: [kadis] }))).toBe('DISPOSITION_BRANCHES_OPEN');
    await handle.executeUpdate(withdrawBranchUpdate, { args: [{ ...kadis, branchId: only!.branchId }] });
    expect(await rejectionType(handle.executeUpdate(finishLetterUpdate, { args: [as('kabid')] }))).toBe('ACTION_NOT_ALLOWED');
    expect((await handle.executeUpdate(finishLetterUpdate, { args: [kadis] })).status).toBe('done');
    expect((await handle.result()).status).toBe('done');
    expect(ports.lettersDone.has('L2')).toBe(true);
    // Withdrawn before its reminder: nobody is reminded.
    expect(ports.notificationsFor('kabid', 'reminder')).toHaveLength(0);
  });
  it('refuses a second open disposition from the same disposer to the same position on the same letter or branch', async () => {
    const handle = await env.client.workflow.start(DispositionWorkflow, { taskQueue, workflowId: 'disposition-L3', args: [input('L3', 'biasa')] });
    const head = { ...kadis, fromPositionId: 'P-kadis', disposerSuperiorPersonId: null, instruction: 'Untuk diketahui' };
    const to = (...people: string[]) => people.map((p) => ({ positionId: `P-${p}`, personId: p }));
    const [first] = await handle.executeUpdate(disposeUpdate, { args: [{ ...head, recipients: to('kabid') }] });
    // The same click again with a new request id (its first answer lost): refused, one branch stays.
    expect(await rejectionType(handle.executeUpdate(disposeUpdate, { args: [{ ...head, requestId: 'again-1', recipients: to('kabid') }] }))).toBe('DISPOSITION_DUPLICATE');
    expect(await rejectionType(handle.executeUpdate(disposeUpdate, { args: [{ ...head, requestId: 'again-2', recipients: to('kasi', 'kabid') }] }))).toBe('DISPOSITION_DUPLICATE');
    expect(await rejectionType(handle.executeUpdate(disposeUpdate, { args: [{ ...head, requestId: 'twice-in-one', recipients: to('kasi', 'kasi') }] }))).toBe('DISPOSITION_DUPLICATE');
    expect((await handle.query(dispositionStateQuery)).branches.map((b) => b.toPositionId)).toEqual(['P-kabid']);
    // Another disposer (the recipient forwarding down its branch) may send to a position the head also disposed to.
    await handle.executeUpdate(readBranchUpdate, { args: [{ ...as('kabid'), branchId: first!.branchId }] });
    const down = { ...as('kabid'), parentBranchId: first!.branchId, fromPositionId: 'P-kabid', disposerSuperiorPersonId: 'kadis', instruction: 'Siapkan bahan' };
    await handle.executeUpdate(disposeUpdate, { args: [{ ...down, recipients: to('kasi') }] });
    const [direct] = await handle.executeUpdate(disposeUpdate, { args: [{ ...head, recipients: to('kasi') }] });
    expect(await rejectionType(handle.executeUpdate(disposeUpdate, { args: [{ ...down, requestId: 'down-again', recipients: to('kasi') }] }))).toBe('DISPOSITION_DUPLICATE');
    // Withdrawn, the branch is no longer open: disposing to that position again is a new disposition.
    await handle.executeUpdate(withdrawBranchUpdate, { args: [{ ...kadis, branchId: direct!.branchId }] });
    const [again] = await handle.executeUpdate(disposeUpdate, { args: [{ ...head, recipients: to('kasi') }] });
    expect(again!.status).toBe('sent');
    expect((await handle.query(dispositionStateQuery)).branches.map((b) => [b.fromPositionId, b.toPositionId, b.status])).toEqual([
      ['P-kadis', 'P-kabid', 'forwarded'], ['P-kabid', 'P-kasi', 'sent'], ['P-kadis', 'P-kasi', 'withdrawn'], ['P-kadis', 'P-kasi', 'sent'],
    ]);
    await handle.terminate('test done');
  });
});
