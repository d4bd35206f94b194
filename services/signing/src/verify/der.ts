// ASN.1 as the verifier reads it: BER as X.690 allows it in CMS (indefinite
// lengths, constructed strings: what NSS/poppler and many Java signers write),
// through asn1js with bounds on depth, node count and size. Every element
// keeps its exact place in the input, because the verifier hashes exact bytes
// (certificates as embedded, TBS parts of OCSP responses and CRLs), and
// `derOf` re-encodes an element as DER where RFC 5652 §5.4 wants DER (the
// signed attributes of a BER-encoded SignerInfo).
import * as asn1js from 'asn1js';

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export interface Tlv {
  /**
   * The identifier octet. A constructed universal string (OCTET STRING, BIT
   * STRING, the character strings) is reported in its primitive form with its
   * segments joined in `value`: DER and BER encodings of one value read alike.
   */
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the element (past the end-of-contents octets of an indefinite length). */
  readonly end: number;
  readonly buf: Buffer;
  /** Elements of a constructed value, null for a primitive (or joined string) one. */
  readonly kids: readonly Tlv[] | null;
  /** Content octets of a primitive element; the joined segments of a constructed string. */
  readonly value: Buffer;
  /** Whether this element or one inside it is not DER-shaped (indefinite length, constructed string, long length form). */
  readonly ber: boolean;
}

/** Bounds for hostile input: CMS from a PDF's /Contents, DSS streams, OCSP answers. */
const MAX_DEPTH = 64;
const MAX_NODES = 200_000;

// Universal string types that BER may split into constructed segments (X.690 §8.6, §8.7, §8.23).
const STRING_TAGS = new Set([3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30]);

function minimalLengthOctets(n: number): number {
  if (n < 0x80) return 1;
  let k = 0;
  for (let v = n; v > 0; v = Math.floor(v / 256)) k++;
  return 1 + k;
}

function convert(b: asn1js.AsnType, buf: Buffer, base: number, origin: number): Tlv {
  const id = b.idBlock;
  if (id.isHexOnly || id.tagNumber >= 31) throw new DerError('multi-byte ASN.1 tags are not supported');
  const view = b.valueBeforeDecodeView;
  const start = origin + view.byteOffset - base;
  const end = start + view.byteLength;
  const contentStart = start + id.blockLength + b.lenBlock.blockLength;
  const constructed = id.isConstructed;
  const tagByte = ((id.tagClass - 1) << 6) | (constructed ? 0x20 : 0) | id.tagNumber;
  const indefinite = b.lenBlock.isIndefiniteForm;
  const longLength = !indefinite && b.lenBlock.blockLength !== minimalLengthOctets(b.lenBlock.length);
  if (!constructed) return { tag: tagByte, start, contentStart, end, buf, kids: null, value: buf.subarray(contentStart, end), ber: longLength };
  const inner = (b.valueBlock as unknown as { value?: asn1js.AsnType[] }).value ?? [];
  const kids = inner.map((k) => convert(k, buf, base, origin));
  const ber = indefinite || longLength || kids.some((k) => k.ber);
  if (id.tagClass === 1 && STRING_TAGS.has(id.tagNumber)) {
    const primitiveTag = tagByte & ~0x20;
    if (kids.some((k) => k.tag !== primitiveTag)) throw new DerError('a constructed string holds a segment of another type');
    let value: Buffer;
    if (id.tagNumber === 3) {
      // BIT STRING: each segment starts with its own unused-bits octet; only the last may be non-zero.
      if (kids.slice(0, -1).some((k) => k.value[0] !== 0)) throw new DerError('unused bits in a middle BIT STRING segment');
      const last = kids[kids.length - 1];
      value = Buffer.concat([Buffer.from([last?.value[0] ?? 0]), ...kids.map((k) => k.value.subarray(1))]);
    } else value = Buffer.concat(kids.map((k) => k.value));
    return { tag: primitiveTag, start, contentStart, end, buf, kids: null, value, ber: true };
  }
  return { tag: tagByte, start, contentStart, end, buf, kids, value: buf.subarray(contentStart, end), ber };
}

/** Reads one element at `pos` (BER); bytes after it up to `limit` are not looked at. */
export function readTlv(buf: Buffer, pos: number, limit = buf.length): Tlv {
  if (pos + 2 > limit) throw new DerError('truncated DER header');
  const input = buf.subarray(pos, limit);
  const r = asn1js.fromBER(input, { maxDepth: MAX_DEPTH, maxNodes: MAX_NODES, maxContentLength: input.length, parseEmbedded: false });
  if (r.offset === -1) throw new DerError(`unreadable ASN.1: ${r.result.error || 'malformed'}`);
  const base = r.result.valueBeforeDecodeView.byteOffset;
  return convert(r.result, buf, base, pos);
}

export function children(t: Tlv): Tlv[] {
  if (!t.kids) throw new DerError(`expected a constructed element, found tag 0x${t.tag.toString(16)}`);
  return [...t.kids];
}

/** DER length octets (definite, minimal). */
export function lengthOctets(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/**
 * The DER encoding of an element as read: definite minimal lengths, strings
 * primitive, elements in the order received. `tag` replaces the outer tag
 * (signed attributes are hashed with the SET OF tag, 0x31, not their [0]).
 * With `sortSet`, the outer element's items are put in X.690 §11.6 order.
 */
export function derOf(t: Tlv, tag = t.tag, sortSet = false): Buffer {
  if (!t.ber && !sortSet) return Buffer.concat([Buffer.from([tag]), t.buf.subarray(t.start + 1, t.end)]);
  let body: Buffer;
  if (t.kids) {
    const items = t.kids.map((k) => derOf(k));
    if (sortSet) items.sort(Buffer.compare);
    body = Buffer.concat(items);
  } else body = t.value;
  return Buffer.concat([Buffer.from([tag]), lengthOctets(body.length), body]);
}

export function raw(t: Tlv): Buffer {
  return t.buf.subarray(t.start, t.end);
}

/** Content octets of a primitive element or a string (its segments joined). */
export function content(t: Tlv): Buffer {
  return t.value;
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return t;
}

export function oidOf(t: Tlv): string {
  expectTag(t, 0x06, 'OID');
  const b = content(t);
  if (b.length === 0) throw new DerError('empty OID');
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if ((b[i]! & 0x80) === 0) {
      if (parts.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export function intHex(t: Tlv): string {
  expectTag(t, 0x02, 'INTEGER');
  let b = content(t);
  while (b.length > 1 && b[0] === 0) b = b.subarray(1);
  return b.toString('hex').toUpperCase();
}

export function smallInt(t: Tlv): number {
  expectTag(t, 0x02, 'INTEGER');
  const b = content(t);
  if (b.length > 4) throw new DerError('integer too large');
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

/** UTCTime (0x17) or GeneralizedTime (0x18). */
export function timeOf(t: Tlv): Date {
  const s = content(t).toString('latin1');
  let m: RegExpMatchArray | null;
  if (t.tag === 0x17) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) throw new DerError('bad UTCTime');
    const yy = Number(m[1]);
    return new Date(Date.UTC(yy >= 50 ? 1900 + yy : 2000 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  }
  if (t.tag === 0x18) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(s);
    if (!m) throw new DerError('bad GeneralizedTime');
    const ms = m[7] ? Math.round(Number(`0${m[7]}`) * 1000) : 0;
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms));
  }
  throw new DerError('expected a time');
}

export function stringOf(t: Tlv): string {
  const b = content(t);
  switch (t.tag) {
    case 0x0c: return b.toString('utf8');
    case 0x13: case 0x16: case 0x14: case 0x1a: return b.toString('latin1');
    case 0x1e: {
      let s = '';
      for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b.readUInt16BE(i));
      return s;
    }
    default: return b.toString('hex');
  }
}

/** The element at the start of `buf` (trailing bytes, such as /Contents zero padding, are not read). */
export function parseDer(buf: Buffer): Tlv {
  return readTlv(buf, 0);
}

// --- writer (used by fixtures, OCSP requests) ---

function lenBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) { bytes.unshift(n & 0xff); n = Math.floor(n / 256); }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), lenBytes(body.length), body]);
}
export const seq = (...p: Buffer[]): Buffer => tlv(0x30, ...p);
export const set = (...p: Buffer[]): Buffer => tlv(0x31, ...p);
export const octets = (b: Buffer): Buffer => tlv(0x04, b);
export const nullDer = (): Buffer => Buffer.from([0x05, 0x00]);
export const bitString = (b: Buffer): Buffer => tlv(0x03, Buffer.from([0]), b);
export const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, 'latin1'));
export const ia5 = (s: string): Buffer => tlv(0x16, Buffer.from(s, 'latin1'));
export const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));
export const explicit = (n: number, ...p: Buffer[]): Buffer => tlv(0xa0 + n, ...p);
export function intDer(v: number | bigint | Buffer): Buffer {
  let b: Buffer;
  if (Buffer.isBuffer(v)) b = v;
  else {
    let h = BigInt(v).toString(16);
    if (h.length % 2) h = `0${h}`;
    b = Buffer.from(h, 'hex');
  }
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
export function oid(s: string): Buffer {
  const p = s.split('.').map(Number);
  const out: number[] = [40 * p[0]! + p[1]!];
  for (const n of p.slice(2)) {
    const stack: number[] = [n & 0x7f];
    let v = Math.floor(n / 128);
    while (v > 0) { stack.unshift((v & 0x7f) | 0x80); v = Math.floor(v / 128); }
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}
export function genTime(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
  return tlv(0x18, Buffer.from(s, 'latin1'));
}
export function utcTime(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z').slice(2);
  return tlv(0x17, Buffer.from(s, 'latin1'));
}
