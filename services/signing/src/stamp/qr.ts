import QRCode from 'qrcode';

// A QR code for the stamp's verification URL: one byte-mode segment, error
// correction level M, mask pattern 2, the smallest version that fits — the
// same symbol `QRCode.create` draws for these options, module for module.
// Everything that depends only on the version (finder, timing and alignment
// patterns, format and version information, the order in which data bits are
// placed) is taken once per version from the qrcode library; per URL only the
// codewords, their Reed-Solomon blocks and the bit placement remain, which is
// several times cheaper than the library's general path.

/** Error-correction blocks and EC codewords for level M, versions 1-40 (ISO/IEC 18004 table 9). */
const M_BLOCKS = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];
const M_EC_CODEWORDS = [
  10, 16, 26, 36, 48, 64, 72, 88, 110, 130, 150, 176, 198, 216, 240, 280, 308, 338, 364, 416, 442, 476, 504, 560, 588, 644, 700, 728, 784, 812, 868, 924, 980, 1036, 1064, 1120, 1204, 1260,
  1316, 1372,
];

export interface QrModules {
  size: number;
  /** row-major, 1 = dark */
  data: Uint8Array;
}

interface VersionLayout {
  size: number;
  /** the function patterns and format/version information, data area empty */
  base: Uint8Array;
  /** module index of each data bit, in placement order */
  positions: Uint32Array;
  /** mask pattern 2 (column divisible by 3) at each data bit */
  masks: Uint8Array;
  totalCodewords: number;
  dataCodewords: number;
  blocks: number;
}

// Galois field GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

const generators = new Map<number, Uint8Array>();
/** Coefficients of (x - a^0)(x - a^1)...(x - a^(degree-1)), highest power first. */
function generator(degree: number): Uint8Array {
  const cached = generators.get(degree);
  if (cached) return cached;
  let g: Uint8Array = new Uint8Array([1]);
  for (let i = 0; i < degree; i++) {
    const next: Uint8Array = new Uint8Array(g.length + 1);
    for (let j = 0; j < g.length; j++) {
      next[j]! ^= g[j]!;
      if (g[j]) next[j + 1]! ^= EXP[LOG[g[j]!]! + i]!;
    }
    g = next;
  }
  generators.set(degree, g);
  return g;
}

const generatorLogs = new Map<number, Uint8Array>();
/** log(a) of the generator's coefficients after the leading 1 (none is zero in GF(256)). */
function generatorLog(degree: number): Uint8Array {
  let l = generatorLogs.get(degree);
  if (!l) {
    l = Uint8Array.from(generator(degree).subarray(1), (c) => LOG[c]!);
    generatorLogs.set(degree, l);
  }
  return l;
}

/** The `degree` Reed-Solomon EC codewords of `data`. */
function reedSolomon(data: Uint8Array, degree: number): Uint8Array {
  const gl = generatorLog(degree);
  const rem = new Uint8Array(degree);
  for (let i = 0; i < data.length; i++) {
    const factor = data[i]! ^ rem[0]!;
    rem.copyWithin(0, 1);
    rem[degree - 1] = 0;
    if (factor === 0) continue;
    const lf = LOG[factor]!;
    for (let j = 0; j < degree; j++) rem[j]! ^= EXP[gl[j]! + lf]!;
  }
  return rem;
}

const layouts = new Map<number, VersionLayout>();
function layout(version: number): VersionLayout {
  let l = layouts.get(version);
  if (l) return l;
  // A symbol of this version with the same level and mask: its reserved modules
  // (everything but data) are the same for any content.
  const sample = QRCode.create([{ data: Buffer.alloc(1), mode: 'byte' }], { version, errorCorrectionLevel: 'M', maskPattern: 2 });
  const m = sample.modules as unknown as { size: number; data: Uint8Array; reservedBit: Uint8Array };
  const size = m.size;
  const base = new Uint8Array(size * size);
  const positions: number[] = [];
  for (let i = 0; i < base.length; i++) if (m.reservedBit[i]) base[i] = m.data[i]!;
  // Two-column zigzag from the bottom right, skipping the vertical timing column.
  let inc = -1;
  let row = size - 1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) if (!m.reservedBit[row * size + col - c]) positions.push(row * size + col - c);
      row += inc;
      if (row < 0 || row >= size) {
        row -= inc;
        inc = -inc;
        break;
      }
    }
  }
  const totalCodewords = Math.floor(positions.length / 8);
  l = {
    size,
    base,
    positions: Uint32Array.from(positions),
    masks: Uint8Array.from(positions, (p) => ((p % size) % 3 === 0 ? 1 : 0)),
    totalCodewords,
    dataCodewords: totalCodewords - M_EC_CODEWORDS[version - 1]!,
    blocks: M_BLOCKS[version - 1]!,
  };
  layouts.set(version, l);
  return l;
}

/** Bits available for a byte segment of `length` bytes: mode (4) + count (8, or 16 from version 10) + data. */
const segmentBits = (version: number, length: number): number => 4 + (version < 10 ? 8 : 16) + 8 * length;

/** The modules of the QR code for `bytes` (level M, mask 2, smallest version). */
export function qrModules(bytes: Buffer): QrModules {
  let version = 1;
  while (version <= 40 && segmentBits(version, bytes.length) > layout(version).dataCodewords * 8) version++;
  if (version > 40) throw new RangeError('The data is too long for a QR code');
  const l = layout(version);

  // Data codewords: mode 0100, count, bytes, terminator, padding to a byte, then 0xEC/0x11.
  const data = new Uint8Array(l.dataCodewords);
  const countBits = version < 10 ? 8 : 16;
  // Mode and count take 12 or 20 bits: every data byte lands shifted by half a byte.
  let p = 0;
  if (countBits === 8) data[p++] = 0x40 | (bytes.length >> 4);
  else {
    data[p++] = 0x40 | (bytes.length >> 12);
    data[p++] = (bytes.length >> 4) & 0xff;
  }
  let carry = bytes.length & 0x0f;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    data[p++] = (carry << 4) | (b >> 4);
    carry = b & 0x0f;
  }
  // The last half byte, then the 4-bit terminator (there is always room for it).
  data[p++] = carry << 4;
  for (let i = 0; p < data.length; i++) data[p++] = i % 2 ? 0x11 : 0xec;

  // Split into blocks (the shorter ones first), add EC to each, interleave.
  const g2 = l.totalCodewords % l.blocks;
  const g1 = l.blocks - g2;
  const dataPerBlock1 = Math.floor(l.dataCodewords / l.blocks);
  const ecPerBlock = Math.floor(l.totalCodewords / l.blocks) - dataPerBlock1;
  const dcs: Uint8Array[] = [];
  const ecs: Uint8Array[] = [];
  let offset = 0;
  for (let b = 0; b < l.blocks; b++) {
    const n = b < g1 ? dataPerBlock1 : dataPerBlock1 + 1;
    const block = data.subarray(offset, offset + n);
    dcs.push(block);
    ecs.push(reedSolomon(block, ecPerBlock));
    offset += n;
  }
  const codewords = new Uint8Array(l.totalCodewords);
  let k = 0;
  for (let i = 0; i <= dataPerBlock1; i++) for (const dc of dcs) if (i < dc.length) codewords[k++] = dc[i]!;
  for (let i = 0; i < ecPerBlock; i++) for (const ec of ecs) codewords[k++] = ec[i]!;

  const out = l.base.slice();
  const { positions, masks } = l;
  for (let i = 0; i < positions.length; i++) {
    const bit = i >> 3 < codewords.length ? (codewords[i >> 3]! >>> (7 - (i & 7))) & 1 : 0;
    out[positions[i]!] = bit ^ masks[i]!;
  }
  return { size: l.size, data: out };
}
