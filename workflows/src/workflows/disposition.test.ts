import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import {
  closeBranchUpdate,
  DAY,
  disposeUpdate,
  dispositionStateQuery,
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

describe('DispositionWorkflow', () => {
  it('runs a disposition tree to done, with withdraw-while-unread, reminders and overdue notices', async () => {
    const handle = await env.client.workflow.start(DispositionWorkflow, {
      taskQueue,
      workflowId: 'disposition-L1',
      args: [{ incomingLetterId: 'L1', agencyCode: 'Diskominfo', headPersonId: 'kadis', secretariatPersonIds: ['tu'], urgency: 'segera' }],
    });
    await until(handle, (s) => s.status === 'awaiting-disposition');
    expect(await rejectionType(handle.executeUpdate(disposeUpdate, { args: [{ personId: 'kabid', toPersonIds: ['x'], instruction: 'Untuk diketahui', deadline: new Date(Date.now() + DAY).toISOString() }] }))).toBe('ACTION_OUT_OF_TURN');

    const now = await env.currentTimeMs();
    const deadline = new Date(now + 5 * DAY).toISOString();
    expect(await rejectionType(handle.executeUpdate(disposeUpdate, { args: [{ personId: 'kadis', toPersonIds: [], instruction: 'x', deadline }] }))).toBe('INVALID_REQUEST');
    const roots = await handle.executeUpdate(disposeUpdate, {
      args: [{ personId: 'kadis', toPersonIds: ['kabid-a', 'kabid-b', 'kabid-c'], instruction: 'Mohon ditindaklanjuti', note: 'segera koordinasi', deadline }],
    });
    expect(roots.map((b) => b.toPersonId)).toEqual(['kabid-a', 'kabid-b', 'kabid-c']);
    const [a, b, c] = roots;

    // Withdraw while unread only, and only by who disposed it.
    await handle.executeUpdate(readBranchUpdate, { args: [{ personId: 'kabid-b', branchId: b!.branchId }] });
    expect(await rejectionType(handle.executeUpdate(withdrawBranchUpdate, { args: [{ personId: 'kadis', branchId: b!.branchId }] }))).toBe('ACTION_NOT_ALLOWED');
    expect(await rejectionType(handle.executeUpdate(withdrawBranchUpdate, { args: [{ personId: 'kabid-a', branchId: c!.branchId }] }))).toBe('ACTION_NOT_ALLOWED');
    const withdrawn = await handle.executeUpdate(withdrawBranchUpdate, { args: [{ personId: 'kadis', branchId: c!.branchId }] });
    expect(withdrawn.status).toBe('withdrawn');

    // kabid-a disposes further down; the child must be closed too.
    const children = await handle.executeUpdate(disposeUpdate, { args: [{ personId: 'kabid-a', parentBranchId: a!.branchId, toPersonIds: ['kasi-a'], instruction: 'Siapkan bahan', deadline }] });
    expect(children[0]!.parentBranchId).toBe(a!.branchId);
    expect(await rejectionType(handle.executeUpdate(closeBranchUpdate, { args: [{ personId: 'kabid-a', branchId: a!.branchId, followUp: '  ' }] }))).toBe('INVALID_REQUEST');
    await handle.executeUpdate(closeBranchUpdate, { args: [{ personId: 'kabid-a', branchId: a!.branchId, followUp: 'bahan disiapkan kasi' }] });
    await handle.executeUpdate(closeBranchUpdate, { args: [{ personId: 'kabid-b', branchId: b!.branchId, followUp: 'sudah dikoordinasikan' }] });

    // Two days before the deadline the open branch is reminded; at the deadline it is overdue for the secretariat and head.
    await env.sleep(3 * DAY + HOUR);
    await until(handle, () => ports.notificationsFor('kasi-a', 'reminder').length === 1);
    expect(ports.notificationsFor('tu', 'overdue')).toHaveLength(0);
    await env.sleep(2 * DAY);
    const overdue = await until(handle, (s) => s.branches.some((x) => x.overdue));
    expect(overdue.status).toBe('in-progress');
    expect(ports.notificationsFor('tu', 'overdue')).toHaveLength(1);
    expect(ports.notificationsFor('kadis', 'overdue')).toHaveLength(1);

    await handle.executeUpdate(closeBranchUpdate, { args: [{ personId: 'kasi-a', branchId: children[0]!.branchId, followUp: 'laporan terlampir', attachmentSha256: 'ab'.repeat(32) }] });
    const final = await handle.result();
    expect(final.status).toBe('done');
    expect(final.branches.map((x) => x.status)).toEqual(['closed', 'closed', 'withdrawn', 'closed']);
    expect(ports.lettersDone.has('L1')).toBe(true);
    // Reminders and overdue notices went out once each despite the loop running again.
    expect(ports.notificationsFor('kasi-a', 'reminder')).toHaveLength(1);
  });

  it('reminds and escalates the head who has not disposed yet', async () => {
    const handle = await env.client.workflow.start(DispositionWorkflow, {
      taskQueue,
      workflowId: 'disposition-L2',
      args: [{ incomingLetterId: 'L2', agencyCode: 'Diskominfo', headPersonId: 'bupati', secretariatPersonIds: ['sekda'], urgency: 'sangat_segera' }],
    });
    await until(handle, (s) => s.status === 'awaiting-disposition');
    await env.sleep(4 * HOUR + 60_000);
    await until(handle, () => ports.notificationsFor('sekda', 'escalation').length === 1);
    expect(ports.notificationsFor('bupati', 'reminder')).toHaveLength(1);
    await handle.terminate('test done');
  });
});
