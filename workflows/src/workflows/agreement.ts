// Perjanjian kinerja / kerja sama: the agreement document is routed (paraf,
// every party signs) by a child RoutingWorkflow; then each quarter a reporting
// window opens, realisation is recorded, achievement computed and the leader
// told; the year closes with a summary. One run per quarter (continue-as-new),
// so reminder loops never grow history without bound.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { NaskahActivities } from '../activities/index.js';
import {
  agreementStateQuery,
  DAY,
  rejection,
  reportRealisationUpdate,
  reviseAgreementUpdate,
  workflowIds,
  type AgreementInput,
  type AgreementState,
  type QuarterReport,
  type ReviseAgreementRequest,
  type RoutingInput,
} from '../messages.js';
import { achievementPercent, averagePercent } from '@naskah/domain/rulebook';
import { RoutingWorkflow } from './routing.js';
import { AgencyCode, DocumentId, Status, WaitingFor } from './search-attributes.js';

const act = proxyActivities<NaskahActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

function reject(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** The first moment after quarter `q` of `year` ends, when its reporting window opens. */
export function quarterEnd(year: number, quarter: number): number {
  return Date.UTC(year, quarter * 3, 1);
}

export async function AgreementWorkflow(input: AgreementInput): Promise<AgreementState> {
  const { workflowId } = workflowInfo();
  const ref = `agreement:${input.agreementId}`;
  const windowMs = input.reportingWindowMs ?? 10 * DAY;
  const reminderEveryMs = input.reminderEveryMs ?? 3 * DAY;
  const carried = input.carried;
  const state: AgreementState = {
    agreementId: input.agreementId,
    status: carried ? 'active' : 'approval',
    agreementVersion: carried?.agreementVersion ?? 1,
    indicators: carried?.indicators ?? input.indicators,
    openQuarter: null,
    reports: carried?.reports ?? [],
    revisionDocumentId: null,
    signedDocumentIds: carried?.signedDocumentIds ?? [],
  };
  let revision: Promise<void> | null = null;

  function publish(waitingFor: string[]): void {
    upsertSearchAttributes([
      { key: Status, value: state.status },
      { key: WaitingFor, value: waitingFor.join(' ') },
    ]);
  }

  async function route(document: RoutingInput): Promise<boolean> {
    const child = await startChild(RoutingWorkflow, { workflowId: workflowIds.routing(document.documentId), args: [document] });
    const result = await child.result();
    return result.status === 'done';
  }

  async function runRevision(req: ReviseAgreementRequest): Promise<void> {
    if (await route(req.document)) {
      state.agreementVersion += 1;
      state.indicators = req.indicators;
      state.signedDocumentIds.push(req.document.documentId);
      await act.recordAgreementRevision({ workflowId, stepKey: `revision:${state.agreementVersion}`, agreementId: input.agreementId, agreementVersion: state.agreementVersion, documentId: req.document.documentId });
      await act.notify([{ key: `${workflowId}:revision:${state.agreementVersion}:leader`, personId: input.leaderPersonId, kind: 'info', subject: `Perjanjian direvisi (versi ${state.agreementVersion})`, ref }]);
    }
    state.revisionDocumentId = null;
  }

  setHandler(agreementStateQuery, () => state);

  setHandler(
    reportRealisationUpdate,
    async (req) => {
      const report: QuarterReport = {
        quarter: req.quarter,
        reportedBy: req.personId,
        reportedAt: new Date(Date.now()).toISOString(),
        realisations: req.realisations.map((r) => ({ indicatorId: r.indicatorId, value: r.value, evidenceSha256: r.evidenceSha256 ?? null })),
        achievements: state.indicators.map((indicator) => {
          const realised = req.realisations.find((r) => r.indicatorId === indicator.indicatorId)!;
          return { indicatorId: indicator.indicatorId, percent: achievementPercent(indicator.direction, indicator.quarterlyTargets[req.quarter - 1]!, realised.value) };
        }),
        averagePercent: 0,
      };
      report.averagePercent = averagePercent(report.achievements.map((a) => a.percent));
      state.reports.push(report);
      await act.recordQuarterReport({ workflowId, stepKey: `q${req.quarter}:report`, agreementId: input.agreementId, report });
      await act.notify([{ key: `${workflowId}:q${req.quarter}:achievement`, personId: input.leaderPersonId, kind: 'info', subject: `Capaian triwulan ${req.quarter}: ${report.averagePercent}%`, ref }]);
      return report;
    },
    {
      validator: (req) => {
        if (!input.reporterPersonIds.includes(req.personId)) reject(rejection.notAllowed, `${req.personId} does not report for this agreement`);
        if (state.openQuarter !== req.quarter) reject(rejection.outOfTurn, `quarter: the open reporting window is ${state.openQuarter ?? 'none'}, not ${req.quarter}`);
        if (state.reports.some((r) => r.quarter === req.quarter)) reject(rejection.outOfTurn, `quarter ${req.quarter} is already reported`);
        for (const indicator of state.indicators) {
          const r = req.realisations?.find((x: { indicatorId: string }) => x.indicatorId === indicator.indicatorId);
          if (!r || !Number.isFinite(r.value) || r.value < 0) reject(rejection.invalidRequest, `realisations: missing a numeric value ≥ 0 for indicator ${indicator.indicatorId}`);
        }
      },
    },
  );

  setHandler(
    reviseAgreementUpdate,
    (req) => {
      state.revisionDocumentId = req.document.documentId;
      revision = runRevision(req);
      return state;
    },
    {
      validator: (req) => {
        if (state.status !== 'active' && state.status !== 'reporting') reject(rejection.notAllowed, `agreement is ${state.status}`);
        if (req.personId !== input.document.drafterPersonId && req.personId !== input.leaderPersonId) reject(rejection.notAllowed, `${req.personId} may not revise this agreement`);
        if (state.revisionDocumentId) reject(rejection.outOfTurn, `revision ${state.revisionDocumentId} is still being signed`);
        if (!req.indicators?.length) reject(rejection.invalidRequest, 'indicators: a revision lists its indicators');
      },
    },
  );

  upsertSearchAttributes([
    { key: DocumentId, value: input.document.documentId },
    { key: AgencyCode, value: input.agencyCode },
  ]);

  if (!carried) {
    publish([]);
    if (!(await route(input.document))) {
      state.status = 'withdrawn';
      publish([]);
      return state;
    }
    state.signedDocumentIds.push(input.document.documentId);
    state.status = 'active';
  }

  const quarter = carried?.nextQuarter ?? 1;
  if (quarter <= 4) {
    publish([]);
    await condition(() => false, Math.max(1, quarterEnd(input.year, quarter) - Date.now())).catch(() => undefined);
    state.status = 'reporting';
    state.openQuarter = quarter;
    publish(input.reporterPersonIds);
    const reported = () => state.reports.some((r) => r.quarter === quarter);
    await act.notify(input.reporterPersonIds.map((personId) => ({ key: `${workflowId}:q${quarter}:open:${personId}`, personId, kind: 'task' as const, subject: `Laporan realisasi triwulan ${quarter} dibuka`, ref })));
    const windowClosesAt = Date.now() + windowMs;
    let reminders = 0;
    let leaderTold = false;
    while (!(await condition(reported, Math.max(1, reminderEveryMs)))) {
      reminders += 1;
      await act.notify(input.reporterPersonIds.map((personId) => ({ key: `${workflowId}:q${quarter}:reminder-${reminders}:${personId}`, personId, kind: 'reminder' as const, subject: `Pengingat: laporan triwulan ${quarter}`, ref })));
      if (!leaderTold && Date.now() >= windowClosesAt) {
        leaderTold = true;
        await act.notify([{ key: `${workflowId}:q${quarter}:late`, personId: input.leaderPersonId, kind: 'escalation', subject: `Laporan triwulan ${quarter} terlambat`, ref }]);
      }
    }
    await condition(allHandlersFinished);
    state.openQuarter = null;
    state.status = 'active';
    if (revision) await revision;
    await condition(allHandlersFinished);
    return continueAsNew<typeof AgreementWorkflow>({
      ...input,
      carried: { agreementVersion: state.agreementVersion, indicators: state.indicators, reports: state.reports, nextQuarter: (quarter + 1) as 2 | 3 | 4 | 5, signedDocumentIds: state.signedDocumentIds },
    });
  }

  // The year closes with a summary once the fourth quarter is reported.
  if (revision) await revision;
  const quarters = state.reports.map((r) => ({ quarter: r.quarter, averagePercent: r.averagePercent }));
  const summary = { year: input.year, agreementVersion: state.agreementVersion, quarters, yearPercent: averagePercent(quarters.map((q) => q.averagePercent)) };
  await act.closeAgreementYear({ workflowId, stepKey: 'year-close', agreementId: input.agreementId, summary });
  await act.notify([{ key: `${workflowId}:year-close`, personId: input.leaderPersonId, kind: 'info', subject: `Capaian tahun ${input.year}: ${summary.yearPercent}%`, ref }]);
  state.status = 'closed';
  publish([]);
  await condition(allHandlersFinished);
  return state;
}
