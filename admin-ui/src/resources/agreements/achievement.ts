/**
 * Achievement of an indicator (Permen PANRB 53/2014): realisation / target for
 * "higher is better", target / realisation when lower is better. Percent.
 */
export function achievement(target: number | null | undefined, realisation: number | null | undefined, direction: string | undefined): number | null {
  if (target === null || target === undefined || realisation === null || realisation === undefined) return null;
  if (direction === 'down' || direction === 'lower') {
    if (realisation === 0) return target === 0 ? 100 : null;
    return (target / realisation) * 100;
  }
  if (target === 0) return null;
  return (realisation / target) * 100;
}

export interface Indicator {
  id: string;
  name: string;
  unit?: string;
  direction?: string;
  target?: number;
  quarterlyTargets?: Array<number | null>;
  progress?: Array<{ quarter: number; realisation: number; evidence?: string; achievement?: number }>;
}

/** Latest reported quarter's achievement against that quarter's target (or the yearly one). */
export function latestAchievement(indicator: Indicator): number | null {
  const reports = (indicator.progress ?? []).slice().sort((a, b) => a.quarter - b.quarter);
  const last = reports.at(-1);
  if (!last) return null;
  if (typeof last.achievement === 'number') return last.achievement;
  const target = indicator.quarterlyTargets?.[last.quarter - 1] ?? indicator.target;
  return achievement(target, last.realisation, indicator.direction);
}
