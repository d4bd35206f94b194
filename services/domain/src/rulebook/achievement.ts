// Capaian kinerja: how far an indicator's realisation reached its target.
//
// Source. Permen PANRB 53/2014 (Petunjuk Teknis Perjanjian Kinerja, Pelaporan
// Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi Pemerintah) has
// the LKjIP compare realisation with target per indicator as a percentage. The
// SAKIP guidance the LKjIPs follow for the computation (LAN, Pedoman
// Penyusunan Pelaporan AKIP, Keputusan Kepala LAN 239/IX/6/8/2003) states two
// formulas, by what the indicator measures:
//   - semakin tinggi realisasi, semakin baik (higher is better):
//       capaian = realisasi / rencana × 100 %
//   - semakin tinggi realisasi, semakin rendah kinerja (lower is better):
//       capaian = (rencana − (realisasi − rencana)) / rencana × 100 %
//               = (2 − realisasi / rencana) × 100 %
// The lower-is-better formula is the same as Permen PANRB 6/2022's "kondisi
// khusus" for individual indicators: (1 + (1 − realisasi / target)) × 100 %.
// So target 10, realisation 20, lower is better: (2 − 2) × 100 % = 0 %.
//
// Rules the guidance leaves open, chosen here:
//   - Floor 0 %: a lower-is-better realisation of twice the target or more is
//     0 %, never negative.
//   - Cap 120 %: no indicator counts for more than 120 %, so one target
//     overshot does not hide another missed in the agreement's average; 120 is
//     the top of Permen PANRB 6/2022's scale (a capaian above 110 % scores 120).
//   - Zero target: a realisation of 0 meets it (100 %); above 0 it is the cap
//     (120 %) when higher is better and 0 % when lower is better (a target of
//     zero incidents is missed by the first one).
//   - Zero realisation with a target above 0: 0 % when higher is better; when
//     lower is better (2 − 0) × 100 % = 200 %, capped to 120 %.
//   - Rounded half up to two decimals, as the records store it (numeric(8,2)).
//   - Targets and realisations are levels reached, never negative: a negative
//     or non-finite value is a programming error (the API refuses it first).
// Pure and deterministic: the API, the workflows (inside their sandbox) and
// the console all import this one function.
import type { IndicatorDirection } from './vocabularies.js';

export const ACHIEVEMENT_FLOOR_PERCENT = 0;
export const ACHIEVEMENT_CAP_PERCENT = 120;

/** Two decimals, half up (the amounts are non-negative). */
function twoDecimals(percent: number): number {
  return Math.round(percent * 100) / 100;
}

/** Capaian of one indicator in percent, 0–120, two decimals. */
export function achievementPercent(direction: IndicatorDirection, target: number, realisation: number): number {
  for (const [name, value] of [['target', target], ['realisation', realisation]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`achievementPercent: ${name} must be a finite number ≥ 0, got ${value}`);
  }
  let percent: number;
  if (target === 0) {
    percent = realisation === 0 ? 100 : direction === 'higher' ? ACHIEVEMENT_CAP_PERCENT : ACHIEVEMENT_FLOOR_PERCENT;
  } else {
    const ratio = realisation / target;
    percent = direction === 'higher' ? ratio * 100 : (2 - ratio) * 100;
  }
  return twoDecimals(Math.min(ACHIEVEMENT_CAP_PERCENT, Math.max(ACHIEVEMENT_FLOOR_PERCENT, percent)));
}

/**
 * Capaian of a set (an agreement's indicators in one quarter, a year's
 * quarters): the unweighted mean of the (already capped) percentages, two
 * decimals; 0 for an empty set.
 */
export function averagePercent(percents: readonly number[]): number {
  if (percents.length === 0) return 0;
  return twoDecimals(percents.reduce((sum, p) => sum + p, 0) / percents.length);
}
