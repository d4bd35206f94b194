// Perjanjian kinerja / kerja sama, from submission to the year's close. The
// drafter's submission starts it: the agreement document is routed (paraf,
// every party signs) by a child RoutingWorkflow. Then each quarter a reporting
// window opens when the quarter ends: the responsible official (the first
// party) is told, reminded before the window closes, and their superior hears
// of a report that missed it; the realisation is recorded with its achievement
// (the rulebook's one formula). Targets are revised by a new signed version.
// Every row (status, progress reports, revisions) is written by the activities.
// One run per quarter (continue-as-new), so the history stays short.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { NaskahActivities } from '../activities/index.js';
import {
  agreementCommandSignal,
  agreementStateQuery,
  type AgreementCommand,
  DAY,
  type Actor,
  rejection,
  reportRealisationUpdate,
  reviseAgreementUpdate,
  workflowIds,
  type AgreementInput,
  type AgreementState,
  type QuarterReport,
  type ReportRealisationRequest,
  type ReviseAgreementRequest,
  type RoutingInput,
} from '../messages.js';
import { achievementPercent, averagePercent } from '@naskah/domain/rulebook';
import { RoutingWorkflow } from './routing.js';
import { clickLedger } from './clicks.js';
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
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const ref = `agreement:${input.agreementId}`;
  const agreementId = input.agreementId;
  const windowMs = input.reportingWindowMs ?? 10 * DAY;
  const reminderLeadMs = Math.min(input.reminderLeadMs ?? 3 * DAY, windowMs);
  const carried = input.carried;
  const state: AgreementState = {
    agreementId,
    status: carried ? 'active' : 'signing',
    agreementVersion: carried?.agreementVersion ?? 1,
    indicators: carried?.indicators ?? input.indicators,
    openQuarter: null,
    reports: carried?.reports ?? [],
    revisionDocumentId: null,
    signedDocumentIds: carried?.signedDocumentIds ?? [],
    lateQuarters: carried?.lateQuarters ?? [],
  };
  let revision: Promise<void> | null = null;
  /** Whoever acts for the first party when the window opened, and their superiors. */
  let official: Actor | null = null;

  function publish(waitingFor: string[]): void {
    upsertSearchAttributes([
      { key: Status, value: state.status },
      { key: WaitingFor, value: waitingFor.join(' ') },
    ]);
  }

  async function route(document: RoutingInput): Promise<boolean> {
    const child = await startChild(RoutingWorkflow, { workflowId: workflowIds.routing(document.documentId), args: [document] });
    const result = await child.result();
    // Signed and archived: the routing's events end with the archive step (histories of every version carry them).
    return result.events.some((e) => e.action === 'archive');
  }

  async function runRevision(req: ReviseAgreementRequest): Promise<void> {
    if (await route(req.document)) {
      state.agreementVersion += 1;
      state.indicators = req.indicators;
      state.signedDocumentIds.push(req.document.documentId);
      await act.recordAgreementRevision({
        workflowId, stepKey: `revision:${state.agreementVersion}`, agreementId, agreementVersion: state.agreementVersion,
        documentId: req.document.documentId, personId: req.personId, indicators: req.indicators,
      });
      await act.notify([{ key: `${workflowId}:revision:${state.agreementVersion}:drafter`, personId: input.drafterPersonId, kind: 'info', subject: `Perjanjian direvisi (versi ${state.agreementVersion})`, ref }]);
    }
    state.revisionDocumentId = null;
  }

  setHandler(agreementStateQuery, () => state);

  // ─── a quarter's realisation and a revision: checked, then applied ────────
  function checkReport(req: ReportRealisationRequest): void {
    if (state.reports.some((r) => r.quarter === req.quarter)) reject(rejection.quarterReported, `quarter: triwulan ${req.quarter} sudah dilaporkan`);
    if (state.openQuarter !== req.quarter) {
      reject(rejection.quarterNotOpen, `quarter: laporan triwulan ${req.quarter} belum dibuka (${state.openQuarter === null ? 'tidak ada jendela pelaporan yang terbuka' : `yang terbuka triwulan ${state.openQuarter}`})`);
    }
    const known = new Set(state.indicators.map((i) => i.code));
    const given: ReportRealisationRequest['realisations'] = req.realisations ?? [];
    const unknown = given.findIndex((r) => !known.has(r.code));
    if (unknown >= 0) reject(rejection.invalidRequest, `realisations.${unknown}.code: indikator ${given[unknown]!.code} tidak ada di perjanjian ini`);
    for (const indicator of state.indicators) {
      const r = given.find((x) => x.code === indicator.code);
      if (!r || !Number.isFinite(r.value) || r.value < 0) reject(rejection.invalidRequest, `realisations: realisasi indikator ${indicator.code} belum diisi`);
    }
  }

  async function applyReport(req: ReportRealisationRequest): Promise<QuarterReport> {
    const realisations = state.indicators.map((indicator) => {
      const r = req.realisations.find((x) => x.code === indicator.code)!;
      const file = r.evidenceFile ?? null;
      return { code: indicator.code, value: r.value, evidence: r.evidence ?? '', evidenceObjectKey: file?.objectKey ?? r.evidenceObjectKey ?? null, evidenceFile: file };
    });
    const achievements = state.indicators.map((indicator, i) => ({
      code: indicator.code,
      percent: achievementPercent(indicator.direction, indicator.quarterlyTargets[req.quarter - 1]!, realisations[i]!.value),
    }));
    const report: QuarterReport = {
      quarter: req.quarter,
      reportedBy: req.personId,
      reportedAt: new Date(Date.now()).toISOString(),
      realisations,
      achievements,
      averagePercent: averagePercent(achievements.map((a) => a.percent)),
    };
    state.reports.push(report);
    state.status = 'active';
    state.openQuarter = null;
    await act.recordQuarterReport({ workflowId, stepKey: `q${req.quarter}:report`, agreementId, report });
    const told = official?.superiorPersonIds ?? [];
    await act.notify(told.map((personId) => ({ key: `${workflowId}:q${req.quarter}:achievement:${personId}`, personId, kind: 'info' as const, subject: `Capaian triwulan ${req.quarter}: ${report.averagePercent}%`, ref })));
    return report;
  }

  function checkRevise(req: ReviseAgreementRequest): void {
    if (state.status !== 'active' && state.status !== 'reporting') reject(rejection.agreementNotActive, `perjanjian berstatus ${state.status}: hanya perjanjian yang sudah ditandatangani yang direvisi`);
    if (state.revisionDocumentId) reject(rejection.revisionPending, `revisi (naskah ${state.revisionDocumentId}) masih dalam proses tanda tangan`);
    if (!req.indicators?.length) reject(rejection.invalidRequest, 'indicators: revisi mencantumkan indikatornya');
  }

  function applyRevise(req: ReviseAgreementRequest): AgreementState {
    state.revisionDocumentId = req.document.documentId;
    revision = runRevision(req);
    return state;
  }

  // ─── one click, once: as an Update, as the command signal, or both (see clicks.ts) ───
  const { answer, checked, command } = clickLedger();

  setHandler(reportRealisationUpdate, (req) => answer(req, () => applyReport(req)), { validator: checked(checkReport) });
  setHandler(reviseAgreementUpdate, (req) => answer(req, async () => applyRevise(req)), { validator: checked(checkRevise) });

  const commandLabel: Record<AgreementCommand['kind'], string> = { report: 'Laporan realisasi', revise: 'Revisi perjanjian' };

  /** The durable path: checked like its Update when delivered; a refused click is told to the person (they were answered "diproses"). */
  setHandler(agreementCommandSignal, (cmd) => command(cmd.req, async () => {
    switch (cmd.kind) {
      case 'report': checkReport(cmd.req); return applyReport(cmd.req);
      case 'revise': checkRevise(cmd.req); return applyRevise(cmd.req);
    }
  }, (failure) => act.notify([{
    key: `${workflowId}:refused:${cmd.req.requestId ?? `${cmd.kind}:${cmd.req.personId}:${state.reports.length}`}`, personId: cmd.req.personId, kind: 'info',
    subject: `${commandLabel[cmd.kind]} tidak dapat diproses: ${failure.message}`, ref,
  }])));

  upsertSearchAttributes([
    { key: DocumentId, value: input.document.documentId },
    { key: AgencyCode, value: input.agencyCode },
  ]);

  if (!carried) {
    publish([]);
    // Keys of this submission carry its first run: a konsep withdrawn and submitted again runs the same workflow id.
    await act.recordAgreementStatus({ workflowId, stepKey: `${firstExecutionRunId}:signing`, agreementId, status: 'signing', documentId: input.document.documentId });
    if (!(await route(input.document))) {
      // Withdrawn (or cancelled) before every party signed: back to konsep, to be submitted again.
      state.status = 'draft';
      await act.recordAgreementStatus({ workflowId, stepKey: `${firstExecutionRunId}:withdrawn`, agreementId, status: 'draft' });
      publish([]);
      return state;
    }
    state.signedDocumentIds.push(input.document.documentId);
    state.status = 'active';
    await act.recordAgreementStatus({ workflowId, stepKey: `${firstExecutionRunId}:signed`, agreementId, status: 'active' });
  }

  const quarter = carried?.nextQuarter ?? 1;
  if (quarter <= 4) {
    publish([]);
    await sleep(Math.max(1, quarterEnd(input.year, quarter) - Date.now()));
    const reported = () => state.reports.some((r) => r.quarter === quarter);
    const [responsible] = await act.resolveActors({ positionIds: [input.partyPositionIds[0]!], at: new Date(Date.now()).toISOString() });
    if (!responsible) throw ApplicationFailure.create({ message: 'the agreement names no party', nonRetryable: true });
    official = responsible;
    state.status = 'reporting';
    state.openQuarter = quarter;
    publish([responsible.personId]);
    await act.recordAgreementStatus({ workflowId, stepKey: `q${quarter}:open`, agreementId, status: 'reporting' });
    const closesAt = Date.now() + windowMs;
    await act.notify([{ key: `${workflowId}:q${quarter}:open`, personId: responsible.personId, kind: 'task', subject: `Laporan realisasi triwulan ${quarter} dibuka`, ref }]);
    if (!(await condition(reported, Math.max(1, windowMs - reminderLeadMs)))) {
      await act.notify([{ key: `${workflowId}:q${quarter}:reminder`, personId: responsible.personId, kind: 'reminder', subject: `Pengingat: laporan realisasi triwulan ${quarter} ditutup dalam ${Math.round(reminderLeadMs / DAY)} hari`, ref }]);
      if (!(await condition(reported, Math.max(1, closesAt - Date.now())))) {
        // Missed the window: the official's superior hears of it, once; the report is still taken (late).
        state.lateQuarters.push(quarter);
        const told = responsible.superiorPersonIds;
        await act.recordQuarterLate({ workflowId, stepKey: `q${quarter}:late`, agreementId, quarter, officialPersonId: responsible.personId, escalatedTo: told });
        await act.notify(told.map((personId) => ({ key: `${workflowId}:q${quarter}:late:${personId}`, personId, kind: 'escalation' as const, subject: `Laporan realisasi triwulan ${quarter} terlambat`, ref })));
        await condition(reported);
      }
    }
    await condition(allHandlersFinished);
    if (revision) await revision;
    await condition(allHandlersFinished);
    return continueAsNew<typeof AgreementWorkflow>({
      ...input,
      carried: {
        agreementVersion: state.agreementVersion, indicators: state.indicators, reports: state.reports, nextQuarter: (quarter + 1) as 2 | 3 | 4 | 5,
        signedDocumentIds: state.signedDocumentIds, lateQuarters: state.lateQuarters,
      },
    });
  }

  // The year closes with a summary once the fourth quarter is reported.
  if (revision) await revision;
  const quarters = state.reports.map((r) => ({ quarter: r.quarter, averagePercent: r.averagePercent }));
  const summary = { year: input.year, agreementVersion: state.agreementVersion, quarters, yearPercent: averagePercent(quarters.map((q) => q.averagePercent)) };
  state.status = 'closed';
  await act.closeAgreementYear({ workflowId, stepKey: 'year-close', agreementId, summary });
  await act.notify([{ key: `${workflowId}:year-close`, personId: input.drafterPersonId, kind: 'info', subject: `Capaian tahun ${input.year}: ${summary.yearPercent}%`, ref }]);
  publish([]);
  await condition(allHandlersFinished);
  return state;
}
