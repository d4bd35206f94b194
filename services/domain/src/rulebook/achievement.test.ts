import { describe, expect, test } from '@jest/globals';
import { achievementPercent, averagePercent } from './achievement.js';
import type { IndicatorDirection } from './vocabularies.js';

// Expected values worked out by hand from the rule written in achievement.ts:
// higher: realisasi / target × 100; lower: (2 − realisasi / target) × 100;
// then floored at 0, capped at 120, rounded half up to two decimals;
// target 0: realisation 0 → 100, else higher → 120, lower → 0.
const table: [IndicatorDirection, number, number, number, string][] = [
  ['higher', 4, 3, 75, '3/4 = 0.75'],
  ['higher', 10, 10, 100, 'target met'],
  ['higher', 10, 11, 110, '11/10 = 1.1'],
  ['higher', 10, 12, 120, '12/10 = 1.2, exactly the cap'],
  ['higher', 10, 15, 120, '150 % capped'],
  ['higher', 25, 150, 120, '600 % capped'],
  ['higher', 3, 1, 33.33, '1/3 = 33.333… → 33.33'],
  ['higher', 3, 2, 66.67, '2/3 = 66.666… → 66.67'],
  ['higher', 10, 0, 0, 'nothing realised'],
  ['higher', 0, 0, 100, 'zero target, zero realised: met'],
  ['higher', 0, 5, 120, 'zero target exceeded: the cap'],
  ['lower', 10, 20, 0, 'issue 16: 2 − 20/10 = 0 (the old API said 50 %)'],
  ['lower', 10, 30, 0, '2 − 3 = −1 → floored at 0'],
  ['lower', 10, 15, 50, '2 − 1.5 = 0.5'],
  ['lower', 4, 5, 75, '2 − 1.25 = 0.75'],
  ['lower', 3, 4, 66.67, '2 − 4/3 = 0.666… → 66.67'],
  ['lower', 10, 10, 100, 'target met'],
  ['lower', 10, 9, 110, '2 − 0.9 = 1.1'],
  ['lower', 5, 4, 120, '2 − 0.8 = 1.2, exactly the cap'],
  ['lower', 4, 3, 120, '2 − 0.75 = 1.25 → capped'],
  ['lower', 10, 0, 120, '2 − 0 = 2 → capped'],
  ['lower', 0, 0, 100, 'zero target, zero realised: met'],
  ['lower', 0, 1, 0, 'zero target (e.g. zero incidents) missed by the first'],
];

describe('achievementPercent (capaian kinerja)', () => {
  test.each(table)('%s is better, target %p, realisation %p → %p %% (%s)', (direction, target, realisation, expected) => {
    expect(achievementPercent(direction, target, realisation)).toBe(expected);
  });

  test.each([
    ['higher', -1, 5], ['lower', 5, -0.01], ['higher', Number.NaN, 1], ['lower', 1, Number.POSITIVE_INFINITY],
  ] as [IndicatorDirection, number, number][])('%s: target %p, realisation %p is refused', (direction, target, realisation) => {
    expect(() => achievementPercent(direction, target, realisation)).toThrow(RangeError);
  });
});

describe('averagePercent', () => {
  test.each([
    [[75, 120], 97.5, '(75 + 120) / 2'],
    [[33.33, 66.67, 100], 66.67, '200 / 3 = 66.666… → 66.67'],
    [[0], 0, 'one indicator'],
    [[], 0, 'nothing to average'],
  ] as [number[], number, string][])('%j → %p (%s)', (values, expected) => {
    expect(averagePercent(values)).toBe(expected);
  });
});
