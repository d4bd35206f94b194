import { achievementPercent, indicatorDirections, type IndicatorDirection } from '@naskah/domain/rulebook';

/**
 * Capaian of one report, by the rulebook's formula (@naskah/domain/rulebook,
 * the one the API stores and the workflow reports); null when a value is
 * missing.
 */
export function achievement(target: number | null | undefined, realisation: number | null | undefined, direction: string | undefined): number | null {
  if (target === null || target === undefined || realisation === null || realisation === undefined) return null;
  const known = indicatorDirections.find((d) => d === direction);
  const arah: IndicatorDirection = known ?? 'higher';
  return achievementPercent(arah, target, realisation);
}

export interface ProgressReport {
  quarter: number;
  realisation: number;
  achievement?: number | null;
  evidence?: string;
  evidenceFile?: { sha256: string; name: string; contentType: string; size: number } | null;
}

/** As GET /api/agreements/:id/indicators returns it. */
export interface Indicator {
  id: number;
  code: string;
  name: string;
  unit?: string;
  direction?: IndicatorDirection | string;
  targetYear?: number;
  targetQ1?: number | null;
  targetQ2?: number | null;
  targetQ3?: number | null;
  targetQ4?: number | null;
  reports?: ProgressReport[];
}

export function quarterTarget(indicator: Indicator, quarter: number): number | null | undefined {
  return [indicator.targetQ1, indicator.targetQ2, indicator.targetQ3, indicator.targetQ4][quarter - 1];
}

export function reportAchievement(indicator: Indicator, report: ProgressReport): number | null {
  if (typeof report.achievement === 'number') return report.achievement;
  return achievement(quarterTarget(indicator, report.quarter) ?? indicator.targetYear, report.realisation, indicator.direction);
}

/** The latest reported quarter's achievement. */
export function latestAchievement(indicator: Indicator): number | null {
  const last = (indicator.reports ?? []).slice().sort((a, b) => a.quarter - b.quarter).at(-1);
  return last ? reportAchievement(indicator, last) : null;
}
