// Thousands of mutated signed files from a fixed seed: no crash, no hang, and
// never VALID when a signed byte changed. Timing is measured and printed,
// not asserted.
import { describe, expect, test } from '@jest/globals';
import { verifyPdf } from '../../src/verify/verify-pdf.js';
import { memo, sign, testPki } from './fixtures.js';
import { baseOf, runFuzz } from './fuzz.js';

describe('fuzz', () => {
  test('3,000 mutations of signed documents (seed 20261123)', async () => {
    const t = await testPki();
    const classic = await sign(await sign(await sign(await memo(1), t, 0, 'B-B'), t, 1, 'B-T'), t, 2, 'B-LT');
    const streams = await sign(await sign(await memo(1, { objectStreams: true }), t, 3, 'B-T'), t, 4, 'B-B', { invisible: true });
    const bases = [];
    for (const [name, bytes] of [['classic-3sig', classic], ['xrefstream-2sig', streams]] as const) {
      const report = await verifyPdf(bytes, { trustAnchors: [t.rootPem], checkRevocation: false });
      expect(report.verdict).toBe('VALID');
      bases.push(baseOf(name, bytes, report));
    }
    const res = await runFuzz(bases, [t.rootPem], 3000, 20261123);
    console.log(`fuzz: ${res.files} files in ${res.seconds.toFixed(1)} s, mean ${res.meanMs.toFixed(2)} ms, worst ${res.worstMs.toFixed(1)} ms (${res.worstKind}); ` +
      `${res.signedMutations} touched signed bytes; verdicts ${JSON.stringify(res.verdicts)}`);
    expect(res.crashes).toEqual([]);
    expect(res.validAfterSignedMutation).toEqual([]);
    expect(res.signedMutations).toBeGreaterThan(1000);
  });
});
