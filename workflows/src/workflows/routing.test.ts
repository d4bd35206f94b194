import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  cancelUpdate,
  HOUR,
  parafUpdate,
  returnUpdate,
  reviseUpdate,
  routingStateQuery,
  signedUpdate,
  withdrawUpdate,
  type RoutingInput,
  type RoutingState,
} from '../messages.js';
import { RecordingPorts } from '../../test/recording-ports.js';
import { startTimeSkippingHarness, type TimeSkippingHarness } from '../../test/time-skipping.js';
import { RoutingWorkflow } from './routing.js';

let harness: TimeSkippingHarness;
let env: TestWorkflowEnvironment;
const ports = new RecordingPorts();
const taskQueue = 'routing-test';

beforeAll(async () => {
  ports.positions.set('kasi', { holder: 'budi', superior: 'kabid-person' });
  ports.positions.set('kabid', { holder: 'kabid-person', superior: 'kadis-person' });
  ports.positions.set('kadis', { holder: 'kadis-person', superior: 'sekda-person' });
  ports.positions.set('pihak-a', { holder: 'ani' });
  ports.positions.set('pihak-b', { holder: 'beni' });
  harness = await startTimeSkippingHarness(taskQueue, ports.ports());
  env = harness.env;
});

afterAll(() => harness?.stop());

let counter = 0;
async function start(overrides: Partial<RoutingInput> = {}): Promise<WorkflowHandle<typeof RoutingWorkflow>> {
  counter += 1;
  const input: RoutingInput = {
    documentId: `d${counter}`,
    agencyCode: 'Diskominfo',
    drafterPersonId: 'drafter',
    urgency: 'segera',
    parafPositionIds: ['kasi', 'kabid'],
    signerGroups: [['kadis']],
    version: 1,
    ...overrides,
  };
  return env.client.workflow.start(RoutingWorkflow, { taskQueue, workflowId: `doc-${input.documentId}`, args: [input] });
}

/** Polls the query until the workflow reaches the wanted state; time does not advance meanwhile. */
async function until(handle: WorkflowHandle, test: (s: RoutingState) => boolean): Promise<RoutingState> {
  for (let i = 0; i < 200; i++) {
    const state = await handle.query(routingStateQuery);
    if (test(state)) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`state never matched: ${JSON.stringify(await handle.query(routingStateQuery))}`);
}
const waitingFor = (personId: string) => (s: RoutingState) => s.waiting.some((w) => w.actors.some((a) => a.personId === personId));

async function rejectionOf(promise: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return { type: (cause as ApplicationFailure).type ?? undefined, message: (cause as ApplicationFailure).message };
  }
  throw new Error('expected the update to be rejected');
}

describe('RoutingWorkflow', () => {
  it('runs paraf, return and revision, number, signature, distribution and archive once each', async () => {
    const handle = await start();
    await until(handle, waitingFor('budi'));

    const early = await rejectionOf(handle.executeUpdate(parafUpdate, { args: [{ personId: 'kabid-person' }] }));
    expect(early.type).toBe('ACTION_OUT_OF_TURN');
    expect(early.message).toContain('paraf by budi');

    await handle.executeUpdate(parafUpdate, { args: [{ personId: 'budi', note: 'ok' }] });
    await until(handle, waitingFor('kabid-person'));
    const returned = await handle.executeUpdate(returnUpdate, { args: [{ personId: 'kabid-person', note: 'perbaiki dasar hukum' }] });
    expect(returned.status).toBe('returned');

    const notDrafter = await rejectionOf(handle.executeUpdate(reviseUpdate, { args: [{ personId: 'budi', version: 2 }] }));
    expect(notDrafter.type).toBe('ACTION_OUT_OF_TURN');
    await handle.executeUpdate(reviseUpdate, { args: [{ personId: 'drafter', version: 2, sha256: 'v2' }] });

    // The chain restarts from the first reviewer.
    await until(handle, waitingFor('budi'));
    await handle.executeUpdate(parafUpdate, { args: [{ personId: 'budi' }] });
    await until(handle, waitingFor('kabid-person'));
    await handle.executeUpdate(parafUpdate, { args: [{ personId: 'kabid-person' }] });

    const signing = await until(handle, waitingFor('kadis-person'));
    expect(signing.status).toBe('signing');
    expect(signing.number).toMatch(/^000\.1\/\d{4}\/Diskominfo\/2026$/);
    expect(signing.version).toBe(100);

    const stale = await rejectionOf(handle.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-person', baseVersion: 2, version: 101, sha256: 'x' }] }));
    expect(stale.type).toBe('STALE_VERSION');
    const wrongSigner = await rejectionOf(handle.executeUpdate(signedUpdate, { args: [{ personId: 'budi', baseVersion: 100, version: 101, sha256: 'x' }] }));
    expect(wrongSigner.type).toBe('SIGNER_OUT_OF_TURN');

    await handle.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-person', baseVersion: 100, version: 101, sha256: 'signed' }] });
    const final = await handle.result();
    expect(final.status).toBe('archived');
    expect(final.version).toBe(101);
    expect(final.events.map((e) => e.action)).toEqual(['submit', 'paraf', 'return', 'revise', 'paraf', 'paraf', 'number', 'sign', 'distribute', 'archive']);
    expect(ports.archives.get(final.documentId)).toBe(`archive-${final.documentId}`);
    expect(ports.distributions.get(final.documentId)).toBe(10);
    // Every accepted paraf (not the return) is printed in its reviewer's box, by chain index, with who and when.
    const prints = [...ports.parafPrints].filter(([key]) => key.startsWith(`doc-${final.documentId}@`)).map(([key, mark]) => ({ step: key.split('/')[1], index: mark.index, personId: mark.personId, at: typeof mark.at }));
    expect(prints).toEqual([
      { step: 'r1:paraf:1', index: 0, personId: 'budi', at: 'string' },
      { step: 'r2:paraf:1', index: 0, personId: 'budi', at: 'string' },
      { step: 'r2:paraf:2', index: 1, personId: 'kabid-person', at: 'string' },
    ]);

    // A finished workflow takes no more actions.
    await expect(handle.executeUpdate(withdrawUpdate, { args: [{ personId: 'drafter' }] })).rejects.toThrow();
    expect([...ports.numbers.keys()].filter((d) => d === final.documentId)).toHaveLength(1);
  });

  it('has a click that came as an Update in its history before any effect of it runs (a worker killed meanwhile loses neither)', async () => {
    const handle = await start({ parafPositionIds: ['kasi'] });
    await until(handle, waitingFor('budi'));
    await handle.executeUpdate(parafUpdate, { args: [{ personId: 'budi' }] });
    await until(handle, waitingFor('kadis-person'));
    await handle.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-person', baseVersion: 100, version: 101, sha256: 'signed' }] });
    await handle.result();
    // Local activities (the rows of a paraf, a number, a signature) are recorded as markers when their workflow task
    // completes, but they ran before: after an Update's acceptance, a workflow task must complete before the next
    // marker, or a worker dying in between leaves the effects in the database and the click nowhere.
    const events = (await handle.fetchHistory()).events ?? [];
    const accepted = events.flatMap((e, i) => (e.workflowExecutionUpdateAcceptedEventAttributes ? [i] : []));
    expect(accepted).toHaveLength(2);
    for (const at of accepted) {
      const nextMarker = events.findIndex((e, i) => i > at && e.markerRecordedEventAttributes && e.markerRecordedEventAttributes.markerName !== 'core_patch');
      const taskCompleted = events.findIndex((e, i) => i > at && e.workflowTaskCompletedEventAttributes);
      expect({ at, taskCompletedFirst: taskCompleted > at && taskCompleted < nextMarker }).toEqual({ at, taskCompletedFirst: true });
    }
  });

  it('signs a parallel group in any order before moving on', async () => {
    const handle = await start({ parafPositionIds: [], signerGroups: [['pihak-a', 'pihak-b'], ['kadis']] });
    const s = await until(handle, (x) => x.waiting.length === 2);
    expect(s.waiting.flatMap((w) => w.actors.map((a) => a.personId)).sort()).toEqual(['ani', 'beni']);
    const outOfOrder = await rejectionOf(handle.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-person', baseVersion: 100, version: 101, sha256: 'x' }] }));
    expect(outOfOrder.type).toBe('SIGNER_OUT_OF_TURN');
    await handle.executeUpdate(signedUpdate, { args: [{ personId: 'beni', baseVersion: 100, version: 101, sha256: 'b' }] });
    // Ani still signs on top of Beni's version: the old base would drop his signature.
    const stale = await rejectionOf(handle.executeUpdate(signedUpdate, { args: [{ personId: 'ani', baseVersion: 100, version: 101, sha256: 'a' }] }));
    expect(stale.type).toBe('STALE_VERSION');
    await handle.executeUpdate(signedUpdate, { args: [{ personId: 'ani', baseVersion: 101, version: 102, sha256: 'a' }] });
    await until(handle, waitingFor('kadis-person'));
    await handle.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-person', baseVersion: 102, version: 103, sha256: 'k' }] });
    const final = await handle.result();
    expect(final.events.filter((e) => e.action === 'sign').map((e) => e.personId)).toEqual(['beni', 'ani', 'kadis-person']);
  });

  it('lets the drafter withdraw before the first signature and never after', async () => {
    const handle = await start();
    await until(handle, waitingFor('budi'));
    const stranger = await rejectionOf(handle.executeUpdate(withdrawUpdate, { args: [{ personId: 'budi' }] }));
    expect(stranger.type).toBe('ACTION_NOT_ALLOWED');
    const withdrawn = await handle.executeUpdate(withdrawUpdate, { args: [{ personId: 'drafter', reason: 'salah alamat' }] });
    expect(withdrawn.status).toBe('draft');
    expect((await handle.result()).status).toBe('draft');
    expect(ports.numbers.has(withdrawn.documentId)).toBe(false);

    const signed = await start({ parafPositionIds: [], signerGroups: [['pihak-a'], ['kadis']] });
    await until(signed, waitingFor('ani'));
    await signed.executeUpdate(signedUpdate, { args: [{ personId: 'ani', baseVersion: 100, version: 101, sha256: 'a' }] });
    await until(signed, waitingFor('kadis-person'));
    const refused = await rejectionOf(signed.executeUpdate(withdrawUpdate, { args: [{ personId: 'drafter' }] }));
    expect(refused.type).toBe('ACTION_NOT_ALLOWED');
    expect((await signed.query(routingStateQuery)).status).toBe('signing');

    // Cancelling records the allocated number as cancelled; it is never reused.
    const cancelled = await signed.executeUpdate(cancelUpdate, { args: [{ personId: 'drafter', reason: 'kegiatan batal' }] });
    expect(cancelled.status).toBe('cancelled');
    expect(ports.numbers.get(cancelled.documentId)).toMatchObject({ cancelled: true });
  });

  it('reminds the waiting reviewer at half the deadline and tells the superior at the deadline (Segera: 1 day)', async () => {
    const handle = await start({ urgency: 'segera' });
    const { documentId } = await until(handle, waitingFor('budi'));
    const ref = `document:${documentId}`;
    const mine = (personId: string, kind: 'reminder' | 'escalation') => ports.notificationsFor(personId, kind).filter((n) => n.ref === ref);
    await env.sleep(11 * HOUR);
    expect(mine('budi', 'reminder')).toHaveLength(0);
    await env.sleep(2 * HOUR);
    await until(handle, () => mine('budi', 'reminder').length === 1);
    expect(mine('kabid-person', 'escalation')).toHaveLength(0);
    await env.sleep(12 * HOUR);
    await until(handle, () => mine('kabid-person', 'escalation').length === 1);
    await handle.executeUpdate(withdrawUpdate, { args: [{ personId: 'drafter' }] });
    await handle.result();
  });

  it('uses Sangat Segera (4 h) and a configured deadline', async () => {
    const fast = await start({ urgency: 'sangat_segera' });
    const { documentId } = await until(fast, waitingFor('budi'));
    await env.sleep(2 * HOUR + 60_000);
    await until(fast, () => ports.notificationsFor('budi', 'reminder').some((n) => n.ref === `document:${documentId}`));
    await fast.executeUpdate(withdrawUpdate, { args: [{ personId: 'drafter' }] });

    const configured = await start({ urgency: 'biasa', deadlines: { biasa: 10 * HOUR } });
    const second = await until(configured, waitingFor('budi'));
    await env.sleep(10 * HOUR + 60_000);
    await until(configured, () => ports.notificationsFor('kabid-person', 'escalation').some((n) => n.ref === `document:${second.documentId}`));
    await configured.executeUpdate(withdrawUpdate, { args: [{ personId: 'drafter' }] });
  });

  it('resolves a Plh while the delegation is valid and the holder once it has ended', async () => {
    // Workflow time, not the test process clock: the test server has skipped ahead.
    const now = await env.currentTimeMs();
    ports.positions.set('kadis-plh', {
      holder: 'kadis-holder',
      superior: 'sekda-person',
      delegations: [{ personId: 'plh-person', kind: 'Plh', from: new Date(now - HOUR), until: new Date(now + 3 * HOUR) }],
    });
    const handle = await start({ parafPositionIds: [], signerGroups: [['kadis-plh']], urgency: 'biasa' });
    const s = await until(handle, waitingFor('plh-person'));
    expect(s.waiting[0]!.actors[0]!.delegation).toMatchObject({ kind: 'Plh', forPersonId: 'kadis-holder' });
    const holderEarly = await rejectionOf(handle.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-holder', baseVersion: 100, version: 101, sha256: 'x' }] }));
    expect(holderEarly.type).toBe('SIGNER_OUT_OF_TURN');

    await env.sleep(4 * HOUR);
    await until(handle, waitingFor('kadis-holder'));
    const expired = await rejectionOf(handle.executeUpdate(signedUpdate, { args: [{ personId: 'plh-person', baseVersion: 100, version: 101, sha256: 'x' }] }));
    expect(expired.type).toBe('SIGNER_OUT_OF_TURN');
    expect((await handle.query(routingStateQuery)).version).toBe(100);
    await handle.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-holder', baseVersion: 100, version: 101, sha256: 'k' }] });
    expect((await handle.result()).status).toBe('archived');
  });
});
