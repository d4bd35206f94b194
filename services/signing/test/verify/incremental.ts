// A deliberately naive incremental-update writer for attack fixtures: it
// appends whatever objects it is given, with a classic xref table, and lets
// the caller leave out the xref, the trailer or /Prev as an attacker would.
import { PdfDocument } from '../../src/pdf/document.js';
import { type PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObj } from '../../src/pdf/objects.js';
import { Budget, DEFAULT_LIMITS } from '../../src/pdf/syntax.js';

export function readPdf(bytes: Buffer): PdfDocument {
  return new PdfDocument(bytes, new Budget(DEFAULT_LIMITS));
}

function lastStartxref(bytes: Buffer): number {
  const at = bytes.lastIndexOf('startxref');
  return Number(/startxref\s+(\d+)/.exec(bytes.toString('latin1', at, at + 40))![1]);
}


export interface AppendOptions {
  /** Leave out the xref table and trailer (body only). */
  readonly bodyOnly?: boolean;
  /** Write a trailer and startxref pointing at the previous xref, but no new xref. */
  readonly noXref?: boolean;
  /** Omit /Prev and instead list every object in the new table. */
  readonly noPrev?: boolean;
  /** xref entries to write without bodies: object number → offset of an existing definition. */
  readonly pointers?: ReadonlyArray<[number, number]>;
  /** More trailer entries, e.g. `/Info 3 0 R`. */
  readonly trailerExtra?: string;
}

export function appendRevision(bytes: Buffer, objects: ReadonlyArray<[number, string | Buffer]>, opts: AppendOptions = {}): Buffer {
  const doc = readPdf(bytes);
  const trailer = doc.lastRevision.trailer;
  const root = trailer.get('Root') as PdfRef;
  const size = Math.max(trailer.get('Size') as number, ...objects.map(([n]) => n + 1), ...(opts.pointers ?? []).map(([n]) => n + 1));
  const parts: Buffer[] = [bytes.at(-1) === 0x0a ? Buffer.alloc(0) : Buffer.from('\n')];
  let pos = bytes.length + parts[0]!.length;
  const offsets = new Map<number, number>();
  for (const [num, body] of objects) {
    const chunk = Buffer.concat([Buffer.from(`${num} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n')]);
    offsets.set(num, pos);
    parts.push(chunk);
    pos += chunk.length;
  }
  for (const [num, off] of opts.pointers ?? []) offsets.set(num, off);
  if (opts.bodyOnly) return Buffer.concat([bytes, ...parts]);
  const prev = lastStartxref(bytes);
  if (opts.noXref) {
    parts.push(Buffer.from(`trailer\n<< /Size ${size} /Root ${root.num} ${root.gen} R /Prev ${prev} >>\nstartxref\n${prev}\n%%EOF\n`));
    return Buffer.concat([bytes, ...parts]);
  }
  const entries = new Map<number, number>();
  if (opts.noPrev) {
    for (let n = 1; n < size; n++) { const o = doc.offsetOf(n); if (o !== undefined) entries.set(n, o); }
  }
  for (const [n, o] of offsets) entries.set(n, o);
  const nums = [...entries.keys()].sort((a, b) => a - b);
  let xref = 'xref\n0 1\n0000000000 65535 f \n';
  for (const n of nums) xref += `${n} 1\n${String(entries.get(n)).padStart(10, '0')} 00000 n \n`;
  const prevPart = opts.noPrev ? '' : ` /Prev ${prev}`;
  xref += `trailer\n<< /Size ${size} /Root ${root.num} ${root.gen} R${prevPart}${opts.trailerExtra ? ` ${opts.trailerExtra}` : ''} >>\nstartxref\n${pos}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat([bytes, ...parts]);
}

export function catalogNum(bytes: Buffer): number {
  return (readPdf(bytes).lastRevision.trailer.get('Root') as PdfRef).num;
}

export function pageNums(bytes: Buffer): number[] {
  const doc = readPdf(bytes);
  const cat = doc.dictAt(doc.lastRevision.trailer.get('Root'))!;
  const pages = doc.dictAt(cat.get('Pages'))!;
  return (doc.resolve(pages.get('Kids')) as PdfRef[]).map((r) => r.num);
}

export function pageDict(bytes: Buffer, num: number): PdfDict {
  return readPdf(bytes).dictAt(new PdfRef(num, 0))!;
}

export function nextObjectNumber(bytes: Buffer): number {
  return readPdf(bytes).lastRevision.trailer.get('Size') as number;
}

/** Writes a parsed object back as PDF syntax (strings as hex). */
export function serialize(o: PdfObj): string {
  if (o === null) return 'null';
  if (typeof o === 'boolean' || typeof o === 'number') return String(o);
  if (o instanceof PdfName) return `/${o.name.replace(/[^!-~]|[#()<>[\]{}/%]/g, (c) => `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
  if (o instanceof PdfString) return `<${o.bytes.toString('hex')}>`;
  if (o instanceof PdfRef) return `${o.num} ${o.gen} R`;
  if (Array.isArray(o)) return `[${o.map(serialize).join(' ')}]`;
  if (o instanceof PdfStream) return serialize(o.dict);
  return `<< ${[...(o as PdfDict).map].map(([k, v]) => `${serialize(new PdfName(k))} ${serialize(v)}`).join(' ')} >>`;
}

export function streamObject(dict: string, data: string): string {
  return `<< ${dict} /Length ${Buffer.byteLength(data, 'latin1')} >>\nstream\n${data}\nendstream`;
}
