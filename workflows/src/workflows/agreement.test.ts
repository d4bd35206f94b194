import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import {
  agreementStateQuery,
  DAY,
  HOUR,
  reportRealisationUpdate,
  reviseAgreementUpdate,
  routingStateQuery,
  signedUpdate,
  parafUpdate,
  type AgreementState,
  type Indicator,
  type RoutingInput,
  type RoutingState,
} from '../messages.js';
import { RecordingPorts } from '../../test/recording-ports.js';
import type { Notification } from '../activities/ports.js';
import { startTimeSkippingHarness, type TimeSkippingHarness } from '../../test/time-skipping.js';
import { AgreementWorkflow, quarterEnd } from './agreement.js';

let harness: TimeSkippingHarness;
let env: TestWorkflowEnvironment;
const ports = new RecordingPorts();
const taskQueue = 'agreement-test';

beforeAll(async () => {
  ports.positions.set('kabag', { holder: 'kabag-person' });
  ports.positions.set('kadis', { holder: 'kadis-person', superior: 'bupati-person' });
  ports.positions.set('bupati', { holder: 'bupati-person' });
  harness = await startTimeSkippingHarness(taskQueue, ports.ports());
  env = harness.env;
});

afterAll(() => harness?.stop());

async function poll<T>(read: () => Promise<T>, test: (s: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    // The child routing workflow may not have started yet.
    const state = await read().catch(() => undefined);
    if (state !== undefined && test(state)) return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`state never matched: ${JSON.stringify(await read())}`);
}

const indicators: Indicator[] = [
  { code: 'IKU-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher', yearlyTarget: 4, quarterlyTargets: [2, 2.5, 3, 4] },
  { code: 'IKU-2', name: 'Rata-rata hari layanan pengaduan', unit: 'hari', direction: 'lower', yearlyTarget: 3, quarterlyTargets: [5, 4, 4, 3] },
];

function agreementDocument(documentId: string): RoutingInput {
  return { documentId, agencyCode: 'Diskominfo', drafterPersonId: 'drafter', urgency: 'biasa', parafPositionIds: ['kabag'], signerGroups: [['kadis', 'bupati']], version: 1 };
}

/** Paraf by the kabag, then both parties sign (in parallel group order: Bupati first here). */
async function approve(documentId: string): Promise<void> {
  const doc = env.client.workflow.getHandle(`doc-${documentId}`);
  const query = () => doc.query(routingStateQuery);
  await poll(query, (s: RoutingState) => s.waiting.some((w) => w.kind === 'paraf'));
  await doc.executeUpdate(parafUpdate, { args: [{ personId: 'kabag-person' }] });
  const signing = await poll(query, (s: RoutingState) => s.waiting.length === 2);
  await doc.executeUpdate(signedUpdate, { args: [{ personId: 'bupati-person', baseVersion: signing.version, version: signing.version + 1, sha256: 'b' }] });
  await doc.executeUpdate(signedUpdate, { args: [{ personId: 'kadis-person', baseVersion: signing.version + 1, version: signing.version + 2, sha256: 'k' }] });
}

/** The agreement's own notifications (the routing's signature tasks are the routing test's). */
const about = (personId: string, kind: Notification['kind']) => ports.notificationsFor(personId, kind).filter((n) => n.ref === 'agreement:A1');
const rejectionType = (error: unknown) => ((error as WorkflowUpdateFailedError).cause as ApplicationFailure).type;

describe('AgreementWorkflow', () => {
  it('is signed by both parties, each quarter opens with a task, a late report is reminded then escalated once, revised, and closed with a summary', async () => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const handle: WorkflowHandle<typeof AgreementWorkflow> = await env.client.workflow.start(AgreementWorkflow, {
      taskQueue,
      workflowId: 'agreement-A1',
      args: [{ agreementId: 'A1', agencyCode: 'Diskominfo', year, drafterPersonId: 'drafter', partyPositionIds: ['kadis', 'bupati'], document: agreementDocument('A1-v1'), indicators, reportingWindowMs: 10 * DAY, reminderLeadMs: 3 * DAY }],
    });
    const state = () => handle.query(agreementStateQuery);
    expect((await poll(state, (s: AgreementState) => s.status === 'signing')).openQuarter).toBeNull();
    await approve('A1-v1');
    await poll(state, (s: AgreementState) => s.status === 'active');
    expect([...ports.agreementStatuses.values()]).toEqual(['A1:signing', 'A1:active']);

    // Q1 opens when the quarter ends: the first party's holder gets the task.
    await env.sleep(quarterEnd(year, 1) - (await env.currentTimeMs()) + 60_000);
    await poll(state, (s: AgreementState) => s.openQuarter === 1);
    expect(about('kadis-person', 'task')).toHaveLength(1);
    // Three days before the ten-day window closes (day 7), one reminder; at day 10 the superior (the Bupati) is told, once.
    await env.sleep(7 * DAY - HOUR);
    expect(about('kadis-person', 'reminder')).toHaveLength(0);
    await env.sleep(2 * HOUR);
    await poll(state, () => about('kadis-person', 'reminder').length === 1);
    expect(about('bupati-person', 'escalation')).toHaveLength(0);
    await env.sleep(3 * DAY);
    await poll(state, (s: AgreementState) => s.lateQuarters.includes(1));
    await env.sleep(20 * DAY);
    expect(about('kadis-person', 'reminder')).toHaveLength(1);
    expect(about('bupati-person', 'escalation')).toHaveLength(1);
    expect([...ports.lateQuarters.values()]).toEqual([1]);

    const early = await handle.executeUpdate(reportRealisationUpdate, { args: [{ personId: 'kadis-person', quarter: 2, realisations: [] }] }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(rejectionType(early)).toBe('AGREEMENT_QUARTER_NOT_OPEN');

    const q1 = await handle.executeUpdate(reportRealisationUpdate, {
      args: [{ personId: 'kadis-person', quarter: 1, realisations: [{ code: 'IKU-1', value: 1.5, evidence: 'hasil evaluasi' }, { code: 'IKU-2', value: 4 }] }],
    });
    // Higher is better: 1.5 / 2 = 75 %; lower is better: (2 − 4/5) × 100 % = 120 %; the agreement: (75 + 120) / 2.
    expect(q1.achievements).toEqual([{ code: 'IKU-1', percent: 75 }, { code: 'IKU-2', percent: 120 }]);
    expect(q1.averagePercent).toBe(97.5);
    expect(q1.realisations[0]).toEqual({ code: 'IKU-1', value: 1.5, evidence: 'hasil evaluasi', evidenceObjectKey: null, evidenceFile: null });
    const again = await handle.executeUpdate(reportRealisationUpdate, { args: [{ personId: 'kadis-person', quarter: 1, realisations: [{ code: 'IKU-1', value: 2 }, { code: 'IKU-2', value: 4 }] }] }).catch((e: unknown) => e);
    expect(rejectionType(again)).toBe('AGREEMENT_QUARTER_REPORTED');

    // Continue-as-new per quarter: a new run carries the report.
    const afterQ1 = await poll(state, (s: AgreementState) => s.status === 'active' && s.reports.length === 1);
    expect(afterQ1.openQuarter).toBeNull();

    // A revision (new official) is a new signed version of the same agreement.
    const revised = indicators.map((i) => (i.code === 'IKU-1' ? { ...i, quarterlyTargets: [2, 3, 3, 4] as Indicator['quarterlyTargets'] } : i));
    await handle.executeUpdate(reviseAgreementUpdate, { args: [{ personId: 'drafter', document: agreementDocument('A1-v2'), indicators: revised }] });
    const pending = await handle.executeUpdate(reviseAgreementUpdate, { args: [{ personId: 'drafter', document: agreementDocument('A1-v3'), indicators: revised }] }).catch((e: unknown) => e);
    expect(rejectionType(pending)).toBe('AGREEMENT_REVISION_PENDING');
    await approve('A1-v2');
    const v2 = await poll(state, (s: AgreementState) => s.agreementVersion === 2);
    expect(v2.signedDocumentIds).toEqual(['A1-v1', 'A1-v2']);
    expect(ports.revisions.get('A1')).toBe(2);

    for (const quarter of [2, 3, 4] as const) {
      await env.sleep(quarterEnd(year, quarter) - (await env.currentTimeMs()) + 60_000);
      await poll(state, (s: AgreementState) => s.openQuarter === quarter);
      await handle.executeUpdate(reportRealisationUpdate, {
        args: [{ personId: 'kadis-person', quarter, realisations: [{ code: 'IKU-1', value: 3 }, { code: 'IKU-2', value: 4 }] }],
      });
    }
    const final = await handle.result();
    expect(final.status).toBe('closed');
    expect(final.reports.map((r) => r.quarter)).toEqual([1, 2, 3, 4]);
    // Q2 is measured against the revised target (3), not the original (2.5).
    expect(final.reports[1]!.achievements[0]).toEqual({ code: 'IKU-1', percent: 100 });
    // Reported in time, Q2–Q4 were never reminded nor escalated.
    expect(about('kadis-person', 'reminder')).toHaveLength(1);
    expect(about('bupati-person', 'escalation')).toHaveLength(1);
    expect(final.lateQuarters).toEqual([1]);
    const summary = ports.yearSummaries.get('A1');
    expect(summary).toMatchObject({ year, agreementVersion: 2 });
    expect(summary!.quarters).toHaveLength(4);
    expect(about('bupati-person', 'info').filter((n) => n.subject.startsWith('Capaian triwulan'))).toHaveLength(4);
    expect([...ports.agreementStatuses.values()].filter((s) => s.startsWith('A1:'))).toEqual(['A1:signing', 'A1:active', 'A1:reporting', 'A1:reporting', 'A1:reporting', 'A1:reporting']);
  });
});
