// The document page asks again while the workflow moves the document on, and
// stops once it has settled: someone's turn after a change, the drafter's
// again, or the end; always while in a status only the workflow leaves.
import { describe, expect, it } from '@jest/globals';
import { followDocument, followInterval } from './following.js';

const doc = (id: number, status: string, states: string[], versions = 1) => ({
  id, status, steps: states.map((state, i) => ({ id: i + 1, state })), versions: Array.from({ length: versions }, () => ({})),
});

describe('followInterval', () => {
  it('does not poll a document no one acted on, unless only the workflow can move it on', () => {
    expect(followInterval(doc(1, 'in_review', ['pending', 'waiting']))).toBe(false);
    expect(followInterval(doc(1, 'signed', ['done', 'done']))).toBeGreaterThan(0);
    expect(followInterval(undefined)).toBe(false);
  });

  it('after Ajukan: polls while the konsep is unchanged, stops once it is the reviewer\'s turn', () => {
    followDocument(2);
    expect(followInterval(doc(2, 'draft', ['waiting', 'waiting']))).toBeGreaterThan(0);
    expect(followInterval(doc(2, 'draft', ['waiting', 'waiting']))).toBeGreaterThan(0);
    expect(followInterval(doc(2, 'in_review', ['pending', 'waiting']))).toBe(false);
    // Settled: no longer followed.
    expect(followInterval(doc(2, 'in_review', ['pending', 'waiting']))).toBe(false);
  });

  it('after Tanda Tangani: polls through numbering, distribution and archiving, stops at Diarsipkan', () => {
    followDocument(3);
    expect(followInterval(doc(3, 'signing', ['done', 'pending'], 2))).toBeGreaterThan(0);
    expect(followInterval(doc(3, 'signing', ['done', 'done'], 3))).toBeGreaterThan(0);
    expect(followInterval(doc(3, 'distributed', ['done', 'done'], 3))).toBeGreaterThan(0);
    expect(followInterval(doc(3, 'archived', ['done', 'done'], 3))).toBe(false);
  });

  it('after Tarik Kembali: stops once the konsep is back with the drafter', () => {
    followDocument(4);
    expect(followInterval(doc(4, 'in_review', ['pending', 'waiting']))).toBeGreaterThan(0);
    expect(followInterval(doc(4, 'draft', ['waiting', 'waiting']))).toBe(false);
  });
});
