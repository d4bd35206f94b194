// Capaian kinerja: realisation against target, aware of the indicator's direction.
import type { Indicator } from '../messages.js';

/**
 * Percent achieved. Higher-is-better: realisation / target. Lower-is-better
 * (e.g. stunting rate, complaint days): (2 − realisation / target), so hitting
 * the target is 100 %, half of it 150 %, double it 0 %. Never negative.
 */
export function achievementPercent(direction: Indicator['direction'], target: number, realisation: number): number {
  if (target === 0) {
    // A zero target is met only by zero (lower-is-better) or anything (higher-is-better).
    return direction === 'higher-is-better' || realisation === 0 ? 100 : 0;
  }
  const ratio = realisation / target;
  const percent = direction === 'higher-is-better' ? ratio * 100 : (2 - ratio) * 100;
  return Math.round(Math.max(0, percent) * 100) / 100;
}

export function averagePercent(values: number[]): number {
  if (values.length === 0) return 0;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}
