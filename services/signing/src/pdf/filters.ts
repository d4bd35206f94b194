import { inflateSync } from 'node:zlib';
import { PdfDict, PdfName, type PdfValue } from './objects.js';
import { SyntaxProblem } from './parser.js';

/**
 * Undoes PNG row predictors (Predictor >= 10). Shared by the signing reader and
 * the hardened verifier, which passes its own `fail` so a bad row is reported
 * as its error type.
 */
export function applyPngPredictor(
  data: Buffer, columns: number, colors: number, bpc: number,
  fail: (message: string) => never = (message) => { throw new SyntaxProblem(message); },
): Buffer {
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((columns * colors * bpc) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLen + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLen + i - bpp]! : 0;
      let v: number;
      switch (type) {
        case 0: v = raw; break;
        case 1: v = raw + left; break;
        case 2: v = raw + up; break;
        case 3: v = raw + ((left + up) >> 1); break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
          v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default: fail(`unknown PNG predictor ${type}`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

/** Decodes the filters the structures we read use (object and xref streams, page content). */
export function decodeStream(dict: PdfDict, data: Buffer, resolve: (v: PdfValue | undefined) => PdfValue | undefined): Buffer {
  const f = resolve(dict.get('Filter'));
  const filters = f === undefined || f === null ? [] : Array.isArray(f) ? f : [f];
  const p = resolve(dict.get('DecodeParms'));
  const parms = Array.isArray(p) ? p : [p];
  let out = data;
  filters.forEach((fv, i) => {
    const fname = resolve(fv);
    if (!(fname instanceof PdfName)) throw new SyntaxProblem('bad stream filter');
    if (fname.name !== 'FlateDecode' && fname.name !== 'Fl') throw new SyntaxProblem(`unsupported filter ${fname.name}`);
    try {
      out = inflateSync(out, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a missing end marker */ });
    } catch {
      throw new SyntaxProblem('corrupt Flate stream');
    }
    const parm = resolve(parms[i] ?? undefined);
    if (parm instanceof PdfDict) {
      const predictor = Number(resolve(parm.get('Predictor')) ?? 1);
      if (predictor >= 10) {
        out = applyPngPredictor(
          out,
          Number(resolve(parm.get('Columns')) ?? 1),
          Number(resolve(parm.get('Colors')) ?? 1),
          Number(resolve(parm.get('BitsPerComponent')) ?? 8),
        );
      } else if (predictor !== 1) throw new SyntaxProblem(`unsupported predictor ${predictor}`);
    }
  });
  return out;
}
