// The verifier's ASN.1 helpers over the one BER reader (../asn1/ber.ts).
import { DerError, content, readTlv, type Tlv } from '../asn1/ber.js';

export { DerError, children, content, derOf, lengthOctets, raw, readTlv, type Tlv } from '../asn1/ber.js';

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

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), lenBytes(body.length), body]);
}
export const seq = (...p: Buffer[]): Buffer => tlv(0x30, ...p);
export const octets = (b: Buffer): Buffer => tlv(0x04, b);
export const nullDer = (): Buffer => Buffer.from([0x05, 0x00]);
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
