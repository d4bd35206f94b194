import { pemdaTimeZone } from '../pemda/settings.js';
/** The figures the API gives for one agency, or summed over the region (GET /api/dashboard/agencies). */
export interface Figures {
  documentsCreated: number;
  /** Finished by TTE, last signature in the period. */
  documentsSigned: number;
  documentsCancelled: number;
  /** Percent of routings ended in the period that ended in a TTE; null when none ended. */
  tteAdoption: number | null;
  medianSubmitToSignHours: number | null;
  p90SubmitToSignHours: number | null;
  openDispositions: number;
  overdueDispositions: number;
  agreements: number;
  agreementAchievement: number | null;
}

/** One row of the leaders' dashboard: how an agency is doing. */
interface AgencyStats extends Figures {
  agencyId: number;
  code: string;
  name: string;
}

export interface DashboardData {
  period: { from: string; to: string };
  /** region: every agency; agency: the viewer's own only. */
  scope: 'region' | 'agency';
  agencies: AgencyStats[];
  totals: Figures;
}

type Raw = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const count = (v: unknown): number => num(v) ?? 0;

function figures(raw: Raw): Figures {
  return {
    documentsCreated: count(raw.documentsCreated),
    documentsSigned: count(raw.documentsSigned),
    documentsCancelled: count(raw.documentsCancelled),
    tteAdoption: num(raw.tteAdoption),
    medianSubmitToSignHours: num(raw.medianSubmitToSignHours),
    p90SubmitToSignHours: num(raw.p90SubmitToSignHours),
    openDispositions: count(raw.openDispositions),
    overdueDispositions: count(raw.overdueDispositions),
    agreements: count(raw.agreements),
    agreementAchievement: num(raw.agreementAchievement),
  };
}

export function dashboardData(raw: Raw): DashboardData {
  const period = (raw.period ?? {}) as Raw;
  return {
    period: { from: String(period.from ?? ''), to: String(period.to ?? '') },
    scope: raw.scope === 'agency' ? 'agency' : 'region',
    agencies: ((raw.agencies ?? []) as Raw[]).map((a) => ({ agencyId: count(a.agencyId), code: String(a.code ?? ''), name: String(a.name ?? ''), ...figures(a) })),
    totals: figures((raw.totals ?? {}) as Raw),
  };
}

/** The query string of a period; the API reads the dates in WITA, as the letters are dated. */
export function periodQuery(period: { from: string; to: string }): string {
  return new URLSearchParams({ from: period.from, to: period.to }).toString();
}

/** 1 January to 31 December of this year in the Pemda's zone: what the API answers without a period. */
export function thisYear(now: Date = new Date()): { from: string; to: string } {
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: pemdaTimeZone(), year: 'numeric' }).format(now);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
