/**
 * Achievement of an indicator (Permen PANRB 53/2014): realisation / target
 * when higher is better, target / realisation when lower is better. Percent.
 */
export function achievement(target: number | null | undefined, realisation: number | null | undefined, direction: string | undefined): number | null {
  if (target === null || target === undefined || realisation === null || realisation === undefined) return null;
  if (direction === 'lower') {
    if (realisation === 0) return target === 0 ? 100 : null;
    return (target / realisation) * 100;
  }
  if (target === 0) return null;
  return (realisation / target) * 100;
}

export interface ProgressReport {
  quarter: number;
  realisation: number;
  achievement?: number | null;
  evidence?: string;
}

/** As GET /api/agreements/:id/indicators returns it. */
export interface Indicator {
  id: number;
  code: string;
  name: string;
  unit?: string;
  direction?: 'higher' | 'lower' | string;
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
