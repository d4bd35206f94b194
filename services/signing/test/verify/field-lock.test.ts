// FieldMDP (issue 18 item 7; ISO 32000-1 §12.8.2.4, ISO 32000-2 §12.7.5.5): a
// signature field's /Lock names the form fields that signing it locks, and the
// signer records it in the signature's /Reference (TransformMethod FieldMDP).
// After that signature, a change to a locked field is a disallowed modification
// for it; a change to an unlocked field is form filling, allowed as before.
// The signature with the lock is made by pyHanko (which writes the FieldMDP
// reference from the field's /Lock), the field is changed in an incremental
// update, and Naskah signs last so that the change is covered by a signature.
// pyHanko's verdict on every file is the oracle (its diff policy, which
// Naskah follows: a new signature field is a change to the form that an /All
// lock forbids; a lock's /P restricts like a certification).
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFName, PDFNumber, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { decodePdfText } from '../../src/verify/modifications.js';
import { verifyPdf } from '../../src/verify/verify-pdf.js';
import { PdfDict, PdfString, type PdfRef } from '../../src/pdf/objects.js';
import { memo, sign, testPki, type TestPki } from './fixtures.js';
import { appendRevision, readPdf, serialize } from './incremental.js';
import { PYHANKO, pyhanko } from './validators.js';

const PASSPHRASE = 'rahasia-uji-123';
let t: TestPki;
let dir: string;
let rootPath: string;
let p12Path: string;
let passFile: string;
let n = 0;

beforeAll(async () => {
  t = await testPki();
  dir = mkdtempSync(join(tmpdir(), 'naskah-field-lock-'));
  rootPath = join(dir, 'root-ca.pem');
  writeFileSync(rootPath, t.rootPem);
  const outsider = await t.pki.issue({ name: 'Rina Wulandari', nik: '6471026607910006', title: 'Kepala Bagian Hukum', org: 'Sekretariat Daerah', keyType: 'rsa2048', passphrase: PASSPHRASE });
  p12Path = join(dir, 'outsider.p12');
  passFile = join(dir, 'passphrase');
  writeFileSync(p12Path, outsider.p12);
  writeFileSync(passFile, PASSPHRASE);
});

/** A memo with two text fields and an empty signature field "ttd1" whose /Lock is `lock` (PDF syntax). */
async function form(lock: string): Promise<Buffer> {
  return memo(1, {
    extra: async (doc: PDFDocument) => {
      const f = doc.getForm();
      const page = doc.getPage(0);
      for (const [name, y] of [['catatan', 600], ['lampiran', 560]] as const) {
        const tf = f.createTextField(name);
        tf.setText('awal');
        tf.addToPage(page, { x: 50, y, width: 200, height: 24 });
      }
      const lockDict = doc.context.obj({});
      // ttd1 carries the lock; ttd2, another empty signature field, is for a later signer.
      for (const [name, rect, lockIt] of [['ttd1', [300, 100, 500, 160], true], ['ttd2', [300, 180, 500, 240], false]] as const) {
        const sig = doc.context.obj({ FT: 'Sig', T: PDFString.of(name), Type: 'Annot', Subtype: 'Widget', Rect: [...rect], F: 4, P: page.ref });
        if (lockIt) sig.set(PDFName.of('Lock'), lockDict);
        const sigRef = doc.context.register(sig);
        page.node.addAnnot(sigRef);
        f.acroForm.addField(sigRef);
      }
      // The /Lock dictionary, written by hand: pdf-lib has no API for it.
      for (const [k, v] of parseLock(doc, lock)) lockDict.set(PDFName.of(k), v);
    },
  });
}

function parseLock(doc: PDFDocument, lock: string): Array<[string, PDFObject]> {
  const out: Array<[string, PDFObject]> = [['Type', PDFName.of('SigFieldLock')]];
  const action = /\/Action\s*\/(\w+)/.exec(lock)![1]!;
  out.push(['Action', PDFName.of(action)]);
  const fields = /\/Fields\s*\[([^\]]*)\]/.exec(lock);
  if (fields) out.push(['Fields', doc.context.obj([...fields[1]!.matchAll(/\(([^)]*)\)/g)].map((m) => PDFString.of(m[1]!)))]);
  const p = /\/P\s+(\d)/.exec(lock);
  if (p) out.push(['P', PDFNumber.of(Number(p[1]))]);
  return out;
}

function pyhankoSignsField(pdf: Buffer, field: string): Buffer {
  const input = join(dir, `in-${++n}.pdf`);
  const output = join(dir, `out-${n}.pdf`);
  writeFileSync(input, pdf);
  execFileSync(PYHANKO, ['sign', 'addsig', '--field', field, '--use-pades', 'pkcs12', '--passfile', passFile, input, output, p12Path], { stdio: 'pipe' });
  return readFileSync(output);
}

/** An incremental update that sets the text field `name` to `value` (its /V, as a form filler would). */
function fill(pdf: Buffer, name: string, value: string): Buffer {
  const doc = readPdf(pdf);
  const cat = doc.dictAt(doc.lastRevision.trailer.get('Root'))!;
  const fields = doc.resolve(doc.dictAt(cat.get('AcroForm'))!.get('Fields')) as PdfRef[];
  const ref = fields.find((r) => {
    const tt = doc.dictAt(r)?.get('T');
    return tt instanceof PdfString && decodePdfText(tt.bytes) === name;
  })!;
  const map = new Map(doc.dictAt(ref)!.map);
  map.set('V', new PdfString(Buffer.from(value, 'latin1'), false, 0, 0));
  const info = doc.lastRevision.trailer.get('Info') as PdfRef | undefined;
  return appendRevision(pdf, [[ref.num, serialize(new PdfDict(map))]], info ? { trailerExtra: `/Info ${info.num} ${info.gen} R` } : {});
}

interface Case {
  lock: string;
  change: string | null;
  /** Who signs after: Naskah in a new field, visible (stamp) or invisible (TTE1), or pyHanko in the existing empty field ttd2. */
  later: 'naskah-visible' | 'naskah-invisible' | 'pyhanko-ttd2';
  /** The reason the locking signature is refused with, and what its detail names; null: it stays VALID. */
  refused: { code: 'CHANGE_LOCKED_FIELD' | 'CHANGE_FORBIDDEN_BY_DOCMDP'; names: string[] } | null;
}

const signedForm = new Map<string, Promise<Buffer>>();

/** pyHanko signs ttd1 (with the lock; once per lock), `change` is filled in, another signature follows. */
async function scenario(c: Case): Promise<{ pdf: Buffer; path: string }> {
  let base = signedForm.get(c.lock);
  if (!base) { base = form(c.lock).then((f) => pyhankoSignsField(f, 'ttd1')); signedForm.set(c.lock, base); }
  let pdf = await base;
  if (c.change) pdf = fill(pdf, c.change, 'diubah setelah ditandatangani');
  pdf = c.later === 'pyhanko-ttd2' ? pyhankoSignsField(pdf, 'ttd2') : await sign(pdf, t, 1, 'B-B', { invisible: c.later === 'naskah-invisible' });
  const path = join(dir, `case-${++n}.pdf`);
  writeFileSync(path, pdf);
  return { pdf, path };
}

const locked = (...names: string[]): Case['refused'] => ({ code: 'CHANGE_LOCKED_FIELD', names });
const INCLUDE = '/Action /Include /Fields [(catatan)]';
const EXCLUDE = '/Action /Exclude /Fields [(lampiran) (ttd2)]';
const CASES: Array<[string, Case]> = [
  ['Include [catatan]: catatan changed', { lock: INCLUDE, change: 'catatan', later: 'naskah-visible', refused: locked('catatan') }],
  ['Include [catatan]: lampiran changed', { lock: INCLUDE, change: 'lampiran', later: 'naskah-visible', refused: null }],
  ['Include [catatan]: only a later signature in a new field', { lock: INCLUDE, change: null, later: 'naskah-visible', refused: null }],
  ['All: lampiran changed', { lock: '/Action /All', change: 'lampiran', later: 'pyhanko-ttd2', refused: locked('lampiran', 'ttd2') }],
  ['All: only a later signature in a new field', { lock: '/Action /All', change: null, later: 'naskah-visible', refused: locked('TTE1') }],
  ['All: only a later signature in the existing empty field', { lock: '/Action /All', change: null, later: 'pyhanko-ttd2', refused: locked('ttd2') }],
  ['Exclude [lampiran ttd2]: lampiran changed, ttd2 signed', { lock: EXCLUDE, change: 'lampiran', later: 'pyhanko-ttd2', refused: null }],
  ['Exclude [lampiran ttd2]: catatan changed', { lock: EXCLUDE, change: 'catatan', later: 'pyhanko-ttd2', refused: locked('catatan') }],
  // PDF 2.0: the lock's /P is a DocMDP permission from this signature on (pyHanko writes it into the FieldMDP parameters).
  ['Include [catatan] P=1: only a later invisible signature', { lock: `${INCLUDE} /P 1`, change: null, later: 'naskah-invisible', refused: { code: 'CHANGE_FORBIDDEN_BY_DOCMDP', names: ['P=1'] } }],
  ['Include [catatan] P=2: lampiran changed, a later invisible signature', { lock: `${INCLUDE} /P 2`, change: 'lampiran', later: 'naskah-invisible', refused: null }],
  ['Include [catatan] P=2: lampiran changed, a later signature that draws', { lock: `${INCLUDE} /P 2`, change: 'lampiran', later: 'naskah-visible', refused: { code: 'CHANGE_FORBIDDEN_BY_DOCMDP', names: ['draws on the page', 'P=2'] } }],
];

describe('FieldMDP: fields locked by a signature', () => {
  test.each(CASES)('%s', async (_name, c) => {
    const { pdf, path } = await scenario(c);
    const r = await verifyPdf(pdf, { trustAnchors: [t.rootPem], checkRevocation: false });
    const [locker, later] = r.signatures;
    // The lock pyHanko signed is the one read (from the signature's /Reference).
    expect(locker!.fieldLock?.source).toBe('reference');
    expect(later!.verdict).toBe('VALID');
    if (c.refused) {
      expect({ verdict: locker!.verdict, intact: locker!.intact, modifications: locker!.modificationsAfter, codes: locker!.reasons.map((x) => x.code) })
        .toEqual({ verdict: 'INVALID', intact: true, modifications: 'disallowed', codes: [c.refused.code] });
      for (const f of c.refused.names) expect(locker!.reasons[0]!.detail).toContain(c.refused.code === 'CHANGE_LOCKED_FIELD' ? `"${f}"` : f);
      expect(r.verdict).toBe('INVALID');
    } else {
      expect({ verdict: locker!.verdict, modifications: locker!.modificationsAfter, reasons: locker!.reasons }).toEqual({ verdict: 'VALID', modifications: 'allowed', reasons: [] });
      expect(r.verdict).toBe('VALID');
    }
    // pyHanko, on the same file, with the same judgement of the locking signature.
    const ph = pyhanko(path, rootPath);
    expect(ph.map((f) => [f.field, f.verdict, f.intact])).toEqual([['ttd1', c.refused ? 'INVALID' : 'VALID', true], [later!.field, 'VALID', true]]);
    if (c.refused) expect(ph[0]!.text).toMatch(/incompatible with the current document modification policy/);
  });
});
