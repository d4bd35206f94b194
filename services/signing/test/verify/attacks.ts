// Generators for the published PDF signature attacks (Mladenov et al. 2019,
// "1 Trillion Dollar Refund"; Mainka, Mladenov, Rohlmann 2021, shadow and
// certification attacks). Each starts from a document validly signed by our
// own CA, so the attack is the only flaw.
import { createHash } from 'node:crypto';
import { PDFName, StandardFonts, drawObject, popGraphicsState, pushGraphicsState, type PDFDocument } from 'pdf-lib';
import { buildCadesSignature } from '../../src/cms/cades.js';
import { PdfDict, PdfRef } from '../../src/pdf/objects.js';
import type { ReasonCode } from '../../src/verify/reasons.js';
import type { KeyHolder } from '../../src/keys/key-holder.js';
import { memo, sign, type TestPki } from './fixtures.js';
import { appendRevision, catalogNum, nextObjectNumber, pageDict, pageNums, readPdf, serialize, streamObject } from './incremental.js';

export type AttackClass =
  | 'universal-signature-forgery'
  | 'incremental-saving'
  | 'signature-wrapping'
  | 'shadow-hide'
  | 'shadow-replace'
  | 'shadow-hide-and-replace'
  | 'certification-evil-annotation'
  | 'certification-sneaky-signature';

export interface AttackCase {
  readonly cls: AttackClass;
  readonly variant: string;
  /** The verifier must give at least one of these reason codes. */
  readonly expect: readonly ReasonCode[];
  readonly bytes: Buffer;
}

const latin = (b: Buffer): string => b.toString('latin1');

/** Replaces `from` (first match after `after`) by `to` padded with spaces to the same length, so offsets stay valid. */
function sameLength(bytes: Buffer, re: RegExp, to: string | ((m: string) => string)): Buffer {
  const text = latin(bytes);
  const m = re.exec(text);
  if (!m) throw new Error(`pattern ${re} not found`);
  const rep = typeof to === 'string' ? to : to(m[0]);
  if (rep.length > m[0].length) throw new Error('replacement longer than original');
  return Buffer.from(text.slice(0, m.index) + rep.padEnd(m[0].length, ' ') + text.slice(m.index + m[0].length), 'latin1');
}

function byteRangeOf(bytes: Buffer): [number, number, number, number] {
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(latin(bytes))!;
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

function universalSignatureForgery(signed: Buffer): AttackCase[] {
  const contents = /\/Contents\s*<[0-9a-fA-F]*>/;
  const byteRange = /\/ByteRange\s*\[[^\]]*\]/;
  const usf = (variant: string, bytes: Buffer, expect: ReasonCode): AttackCase => ({ cls: 'universal-signature-forgery', variant, expect: [expect], bytes });
  return [
    usf('contents missing', sameLength(signed, contents, ''), 'SIG_CONTENTS_INVALID'),
    usf('contents null', sameLength(signed, contents, '/Contents null'), 'SIG_CONTENTS_INVALID'),
    usf('contents empty', sameLength(signed, contents, '/Contents <>'), 'SIG_CONTENTS_INVALID'),
    usf('contents wrong type', sameLength(signed, contents, '/Contents 0'), 'SIG_CONTENTS_INVALID'),
    usf('byte range missing', sameLength(signed, byteRange, ''), 'SIG_BYTERANGE_INVALID'),
    usf('byte range null', sameLength(signed, byteRange, '/ByteRange null'), 'SIG_BYTERANGE_INVALID'),
    usf('byte range empty', sameLength(signed, byteRange, '/ByteRange []'), 'SIG_BYTERANGE_INVALID'),
    usf('byte range wrong type', sameLength(signed, byteRange, '/ByteRange (0 1 2 3)'), 'SIG_BYTERANGE_INVALID'),
    usf('byte range not from 0', sameLength(signed, /\/ByteRange\s*\[\s*0 /, (m) => m.replace(/0 $/, '1 ')), 'SIG_BYTERANGE_NOT_FROM_START'),
  ];
}

function contentsNum(bytes: Buffer, page: number): number {
  const c = pageDict(bytes, page).get('Contents');
  if (c instanceof PdfRef) return c.num;
  if (Array.isArray(c) && c[0] instanceof PdfRef) return c[0].num;
  throw new Error('page has no content reference');
}

const EVIL_CONTENT = 'BT /Helv 24 Tf 50 600 Td (Jumlah dibayar: Rp 10.000.000) Tj ET';

function incrementalSaving(signed: Buffer): AttackCase[] {
  const page = pageNums(signed)[0]!;
  const cnum = contentsNum(signed, page);
  const evil: [number, string] = [cnum, streamObject('', EVIL_CONTENT)];
  const isa = (variant: string, bytes: Buffer, expect: ReasonCode[]): AttackCase => ({ cls: 'incremental-saving', variant, expect, bytes });
  const pages = readPdf(signed).dictAt(readPdf(signed).dictAt(new PdfRef(catalogNum(signed), 0))!.get('Pages'))!;
  const pagesNum = (readPdf(signed).dictAt(new PdfRef(catalogNum(signed), 0))!.get('Pages') as PdfRef).num;
  const newPage = nextObjectNumber(signed);
  const kids = [...(pages.get('Kids') as PdfRef[]), new PdfRef(newPage, 0)];
  const pagesDict = new PdfDict(new Map(pages.map));
  pagesDict.map.set('Kids', kids);
  pagesDict.map.set('Count', kids.length);
  return [
    isa('page content replaced, with xref and trailer', appendRevision(signed, [evil]), ['CHANGE_PAGE_CONTENT']),
    isa('body appended, no xref, no trailer', appendRevision(signed, [evil], { bodyOnly: true }), ['TRAILING_DATA']),
    isa('body and trailer appended, no xref', appendRevision(signed, [evil], { noXref: true }), ['TRAILING_DATA']),
    isa('new complete xref without /Prev', appendRevision(signed, [evil], { noPrev: true }), ['SIG_BYTERANGE_NOT_REVISION_END']),
    isa('page added', appendRevision(signed, [
      [newPage, `<< /Type /Page /Parent ${pagesNum} 0 R /MediaBox [0 0 595 842] /Contents ${newPage + 1} 0 R >>`],
      [newPage + 1, streamObject('', EVIL_CONTENT)],
      [pagesNum, serialize(pagesDict)],
    ]), ['CHANGE_OBJECT_REDEFINED', 'CHANGE_PAGE_CONTENT']),
  ];
}

async function signatureWrapping(signed: Buffer, t: TestPki): Promise<AttackCase[]> {
  const [, a, b] = byteRangeOf(signed);
  // 1. The gap holds the /Contents string and more: the real CMS, then attacker bytes.
  const gap = latin(signed.subarray(a, b));
  const hex = gap.slice(1, -1).replace(/(00)+$/, '');
  const smuggled = `<${hex}${hex.length % 2 ? '0' : ''}>`;
  const filler = ' /Smuggled (' + '9 0 obj (Rp 10.000.000) endobj ';
  const rest = b - a - smuggled.length - filler.length - 1;
  const wrapped = Buffer.concat([signed.subarray(0, a), Buffer.from(smuggled + filler + 'x'.repeat(Math.max(0, rest)) + ')', 'latin1'), signed.subarray(b)]);

  // 2. A range that stops before its revision's end, re-signed so the CMS itself is valid.
  const cut = 24;
  const shortened = sameLength(signed, /\/ByteRange\s*\[[^\]]*\]/, (m) => {
    const [x0, x1, x2, x3] = byteRangeOf(signed);
    return `/ByteRange [${x0} ${x1} ${x2} ${x3 - cut}]`.padEnd(m.length, ' ');
  });
  const [, a2, b2, c2] = byteRangeOf(shortened);
  const digest = createHash('sha256').update(shortened.subarray(0, a2)).update(shortened.subarray(b2, b2 + c2)).digest();
  const cms = await buildCadesSignature({ contentDigest: digest, holder: t.officials[0]! });
  const hexCms = cms.toString('hex').padEnd(b2 - a2 - 2, '0');
  const shortSigned = Buffer.concat([shortened.subarray(0, a2 + 1), Buffer.from(hexCms, 'latin1'), shortened.subarray(b2 - 1)]);
  return [
    { cls: 'signature-wrapping', variant: 'gap larger than /Contents', expect: ['SIG_BYTERANGE_GAP_MISMATCH'], bytes: wrapped },
    { cls: 'signature-wrapping', variant: 'range ends before its revision', expect: ['SIG_BYTERANGE_NOT_REVISION_END'], bytes: shortSigned },
  ];
}

async function shadow(t: TestPki): Promise<AttackCase[]> {
  const refs: Record<string, number> = {};
  const prepared = await memo(1, {
    extra: async (doc: PDFDocument) => {
      const font = await doc.embedFont(StandardFonts.Helvetica);
      const page = doc.getPage(0);
      page.node.setFontDictionary(PDFName.of('Helv'), font.ref);
      page.drawText('Jumlah dibayar: Rp 10.000.000', { x: 50, y: 600, size: 14, font });
      // Hide: an overlay drawn on top of the real amount, to be emptied after signing.
      const overlay = doc.context.register(doc.context.stream('q 1 1 1 rg 45 590 320 30 re f Q BT /Helv 14 Tf 50 600 Td (Jumlah dibayar: Rp 10.000) Tj ET', {
        Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 595, 842], Resources: { Font: { Helv: font.ref } },
      }));
      page.node.setXObject(PDFName.of('Ov'), overlay);
      page.pushOperators(pushGraphicsState(), drawObject('Ov'), popGraphicsState());
      // Hide-and-replace: a content stream nobody references when signing.
      refs.hidden = doc.context.register(doc.context.stream(`BT /Helv 24 Tf 50 700 Td (SURAT KUASA PENUH) Tj ET ${EVIL_CONTENT}`)).objectNumber;
      refs.overlay = overlay.objectNumber;
      refs.font = font.ref.objectNumber;
    },
  });
  const signed = await sign(prepared, t, 0, 'B-B');
  const page = pageNums(signed)[0]!;
  const pd = pageDict(signed, page);
  const revealed = new PdfDict(new Map(pd.map));
  revealed.map.set('Contents', new PdfRef(refs.hidden!, 0));
  return [
    { cls: 'shadow-hide', variant: 'overlay form emptied', expect: ['CHANGE_PAGE_CONTENT'], bytes: appendRevision(signed, [[refs.overlay!, streamObject('/Type /XObject /Subtype /Form /BBox [0 0 1 1]', '')]]) },
    { cls: 'shadow-replace', variant: 'font redefined', expect: ['CHANGE_PAGE_CONTENT'], bytes: appendRevision(signed, [[refs.font!, '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>']]) },
    { cls: 'shadow-hide-and-replace', variant: 'page content pointed at a hidden stream', expect: ['CHANGE_HIDDEN_OBJECT_REVEALED'], bytes: appendRevision(signed, [[page, serialize(revealed)]]) },
  ];
}

function annotsWith(bytes: Buffer, page: number, extra: number): string {
  const pd = pageDict(bytes, page);
  const doc = readPdf(bytes);
  const old = doc.resolve(pd.get('Annots'));
  const d = new PdfDict(new Map(pd.map));
  d.map.set('Annots', [...(Array.isArray(old) ? old : []), new PdfRef(extra, 0)]);
  return serialize(d);
}

async function certification(t: TestPki, outsider: TestPki): Promise<AttackCase[]> {
  const certified = await sign(await memo(1), t, 0, 'B-B', { certify: true });
  const page = pageNums(certified)[0]!;
  const n = nextObjectNumber(certified);
  const drawing = 'BT /Helv 18 Tf 10 20 Td (DISETUJUI: Rp 10.000.000) Tj ET';
  const helv = '<< /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>';
  const evil = appendRevision(certified, [
    [n, `<< /Type /Annot /Subtype /FreeText /Rect [50 560 400 600] /Contents (Rp 10.000.000) /DA (/Helv 18 Tf 0 g) /P ${page} 0 R /AP << /N ${n + 1} 0 R >> >>`],
    [n + 1, streamObject(`/Type /XObject /Subtype /Form /BBox [0 0 350 40] /Resources ${helv}`, drawing)],
    [page, annotsWith(certified, page, n)],
  ]);

  // Sneaky signature: a new signature field whose widget draws, with no signature value.
  const doc = readPdf(certified);
  const catNum = catalogNum(certified);
  const cat = doc.dictAt(new PdfRef(catNum, 0))!;
  const afRef = cat.get('AcroForm');
  const af = doc.dictAt(afRef)!;
  const newAf = new PdfDict(new Map(af.map));
  const fields = doc.resolve(af.get('Fields')) as PdfRef[];
  newAf.map.set('Fields', [...fields, new PdfRef(n, 0)]);
  const afUpdate: [number, string] = afRef instanceof PdfRef
    ? [afRef.num, serialize(newAf)]
    : [catNum, serialize(new PdfDict(new Map([...cat.map, ['AcroForm', newAf]])))];
  const sneaky = appendRevision(certified, [
    [n, `<< /FT /Sig /T (Persetujuan) /Type /Annot /Subtype /Widget /Rect [50 560 400 600] /F 4 /P ${page} 0 R /AP << /N ${n + 1} 0 R >> >>`],
    [n + 1, streamObject(`/Type /XObject /Subtype /Form /BBox [0 0 350 40] /Resources ${helv}`, drawing)],
    afUpdate,
    [page, annotsWith(certified, page, n)],
  ]);
  // Sneaky signature, signed: a real signature whose widget draws over the certified page
  // (our signing engine makes such signatures invisible, so the attacker's tool is used).
  const outsiderSigned = await signDrawingField(certified, outsider.officials[1]!, afUpdate, page);
  const insiderSigned = await signDrawingField(certified, t.officials[1]!, afUpdate, page);
  return [
    { cls: 'certification-evil-annotation', variant: 'FreeText annotation after certification', expect: ['CHANGE_ANNOTATION_ADDED'], bytes: evil },
    { cls: 'certification-sneaky-signature', variant: 'unsigned drawing signature widget', expect: ['CHANGE_UNSIGNED_WIDGET'], bytes: sneaky },
    { cls: 'certification-sneaky-signature', variant: 'drawing signature by an untrusted signer', expect: ['CHANGE_WIDGET_AFTER_CERTIFICATION', 'CERT_NOT_TRUSTED'], bytes: outsiderSigned },
    { cls: 'certification-sneaky-signature', variant: 'drawing signature added after certification', expect: ['CHANGE_WIDGET_AFTER_CERTIFICATION'], bytes: insiderSigned },
  ];
}

const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

/**
 * An attacker's signing tool: a new signature field whose widget draws text,
 * signed properly (PAdES B-B) by `holder`, appended as one revision.
 */
async function signDrawingField(base: Buffer, holder: KeyHolder, afUpdate: [number, string], page: number): Promise<Buffer> {
  const n = nextObjectNumber(base);
  const reserve = 16384;
  const helv = '<< /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>';
  const [afNum, afText] = afUpdate;
  const bytes = appendRevision(base, [
    [n, `<< /FT /Sig /T (Persetujuan) /V ${n + 1} 0 R /Type /Annot /Subtype /Widget /Rect [50 560 400 600] /F 4 /P ${page} 0 R /AP << /N ${n + 2} 0 R >> >>`],
    [n + 1, `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (D:20261123000000+00'00') ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(reserve * 2)}> >>`],
    [n + 2, streamObject(`/Type /XObject /Subtype /Form /BBox [0 0 350 40] /Resources ${helv}`, 'BT /Helv 18 Tf 10 20 Td (DISETUJUI: Rp 10.000.000) Tj ET')],
    [afNum, afText],
    [page, annotsWith(base, page, n)],
  ]);
  const text = latin(bytes);
  const a = text.lastIndexOf('/Contents <') + '/Contents '.length;
  const b = a + reserve * 2 + 2;
  const c = bytes.length - b;
  const at = text.lastIndexOf(BYTE_RANGE_PLACEHOLDER);
  const br = `/ByteRange [0 ${a} ${b} ${c}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  bytes.write(br, at, 'latin1');
  const digest = createHash('sha256').update(bytes.subarray(0, a)).update(bytes.subarray(b)).digest();
  const cms = await buildCadesSignature({ contentDigest: digest, holder });
  bytes.write(cms.toString('hex'), a + 1, 'latin1');
  return bytes;
}

/** Every attack case, each from a fresh validly signed document. */
export async function attackCases(t: TestPki, outsider: TestPki): Promise<AttackCase[]> {
  const signed = await sign(await memo(1), t, 0, 'B-B');
  return [
    ...universalSignatureForgery(signed),
    ...incrementalSaving(signed),
    ...(await signatureWrapping(signed, t)),
    ...(await shadow(t)),
    ...(await certification(t, outsider)),
  ];
}


