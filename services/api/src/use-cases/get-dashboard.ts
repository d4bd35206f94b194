// Dasbor pimpinan: per agency how the paperless office is going, for a period.
// A handful of statements whatever the number of agencies: the agencies, the
// document and disposition figures from the domain's per-day rollup
// (dashboard/dashboard-days.ts), and the agreements (dashboard/follow-ups.ts).
import type { DomainEntityManager as EntityManager, Viewer } from '@naskah/domain';
import { dashboardAgencies, hasRole, pgIntArray, readDashboardAgreements, readDashboardDispositions, readDashboardDocuments } from '@naskah/domain';
import { AppError } from '../errors/problem.js';
import { tanggalWita } from './build-document-content.js';

/** Calendar dates, inclusive, as the letters are dated: in the Pemda's time zone. */
export interface DashboardPeriod { from: string; to: string }

interface DashboardFigures {
  documentsCreated: number;
  /** Finished by electronic signature (signed, distributed or archived) with the last signature in the period. */
  documentsSigned: number;
  /** Cancelled after submission, in the period: routing that ended without a signature. */
  documentsCancelled: number;
  /** Percent; null when no routing ended in the period. */
  tteAdoption: number | null;
  /** Signed documents whose submit time is known (documents signed before it was recorded are left out of the hours). */
  signaturesTimed: number;
  medianSubmitToSignHours: number | null;
  p90SubmitToSignHours: number | null;
  openDispositions: number;
  overdueDispositions: number;
  agreements: number;
  progressReports: number;
  /** Mean achievement (percent) of the progress reports for quarters overlapping the period; null without reports. */
  agreementAchievement: number | null;
}

interface AgencyFigures extends DashboardFigures { agencyId: number; code: string; name: string }

export interface Dashboard {
  period: DashboardPeriod;
  /** region: every agency (leaders, admins, auditors); agency: the viewer's own. */
  scope: 'region' | 'agency';
  totals: DashboardFigures;
  agencies: AgencyFigures[];
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const maxDays = 3660;
const dayMs = 86_400_000;

function calendarDate(value: unknown, field: 'from' | 'to'): string {
  const at = typeof value === 'string' && isoDate.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  // A round trip through Date rejects 2026-02-30 and friends; PostgreSQL has no year 0.
  if (!at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value || at.getUTCFullYear() < 1900 || at.getUTCFullYear() > 2999) {
    throw new AppError('VALIDATION_FAILED', 422, `${field}: expected a calendar date YYYY-MM-DD between 1900 and 2999`, { field });
  }
  return value as string;
}

/** The period asked for, defaulting to this calendar year (WITA); bad dates are 422 naming the field. */
export function dashboardPeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date = new Date()): DashboardPeriod {
  const year = tanggalWita(now).slice(0, 4);
  const from = query.from === undefined ? `${year}-01-01` : calendarDate(query.from, 'from');
  const to = query.to === undefined ? `${year}-12-31` : calendarDate(query.to, 'to');
  const days = (Date.parse(to) - Date.parse(from)) / dayMs;
  if (days < 0) throw new AppError('VALIDATION_FAILED', 422, 'to: the period ends before it starts', { field: 'to' });
  if (days > maxDays) throw new AppError('VALIDATION_FAILED', 422, `from: a period spans at most ${maxDays} days`, { field: 'from' });
  return { from, to };
}

const round = (v: number | null | undefined, digits = 2): number | null => {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) return null;
  const f = 10 ** digits;
  return Math.round(Number(v) * f) / f;
};

export async function getDashboard(em: EntityManager, viewer: Viewer, period: DashboardPeriod, now: Date = new Date()): Promise<Dashboard> {
  const scope = hasRole(viewer, 'leader', 'admin', 'auditor') ? 'region' : 'agency';
  const agencies = await dashboardAgencies(em, scope === 'region' ? null : viewer.agencyId);
  const ids = pgIntArray(agencies.map((a) => a.id));
  // A region-wide filter would only cost a comparison per row: every agency is in it.
  const only = scope === 'region' ? null : ids;
  // Created, cancelled and signed (with the hours' percentiles) and open dispositions from the per-day rollup; agreements as they are.
  const [documents, dispositions, agreements] = await Promise.all([
    readDashboardDocuments(em.fork(), ids, period.from, period.to),
    readDashboardDispositions(em.fork(), { now, from: period.from, to: period.to, agencyIds: only }),
    readDashboardAgreements(em.fork(), { from: period.from, to: period.to, agencyIds: only }),
  ]);

  const blank = (): DashboardFigures => ({
    documentsCreated: 0, documentsSigned: 0, documentsCancelled: 0, tteAdoption: null, signaturesTimed: 0, medianSubmitToSignHours: null, p90SubmitToSignHours: null,
    openDispositions: 0, overdueDispositions: 0, agreements: 0, progressReports: 0, agreementAchievement: null,
  });
  const byAgency = new Map<number, DashboardFigures>(agencies.map((a) => [a.id, blank()]));
  const totals = blank();
  const into = (agencyId: number | null) => (agencyId === null ? totals : byAgency.get(agencyId));
  for (const r of documents) {
    const f = into(r.agency_id);
    if (!f) continue;
    if (r.metric === 'created') { f.documentsCreated = r.n; if (r.agency_id !== null) totals.documentsCreated += r.n; }
    if (r.metric === 'cancelled') { f.documentsCancelled = r.n; if (r.agency_id !== null) totals.documentsCancelled += r.n; }
    if (r.metric === 'signed') {
      f.documentsSigned = r.n; f.signaturesTimed = r.timed ?? 0;
      f.medianSubmitToSignHours = round(r.pct?.[0]); f.p90SubmitToSignHours = round(r.pct?.[1]);
    }
  }
  for (const r of dispositions) {
    const f = byAgency.get(r.agency_id);
    if (!f) continue;
    f.openDispositions = r.a; f.overdueDispositions = r.b;
    totals.openDispositions += r.a; totals.overdueDispositions += r.b;
  }
  for (const r of agreements) {
    const f = into(r.agency_id);
    if (!f) continue;
    f.agreements = r.a; f.progressReports = r.b; f.agreementAchievement = r.b > 0 ? round(r.mean) : null;
  }
  // Every signature Naskah makes is electronic, so "adoption" cannot compare TTE with wet ink it never sees.
  // It is the share of routings that ended in the period which ended in a TTE rather than a cancellation
  // (often: printed and signed by hand instead). Letters never drafted in Naskah are invisible here.
  for (const f of [totals, ...byAgency.values()]) {
    const ended = f.documentsSigned + f.documentsCancelled;
    f.tteAdoption = ended === 0 ? null : round((f.documentsSigned / ended) * 100);
  }
  return {
    period, scope, totals,
    agencies: agencies.map((a) => ({ agencyId: a.id, code: a.code, name: a.name, ...byAgency.get(a.id)! })),
  };
}

const csvHeader = [
  'Kode', 'Perangkat Daerah', 'Naskah dibuat', 'Naskah ditandatangani (TTE)', 'Naskah dibatalkan', 'Adopsi TTE (%)',
  'Median pengajuan sampai tanda tangan (jam)', 'P90 pengajuan sampai tanda tangan (jam)', 'Disposisi terbuka', 'Disposisi terlambat',
  'Perjanjian kinerja', 'Laporan capaian', 'Capaian perjanjian kinerja (%)',
];

const csvCell = (v: string | number | null): string => {
  // Decimal comma, as spreadsheets set to Indonesian read numbers.
  if (v === null) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  // Quoted, and a leading formula character defused: agency names are typed in by people.
  const s = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The agency table as CSV for spreadsheets in Indonesia: UTF-8 BOM, semicolons, decimal comma, Indonesian headers. */
export function dashboardCsv(dashboard: Dashboard): string {
  const line = (code: string, name: string, f: DashboardFigures) => [
    code, name, f.documentsCreated, f.documentsSigned, f.documentsCancelled, f.tteAdoption, f.medianSubmitToSignHours, f.p90SubmitToSignHours,
    f.openDispositions, f.overdueDispositions, f.agreements, f.progressReports, f.agreementAchievement,
  ].map(csvCell).join(';');
  const lines = [csvHeader.map(csvCell).join(';'), ...dashboard.agencies.map((a) => line(a.code, a.name, a))];
  if (dashboard.scope === 'region') lines.push(line('', 'Seluruh perangkat daerah', dashboard.totals));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
