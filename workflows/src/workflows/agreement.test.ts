import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import {
  agreementStateQuery,
  DAY,
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
import { startTimeSkippingHarness, type TimeSkippingHarness } from '../../test/time-skipping.js';
import { AgreementWorkflow, quarterEnd } from './agreement.js';

let harness: TimeSkippingHarness;
let env: TestWorkflowEnvironment;
const ports = new RecordingPorts();
const taskQueue = 'agreement-test';

beforeAll(async () => {
  ports.positions.set('kabag', { holder: 'kabag-person' });
  ports.positions.set('kadis', { holder: 'kadis-person' });
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
  { indicatorId: 'iku-1', name: 'Indeks SPBE', unit: 'indeks', direction: 'higher', yearlyTarget: 4, quarterlyTargets: [2, 2.5, 3, 4] },
  { indicatorId: 'iku-2', name: 'Rata-rata hari layanan pengaduan', unit: 'hari', direction: 'lower', yearlyTarget: 3, quarterlyTargets: [5, 4, 4, 3] },
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

describe('AgreementWorkflow', () => {
  it('is signed by every party, reported quarter by quarter with reminders, revised, and closed with a summary', async () => {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const handle: WorkflowHandle<typeof AgreementWorkflow> = await env.client.workflow.start(AgreementWorkflow, {
      taskQueue,
      workflowId: 'agreement-A1',
      args: [{ agreementId: 'A1', agencyCode: 'Diskominfo', year, document: agreementDocument('A1-v1'), indicators, reporterPersonIds: ['operator'], leaderPersonId: 'bupati-person', reportingWindowMs: 10 * DAY, reminderEveryMs: 3 * DAY }],
    });
    const state = () => handle.query(agreementStateQuery);
    await approve('A1-v1');
    await poll(state, (s: AgreementState) => s.status === 'active');

    // Q1 opens when the quarter ends; reminders go out every 3 days until reported, the leader hears after the window.
    await env.sleep(quarterEnd(year, 1) - (await env.currentTimeMs()) + 60_000);
    await poll(state, (s: AgreementState) => s.openQuarter === 1);
    await env.sleep(12 * DAY);
    await poll(state, () => ports.notificationsFor('operator', 'reminder').length === 4);
    expect(ports.notificationsFor('bupati-person', 'escalation')).toHaveLength(1);

    const early = await handle.executeUpdate(reportRealisationUpdate, { args: [{ personId: 'operator', quarter: 2, realisations: [] }] }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((early as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('ACTION_OUT_OF_TURN');

    const q1 = await handle.executeUpdate(reportRealisationUpdate, {
      args: [{ personId: 'operator', quarter: 1, realisations: [{ indicatorId: 'iku-1', value: 1.5 }, { indicatorId: 'iku-2', value: 4 }] }],
    });
    expect(q1.achievements).toEqual([{ indicatorId: 'iku-1', percent: 75 }, { indicatorId: 'iku-2', percent: 120 }]);
    expect(q1.averagePercent).toBe(97.5);

    // Continue-as-new per quarter: a new run carries the report.
    const afterQ1 = await poll(state, (s: AgreementState) => s.status === 'active' && s.reports.length === 1);
    expect(afterQ1.openQuarter).toBeNull();

    // A revision (new official) is a new signed version of the same agreement.
    const revised = indicators.map((i) => (i.indicatorId === 'iku-1' ? { ...i, quarterlyTargets: [2, 3, 3, 4] as Indicator['quarterlyTargets'] } : i));
    await handle.executeUpdate(reviseAgreementUpdate, { args: [{ personId: 'drafter', document: agreementDocument('A1-v2'), indicators: revised }] });
    await approve('A1-v2');
    const v2 = await poll(state, (s: AgreementState) => s.agreementVersion === 2);
    expect(v2.signedDocumentIds).toEqual(['A1-v1', 'A1-v2']);

    for (const quarter of [2, 3, 4] as const) {
      await env.sleep(quarterEnd(year, quarter) - (await env.currentTimeMs()) + 60_000);
      await poll(state, (s: AgreementState) => s.openQuarter === quarter);
      await handle.executeUpdate(reportRealisationUpdate, {
        args: [{ personId: 'operator', quarter, realisations: [{ indicatorId: 'iku-1', value: 3 }, { indicatorId: 'iku-2', value: 4 }] }],
      });
    }
    const final = await handle.result();
    expect(final.status).toBe('closed');
    expect(final.reports.map((r) => r.quarter)).toEqual([1, 2, 3, 4]);
    // Q2 is measured against the revised target (3), not the original (2.5).
    expect(final.reports[1]!.achievements[0]).toEqual({ indicatorId: 'iku-1', percent: 100 });
    const summary = ports.yearSummaries.get('A1');
    expect(summary).toMatchObject({ year, agreementVersion: 2 });
    expect(summary!.quarters).toHaveLength(4);
    expect(ports.notificationsFor('bupati-person', 'info').filter((n) => n.subject.startsWith('Capaian triwulan'))).toHaveLength(4);
  });
});
