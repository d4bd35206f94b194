import { describe, expect, test } from '@jest/globals';
import { indicatorUnitKind, indicatorValueProblem, MAX_INDICATOR_AMOUNT } from './indicator-units.js';

describe('indicator units', () => {
  test.each([
    ['persen', 'percent'], ['%', 'percent'], ['Persentase', 'percent'], ['Rp', 'money'], ['rupiah', 'money'], ['juta rupiah', 'money'],
    ['indeks', 'index'], ['Nilai', 'index'], ['dokumen', 'count'], ['OPD', 'count'], ['orang', 'count'], ['hari', 'other'], ['ton', 'other'],
  ])('%s is %s', (unit, kind) => {
    expect(indicatorUnitKind(unit)).toBe(kind);
  });

  test('the bounds of each kind, ends included', () => {
    const ok = (unit: string, v: number) => indicatorValueProblem(unit, v) === undefined;
    expect([ok('persen', 0), ok('persen', 1000), ok('persen', 1000.01), ok('persen', -0.5), ok('persen', 222_826_028_138.51)]).toEqual([true, true, false, false, false]);
    expect([ok('dokumen', 12), ok('dokumen', 2.5), ok('dokumen', 1e9), ok('dokumen', 1e9 + 1)]).toEqual([true, false, true, false]);
    expect([ok('Rp', 3_250_000_000_000), ok('Rp', MAX_INDICATOR_AMOUNT), ok('Rp', 1e15)]).toEqual([true, true, false]);
    expect([ok('indeks', 3.25), ok('indeks', 1001)]).toEqual([true, false]);
    expect([ok('hari', 14), ok('hari', Number.NaN), ok('hari', Infinity)]).toEqual([true, false, false]);
    expect(indicatorValueProblem('persen', 5000)).toMatch(/persen: 0 sampai 1000/);
  });
});
