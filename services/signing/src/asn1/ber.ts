// ASN.1 as Naskah reads it (the verifier, and the signing side for TSA and
// OCSP answers, PKCS#12 files and certificates): BER as X.690 allows it in CMS (indefinite
// lengths, constructed strings: what NSS/poppler and many Java signers write),
// with bounds on depth, node count and size. Definite-length elements are read
// lazily here (only what a caller looks at: DER is the common case and is on the
// verifier's hot path); an element with an indefinite length or a constructed
// string is decoded, with everything inside it, by asn1js. Every element
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

/** Decodes one BER element and everything inside it with asn1js (indefinite lengths, constructed strings). */
function readWithAsn1js(buf: Buffer, pos: number, limit: number, depth: number): Tlv {
  const input = buf.subarray(pos, limit);
  const r = asn1js.fromBER(input, { maxDepth: MAX_DEPTH - depth, maxNodes: MAX_NODES, maxContentLength: input.length, parseEmbedded: false });
  if (r.offset === -1) throw new DerError(`unreadable ASN.1: ${r.result.error || 'malformed'}`);
  const base = r.result.valueBeforeDecodeView.byteOffset;
  return convert(r.result, buf, base, pos);
}

/** A definite-length element whose inside is read when first asked for. */
class LazyElement implements Tlv {
  private kidsRead: Tlv[] | null | undefined;
  private berRead: boolean | undefined;
  constructor(
    readonly tag: number, readonly start: number, readonly contentStart: number, readonly end: number,
    readonly buf: Buffer, private readonly depth: number, private readonly longLength: boolean,
  ) {}

  get value(): Buffer {
    return this.buf.subarray(this.contentStart, this.end);
  }

  get kids(): readonly Tlv[] | null {
    if (this.kidsRead === undefined) {
      if (!(this.tag & 0x20)) this.kidsRead = null;
      else {
        const out: Tlv[] = [];
        for (let p = this.contentStart; p < this.end; ) {
          const k = readAt(this.buf, p, this.end, this.depth + 1);
          out.push(k);
          p = k.end;
        }
        this.kidsRead = out;
      }
    }
    return this.kidsRead;
  }

  get ber(): boolean {
    this.berRead ??= this.longLength || (this.kids?.some((k) => k.ber) ?? false);
    return this.berRead;
  }
}

function readAt(buf: Buffer, pos: number, limit: number, depth: number): Tlv {
  if (depth > MAX_DEPTH) throw new DerError('ASN.1 nested too deeply');
  if (pos + 2 > limit) throw new DerError('truncated DER header');
  const tag = buf[pos]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte ASN.1 tags are not supported');
  const first = buf[pos + 1]!;
  if (first === 0x80) return readWithAsn1js(buf, pos, limit, depth);
  let contentStart = pos + 2;
  let length = first;
  let longLength = false;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4) throw new DerError('ASN.1 length too large');
    if (contentStart + n > limit) throw new DerError('truncated DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[contentStart + i]!;
    contentStart += n;
    longLength = n + 1 !== minimalLengthOctets(length);
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError('ASN.1 element overruns its container');
  // A universal string in constructed form is BER: asn1js joins its segments.
  if ((tag & 0xe0) === 0x20 && STRING_TAGS.has(tag & 0x1f)) return readWithAsn1js(buf, pos, limit, depth);
  return new LazyElement(tag, pos, contentStart, end, buf, depth, longLength);
}

/** Reads one element at `pos` (BER); bytes after it up to `limit` are not looked at. */
export function readTlv(buf: Buffer, pos: number, limit = buf.length): Tlv {
  return readAt(buf, pos, limit, 0);
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
