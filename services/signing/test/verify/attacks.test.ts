// Every published attack class, generated from a validly signed document,
// must be refused with the reason that names it; pyHanko, as an independent
// oracle, must not call any of them VALID either.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPdf } from '../../src/verify/verify-pdf.js';
import { attackCases, type AttackCase, type AttackClass } from './attacks.js';
import { memo, sign, testPki, type TestPki } from './fixtures.js';
import { pyhanko } from './validators.js';

let t: TestPki;
let cases: AttackCase[];

beforeAll(async () => {
  t = await testPki();
  cases = await attackCases(t, await testPki('outsider'));
});

const CLASSES: AttackClass[] = [
  'universal-signature-forgery', 'incremental-saving', 'signature-wrapping', 'shadow-hide', 'shadow-replace',
  'shadow-hide-and-replace', 'certification-evil-annotation', 'certification-sneaky-signature',
];

describe('PDF signature attacks', () => {
  test('the unattacked originals are VALID (the attack is the only flaw)', async () => {
    const plain = await sign(await memo(1), t, 0, 'B-B');
    const certified = await sign(await memo(1), t, 0, 'B-B', { certify: true });
    for (const b of [plain, certified]) expect((await verifyPdf(b, { trustAnchors: [t.rootPem], checkRevocation: false })).verdict).toBe('VALID');
  });

  test('every attack class has a generator', () => {
    expect([...new Set(cases.map((c) => c.cls))].sort()).toEqual([...CLASSES].sort());
  });

  test.each(CLASSES)('%s: every variant is refused with its reason', async (cls) => {
    for (const c of cases.filter((x) => x.cls === cls)) {
      const r = await verifyPdf(c.bytes, { trustAnchors: [t.rootPem], checkRevocation: false });
      const codes = [...r.reasons, ...r.signatures.flatMap((s) => s.reasons)].map((x) => x.code);
      expect({ variant: c.variant, verdict: r.verdict }).toEqual({ variant: c.variant, verdict: expect.not.stringMatching(/^VALID$/) });
      expect({ variant: c.variant, found: c.expect.some((e) => codes.includes(e)) ? 'expected reason' : codes }).toEqual({ variant: c.variant, found: 'expected reason' });
      // Every reason a person reads has both languages.
      for (const x of [...r.reasons, ...r.signatures.flatMap((s) => s.reasons)]) expect(x.id.length > 10 && x.en.length > 10).toBe(true);
    }
  });

  test('pyHanko does not judge any attack class VALID either', () => {
    const dir = mkdtempSync(join(tmpdir(), 'naskah-attacks-'));
    const root = join(dir, 'root-ca.pem');
    writeFileSync(root, t.rootPem);
    for (const cls of CLASSES) {
      const c = cases.find((x) => x.cls === cls)!;
      const file = join(dir, `${cls}.pdf`);
      writeFileSync(file, c.bytes);
      const fields = pyhanko(file, root);
      expect({ cls, valid: fields.filter((f) => f.verdict === 'VALID').map((f) => f.field) }).toEqual({ cls, valid: [] });
    }
  });
});
