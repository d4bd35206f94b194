import { DerError, children, content, raw, readTlv, type Tlv } from '../asn1/ber.js';

/**
 * A small DER encoder, and the signing side's view of the BER reader. Signatures are built from precomputed DER
 * pieces on the hot path (hundreds per second), where generic ASN.1 libraries
 * cost more than the RSA operation itself; PKI structures use the same helpers
 * so there is one encoding discipline throughout.
 */

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = content.length === 1 ? content[0]! : Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
/** SET OF: DER requires the encodings sorted. */
export const setOf = (...items: Buffer[]): Buffer => tlv(0x31, ...[...items].sort(Buffer.compare));
/** [n] EXPLICIT (or IMPLICIT constructed) */
export const contextConstructed = (n: number, ...items: Buffer[]): Buffer => tlv(0xa0 + n, ...items);
export const octetString = (b: Buffer): Buffer => tlv(0x04, b);
export const bitString = (b: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.from([unusedBits]), b);
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const boolean = (v: boolean): Buffer => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
export const utf8String = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printableString = (s: string): Buffer => tlv(0x13, Buffer.from(s, 'latin1'));
export const enumerated = (n: number): Buffer => tlv(0x0a, integerContent(BigInt(n)));

function integerContent(v: bigint): Buffer {
  if (v === 0n) return Buffer.from([0]);
  if (v < 0n) throw new RangeError('negative INTEGER not supported');
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const b = Buffer.from(hex, 'hex');
  return b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
}

/** INTEGER from a number, bigint or unsigned big-endian bytes. */
export function integer(v: number | bigint | Buffer): Buffer {
  if (Buffer.isBuffer(v)) {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    const trimmed = v.subarray(i);
    return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
  }
  return tlv(0x02, integerContent(BigInt(v)));
}

const oidCache = new Map<string, Buffer>();
export function oid(dotted: string): Buffer {
  const cached = oidCache.get(dotted);
  if (cached) return cached;
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const bytes: number[] = [];
  const first = arcs[0]! * 40n + arcs[1]!;
  for (const arc of [first, ...arcs.slice(2)]) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    bytes.push(...chunk);
  }
  const encoded = tlv(0x06, Buffer.from(bytes));
  oidCache.set(dotted, encoded);
  return encoded;
}

/** GeneralizedTime with optional milliseconds (always UTC, "Z"). */
export function generalizedTime(d: Date, withMillis = false): Buffer {
  const iso = d.toISOString(); // 2026-11-23T15:27:39.123Z
  let s = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
  if (withMillis) {
    const ms = iso.slice(20, 23).replace(/0+$/, '');
    if (ms) s += '.' + ms;
  }
  return tlv(0x18, Buffer.from(s + 'Z', 'latin1'));
}

/** X.509 Time: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
export function x509Time(d: Date): Buffer {
  const year = d.getUTCFullYear();
  if (year >= 1950 && year < 2050) {
    const iso = d.toISOString();
    const s = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
    return tlv(0x17, Buffer.from(s, 'latin1'));
  }
  return generalizedTime(d);
}

export function algorithmIdentifier(algorithm: string, parameters: Buffer | null = null): Buffer {
  return parameters === null ? sequence(oid(algorithm)) : sequence(oid(algorithm), parameters);
}

// ---------------------------------------------------------------- reading

// One BER reader for the signing side and the verifier (../asn1/ber.ts): TSA
// and OCSP answers, PKCS#12 files (Java and Windows write them in BER) and
// certificates from elsewhere are read as X.690 allows, within its bounds.
export type DerNode = Tlv;
export { DerError };

export function readNode(buffer: Buffer, offset = 0, limit = buffer.length): DerNode {
  return readTlv(buffer, offset, limit);
}

/** Parses a whole buffer that must hold exactly one value. */
export function parseDer(buffer: Buffer): DerNode {
  const node = readTlv(buffer, 0);
  if (node.end !== buffer.length) throw new DerError('trailing bytes after DER value');
  return node;
}

/** The elements inside a constructed value; for a primitive one, its content read as elements. */
export function childrenOf(node: DerNode): DerNode[] {
  if (node.kids) return children(node);
  const out: DerNode[] = [];
  for (let at = 0; at < node.value.length; ) {
    const child = readTlv(node.value, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The i-th child, which must exist (optionally with a given tag). */
export function childAt(node: DerNode, i: number, tag?: number): DerNode {
  const child = childrenOf(node)[i];
  if (!child) throw new DerError(`missing ASN.1 element #${i}`);
  if (tag !== undefined && child.tag !== tag) throw new DerError(`unexpected ASN.1 tag 0x${child.tag.toString(16)}`);
  return child;
}

export const contentOf = (node: DerNode): Buffer => content(node);
export const encodingOf = (node: DerNode): Buffer => raw(node);

export function oidOf(node: DerNode): string {
  if (node.tag !== 0x06) throw new DerError('expected OBJECT IDENTIFIER');
  const b = contentOf(node);
  const arcs: bigint[] = [];
  let v = 0n;
  for (const byte of b) {
    v = (v << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs.shift() ?? 0n;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

/** INTEGER as unsigned hex without leading zeros ("0" for zero). */
export function integerHex(node: DerNode): string {
  if (node.tag !== 0x02) throw new DerError('expected INTEGER');
  return contentOf(node).toString('hex').replace(/^0+/, '') || '0';
}

export function integerValue(node: DerNode): bigint {
  return BigInt('0x' + integerHex(node));
}

export function timeOf(node: DerNode): Date {
  const s = contentOf(node).toString('latin1');
  const m =
    node.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : node.tag === 0x18
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(s)
        : null;
  if (!m) throw new DerError('unsupported time encoding');
  let year = Number(m[1]);
  if (node.tag === 0x17) year += year < 50 ? 2000 : 1900;
  const ms = m[7] ? Math.round(Number('0' + m[7]) * 1000) : 0;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms));
}

export function stringOf(node: DerNode): string {
  const b = contentOf(node);
  if (node.tag === 0x1e) {
    // BMPString: UTF-16BE
    const swapped = Buffer.from(b);
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return node.tag === 0x0c ? b.toString('utf8') : b.toString('latin1');
}
