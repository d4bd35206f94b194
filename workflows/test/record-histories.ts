// Records the workflow histories the replay test (test/replay.test.ts)
// replays: each scenario runs the current workflow code on the time-skipping
// test server with in-memory ports, and its history is written as JSON to
// test/histories/<name>.json. Run after a deliberate change of workflow logic
// (see the README): `npm run record:histories -w workflows`.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  agreementStateQuery,
  closeBranchUpdate,
  DAY,
  disposeUpdate,
  dispositionCommandSignal,
  dispositionStateQuery,
  HOUR,
  parafUpdate,
  readBranchUpdate,
  reportRealisationUpdate,
  returnUpdate,
  reviseUpdate,
  routingCommandSignal,
  routingStateQuery,
  signedUpdate,
  type RoutingInput,
} from '../src/messages.js';
import { AgreementWorkflow, quarterEnd } from '../src/workflows/agreement.js';
import { DispositionWorkflow } from '../src/workflows/disposition.js';
import { RoutingWorkflow } from '../src/workflows/routing.js';
import { historyToJson, readableHistory, secretPattern } from './history-json.js';
import { RecordingPorts } from './recording-ports.js';
import { startTimeSkippingHarness } from './time-skipping.js';

export const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const taskQueue = 'record-histories';

async function until<T>(read: () => Promise<T>, test: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && test(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never reached: ${JSON.stringify(await read().catch((e: unknown) => String(e)))}`);
}

type Scenario = (env: TestWorkflowEnvironment, ports: RecordingPorts) => Promise<{ name: string; handle: WorkflowHandle; runId?: string }[]>;

/** Routing: paraf, a reminder and an escalation while waiting, a return, the drafter's revision, paraf again, number, signature, distribution, archive. */
const routingReturnRevision: Scenario = async (env) => {
  const input: RoutingInput = {
    documentId: 'h-routing', agencyCode: 'Diskominfo', drafterPersonId: 'drafter', urgency: 'segera',
    parafPositionIds: ['kasi', 'kabid'], signerGroups: [['kadis']], version: 1,
  };
  const handle = await env.client.workflow.start(RoutingWorkflow, { taskQueue, workflowId: 'doc-h-routing', args: [input] });
  const state = () => handle.query(routingStateQuery);
  const waitingFor = (personId: string) => until(state, (s) => s.waiting.some((w) => w.actors.some((a) => a.personId === personId)));
  await waitingFor('budi');
  await handle.executeUpdate(parafUpdate, { args: [{ personId: 'budi', note: 'ok' }] });
  await waitingFor('kabid-person');
  // Segera: reminder at half a day, escalation to the superior at one day.
  await env.sleep(DAY + HOUR);
  await handle.executeUpdate(returnUpdate, { args: [{ personId: 'kabid-person', note: 'perbaiki dasar hukum' }] });
  await until(state, (s) => s.status === 'returned');
  await handle.executeUpdate(reviseUpdate, { args: [{ personId: 'drafter', version: 2, sha256: 'v2' }] });
  await waitingFor('budi');
  await handle.executeUpdate(parafUpdate, { args: [{ personId: 'budi' }] });
  await waitingFor('kabid-person');
  await handle.executeUpdate(parafUpdate, { args: [{ personId: 'kabid-person' }] });
  const signing = await waitingFor('kadis-person');
  await handle.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-person', baseVersion: signing.version, version: signing.version + 1, sha256: 'signed' }] });
  await handle.result();
  return [{ name: 'routing-return-revision', handle }];
};

/** Disposition: started by the head's first disposition, a recipient forwards down the tree, the branch is reminded, passes its deadline (the disposer, then their superior), everything closes. */
const dispositionForwardEscalation: Scenario = async (env) => {
  const handle = await env.client.workflow.start(DispositionWorkflow, {
    taskQueue, workflowId: 'disposition-h-letter',
    args: [{ incomingLetterId: 'h-letter', agencyCode: 'Diskominfo', headPositionId: 'kadis', urgency: 'sangat_segera' }],
  });
  const state = () => handle.query(dispositionStateQuery);
  const deadline = new Date((await env.currentTimeMs()) + 3 * DAY).toISOString();
  const [toKabid] = await handle.executeUpdate(disposeUpdate, { args: [{
    personId: 'kadis-person', positionIds: ['kadis'], fromPositionId: 'kadis', disposerSuperiorPersonId: 'bupati-person',
    recipients: [{ positionId: 'kabid', personId: 'kabid-person' }], instruction: 'Mohon ditindaklanjuti', note: 'koordinasikan', deadline,
  }] });
  await handle.executeUpdate(readBranchUpdate, { args: [{ personId: 'kabid-person', positionIds: ['kabid'], branchId: toKabid!.branchId }] });
  const [toKasi] = await handle.executeUpdate(disposeUpdate, { args: [{
    personId: 'kabid-person', positionIds: ['kabid'], parentBranchId: toKabid!.branchId, fromPositionId: 'kabid', disposerSuperiorPersonId: 'kadis-person',
    recipients: [{ positionId: 'kasi', personId: 'budi' }], instruction: 'Siapkan bahan', deadline,
  }] });
  // Sangat segera: a reminder two hours before the deadline, the disposer at the deadline, their superior four hours later.
  await env.sleep(3 * DAY + 5 * HOUR);
  await until(state, (s) => s.branches.some((b) => b.escalated));
  await handle.executeUpdate(closeBranchUpdate, { args: [{ personId: 'budi', positionIds: ['kasi'], branchId: toKasi!.branchId, followUp: 'bahan terlampir', attachmentSha256: 'ab'.repeat(32) }] });
  await handle.executeUpdate(closeBranchUpdate, { args: [{ personId: 'kabid-person', positionIds: ['kabid'], branchId: toKabid!.branchId, followUp: 'sudah dikoordinasikan' }] });
  await handle.result();
  return [{ name: 'disposition-forward-escalation', handle }];
};

/**
 * Durable clicks: a paraf that reached the workflow as the routing command signal (no worker took its
 * Update in time) and then also as that Update (same requestId: applied once), a second click no
 * longer in turn (refused, notified), the signature reported by signal; a disposition made and closed
 * by signal, its Update delivered later answered with the same branches.
 */
const durableClicks: Scenario = async (env) => {
  const input: RoutingInput = {
    documentId: 'h-durable', agencyCode: 'Diskominfo', drafterPersonId: 'drafter', urgency: 'segera', parafPositionIds: ['kasi'], signerGroups: [['kadis']], version: 1,
  };
  const routing = await env.client.workflow.start(RoutingWorkflow, { taskQueue, workflowId: 'doc-h-durable', args: [input] });
  const state = () => routing.query(routingStateQuery);
  const waitingFor = (personId: string) => until(state, (s) => s.waiting.some((w) => w.actors.some((a) => a.personId === personId)));
  await waitingFor('budi');
  await routing.signal(routingCommandSignal, { kind: 'paraf', req: { personId: 'budi', requestId: 'click-1', note: 'ok' } });
  await routing.executeUpdate(parafUpdate, { args: [{ personId: 'budi', requestId: 'click-1', note: 'ok' }], updateId: 'click-1' });
  await routing.signal(routingCommandSignal, { kind: 'paraf', req: { personId: 'budi', requestId: 'click-2' } });
  const signing = await waitingFor('kadis-person');
  await routing.signal(routingCommandSignal, { kind: 'signed', req: { personId: 'kadis-person', requestId: 'click-3', baseVersion: signing.version, version: signing.version + 1, sha256: 'signed' } });
  await routing.result();

  const letter = await env.client.workflow.start(DispositionWorkflow, {
    taskQueue, workflowId: 'disposition-h-durable', args: [{ incomingLetterId: 'h-durable', agencyCode: 'Diskominfo', headPositionId: 'kadis', urgency: 'biasa' }],
  });
  const dispose = {
    personId: 'kadis-person', positionIds: ['kadis'], fromPositionId: 'kadis', disposerSuperiorPersonId: null,
    recipients: [{ positionId: 'kasi', personId: 'budi' }], instruction: 'Untuk diketahui', requestId: 'click-4',
  };
  await letter.signal(dispositionCommandSignal, { kind: 'dispose', req: dispose });
  const [branch] = await letter.executeUpdate(disposeUpdate, { args: [dispose], updateId: 'click-4' });
  await letter.signal(dispositionCommandSignal, { kind: 'close', req: { personId: 'budi', positionIds: ['kasi'], branchId: branch!.branchId, followUp: 'sudah dibaca', requestId: 'click-5' } });
  await letter.result();
  return [{ name: 'routing-durable-clicks', handle: routing }, { name: 'disposition-durable-clicks', handle: letter }];
};

/**
 * Agreement: the document is signed by both parties (child routing), Q1 opens (the Kepala Dinas's task), is not
 * reported in time (one reminder three days before the window closes, the Kepala Dinas's superior told at its close),
 * is reported late, and the run continues as new.
 */
const agreementLateQuarter: Scenario = async (env) => {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const document: RoutingInput = { documentId: 'h-agreement', agencyCode: 'Diskominfo', drafterPersonId: 'drafter', urgency: 'biasa', parafPositionIds: ['kabid'], signerGroups: [['kadis', 'bupati']], version: 1 };
  const handle = await env.client.workflow.start(AgreementWorkflow, {
    taskQueue, workflowId: 'agreement-h-agreement',
    args: [{
      agreementId: 'h-agreement', agencyCode: 'Diskominfo', year, drafterPersonId: 'drafter', partyPositionIds: ['kadis', 'bupati'], document,
      indicators: [
        { code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher', yearlyTarget: 4, quarterlyTargets: [2, 2.5, 3, 4] },
        { code: 'IKU-2', name: 'Rata-rata hari layanan pengaduan', unit: 'hari', direction: 'lower', yearlyTarget: 3, quarterlyTargets: [5, 4, 4, 3] },
      ],
      reportingWindowMs: 10 * DAY, reminderLeadMs: 3 * DAY,
    }],
  });
  const firstRunId = handle.firstExecutionRunId;
  const doc = env.client.workflow.getHandle('doc-h-agreement');
  const docState = () => doc.query(routingStateQuery);
  await until(docState, (s) => s.waiting.some((w) => w.kind === 'paraf'));
  await doc.executeUpdate(parafUpdate, { args: [{ personId: 'kabid-person' }] });
  const signing = await until(docState, (s) => s.waiting.length === 2);
  await doc.executeUpdate(signedUpdate, { args: [{ personId: 'bupati-person', baseVersion: signing.version, version: signing.version + 1, sha256: 'b' }] });
  await doc.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-person', baseVersion: signing.version + 1, version: signing.version + 2, sha256: 'k' }] });
  const state = () => handle.query(agreementStateQuery);
  await until(state, (s) => s.status === 'active');
  await env.sleep(quarterEnd(year, 1) - (await env.currentTimeMs()) + 60_000);
  await until(state, (s) => s.openQuarter === 1);
  // Past the ten-day window: the reminder at day 7, the superior told at day 10.
  await env.sleep(12 * DAY);
  await until(state, (s) => s.lateQuarters.includes(1));
  await handle.executeUpdate(reportRealisationUpdate, { args: [{ personId: 'kadis-person', quarter: 1, realisations: [{ code: 'IKU-1', value: 1.5, evidence: 'hasil evaluasi SPBE' }, { code: 'IKU-2', value: 4 }] }] });
  await until(state, (s) => s.status === 'active' && s.reports.length === 1);
  return [
    { name: 'agreement-late-quarter', handle: env.client.workflow.getHandle(handle.workflowId, firstRunId) },
    { name: 'agreement-document-routing', handle: doc },
  ];
};

export async function recordHistories(): Promise<string[]> {
  const ports = new RecordingPorts();
  ports.positions.set('kasi', { holder: 'budi', superior: 'kabid-person' });
  ports.positions.set('kabid', { holder: 'kabid-person', superior: 'kadis-person' });
  ports.positions.set('kadis', { holder: 'kadis-person', superior: 'sekda-person' });
  ports.positions.set('bupati', { holder: 'bupati-person' });
  const harness = await startTimeSkippingHarness(taskQueue, ports.ports());
  const written: string[] = [];
  try {
    fs.mkdirSync(historiesDir, { recursive: true });
    for (const scenario of [routingReturnRevision, dispositionForwardEscalation, agreementLateQuarter, durableClicks]) {
      for (const { name, handle } of await scenario(harness.env, ports)) {
        const history = historyToJson(await handle.fetchHistory());
        if (secretPattern.test(readableHistory(history))) throw new Error(`${name}: the history holds something that looks like a secret; not written`);
        const file = `${historiesDir}${name}.json`;
        fs.writeFileSync(file, `${JSON.stringify({ workflowId: handle.workflowId, history }, null, 1)}\n`);
        written.push(file);
      }
    }
  } finally {
    await harness.stop();
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  recordHistories().then(
    (files) => console.log(`recorded ${files.length} histories:\n${files.map((f) => `  ${f}`).join('\n')}`),
    (error: unknown) => { console.error('recording failed:', error); process.exit(1); },
  );
}
