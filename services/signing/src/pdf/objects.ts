// The handful of PDF object types the incremental writer needs. Values are
// parsed lazily, one object at a time, so a large file is never loaded whole.

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  key(): string {
    return `${this.num} ${this.gen}`;
  }
}

export class PdfString {
  constructor(readonly bytes: Buffer) {}
  static fromText(text: string): PdfString {
    // PDFDocEncoding covers ASCII; anything else goes out as UTF-16BE with a BOM.
    if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(Buffer.from(text, 'latin1'));
    const utf16 = Buffer.from(text, 'utf16le').swap16();
    return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]));
  }
  text(): string {
    if (this.bytes[0] === 0xfe && this.bytes[1] === 0xff) {
      return Buffer.from(this.bytes.subarray(2)).swap16().toString('utf16le');
    }
    return this.bytes.toString('latin1');
  }
}

/** Emitted verbatim: pre-serialised text such as a signature placeholder. */
export class PdfVerbatim {
  constructor(readonly text: string) {}
}

export class PdfDict {
  readonly entries: Map<string, PdfValue>;
  constructor(entries?: Iterable<[string, PdfValue]>) {
    this.entries = new Map(entries);
  }
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: PdfValue): this {
    this.entries.set(key, value);
    return this;
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
  clone(): PdfDict {
    return new PdfDict(this.entries);
  }
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** Encoded bytes exactly as stored (or to be stored) between stream/endstream. */
    readonly data: Buffer,
  ) {}
}

export type PdfValue =
  | null
  | boolean
  | number
  | PdfName
  | PdfRef
  | PdfString
  | PdfVerbatim
  | PdfDict
  | PdfStream
  | PdfValue[];

export const name = (n: string): PdfName => new PdfName(n);
export const dict = (entries: Record<string, PdfValue>): PdfDict => new PdfDict(Object.entries(entries));

function formatNumber(n: number): string {
  // The shortest round-trip form reproduces a parsed real exactly, so a rewritten
  // page keeps its /MediaBox bit for bit (validators diff revisions by value).
  const s = String(n);
  if (!s.includes('e')) return s;
  const fixed = n.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

const nameRegular = /^[!-~]$/;
// Almost every name the writer emits (Type, Sig, Annot, …) needs no escaping: skip the per-byte loop.
const namePlain = /^[A-Za-z0-9._+-]*$/;
function formatName(n: string): string {
  if (namePlain.test(n)) return `/${n}`;
  let out = '/';
  for (const ch of Buffer.from(n, 'latin1')) {
    const c = String.fromCharCode(ch);
    out += nameRegular.test(c) && !'()<>[]{}/%#'.includes(c) ? c : `#${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Serialises a value (not a stream) as latin1 text; strings go out as hex. */
export function serialize(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (v instanceof PdfName) return formatName(v.name);
  if (v instanceof PdfRef) return `${v.num} ${v.gen} R`;
  if (v instanceof PdfString) return `<${v.bytes.toString('hex')}>`;
  if (v instanceof PdfVerbatim) return v.text;
  if (Array.isArray(v)) return `[${v.map(serialize).join(' ')}]`;
  if (v instanceof PdfDict) {
    let out = '<<';
    for (const [k, val] of v.entries) out += `${formatName(k)} ${serialize(val)} `;
    return `${out}>>`;
  }
  throw new Error('a stream cannot be serialised inline');
}
