// Seeded mutation fuzzing of signed documents. Shared by the jest test (a few
// thousand files) and `bench/verify-fuzz.ts` (as many as asked for).
import { verifyPdf, type VerificationReport } from '../../src/verify/verify-pdf.js';

/** mulberry32: small, fast and reproducible from a seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzBase { readonly name: string; readonly bytes: Buffer; readonly ranges: Array<[number, number]> }

export function baseOf(name: string, bytes: Buffer, report: VerificationReport): FuzzBase {
  const ranges: Array<[number, number]> = [];
  for (const s of report.signatures) {
    const br = s.byteRange!;
    ranges.push([br[0]!, br[0]! + br[1]!], [br[2]!, br[2]! + br[3]!]);
  }
  return { name, bytes, ranges };
}

type Mutation = 'flip-anywhere' | 'flip-signed' | 'flip-gap' | 'truncate' | 'insert' | 'delete' | 'duplicate-tail';
const MUTATIONS: Mutation[] = ['flip-anywhere', 'flip-signed', 'flip-gap', 'truncate', 'insert', 'delete', 'duplicate-tail'];

function mutate(base: FuzzBase, r: () => number): { bytes: Buffer; kind: Mutation } {
  const b = base.bytes;
  const kind = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!;
  const pos = (lo: number, hi: number): number => lo + Math.floor(r() * Math.max(1, hi - lo));
  switch (kind) {
    case 'flip-anywhere':
    case 'flip-signed':
    case 'flip-gap': {
      const out = Buffer.from(b);
      const n = 1 + Math.floor(r() * 3);
      for (let i = 0; i < n; i++) {
        let p: number;
        if (kind === 'flip-anywhere') p = pos(0, b.length);
        else if (kind === 'flip-signed') { const [s, e] = base.ranges[Math.floor(r() * base.ranges.length)]!; p = pos(s, e); }
        else { const k = Math.floor(r() * (base.ranges.length / 2)) * 2; p = pos(base.ranges[k]![1], base.ranges[k + 1]![0]); }
        out[p] = out[p]! ^ (1 + Math.floor(r() * 255));
      }
      return { bytes: out, kind };
    }
    case 'truncate': return { bytes: b.subarray(0, pos(0, b.length)), kind };
    case 'insert': {
      const p = pos(0, b.length);
      const ins = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 16) }, () => Math.floor(r() * 256)));
      return { bytes: Buffer.concat([b.subarray(0, p), ins, b.subarray(p)]), kind };
    }
    case 'delete': {
      const p = pos(0, b.length);
      return { bytes: Buffer.concat([b.subarray(0, p), b.subarray(p + 1 + Math.floor(r() * 16))]), kind };
    }
    case 'duplicate-tail': {
      const p = pos(0, b.length);
      return { bytes: Buffer.concat([b, b.subarray(p, Math.min(b.length, p + 4096))]), kind };
    }
  }
}

/** Whether any byte of any signature's signed ranges differs at its original offset. */
function signedBytesChanged(base: FuzzBase, m: Buffer): boolean {
  return base.ranges.some(([s, e]) => m.length < e || !m.subarray(s, e).equals(base.bytes.subarray(s, e)));
}

export interface FuzzResult {
  files: number;
  seconds: number;
  worstMs: number;
  worstKind: string;
  meanMs: number;
  crashes: string[];
  validAfterSignedMutation: string[];
  verdicts: Record<string, number>;
  signedMutations: number;
}

export async function runFuzz(bases: FuzzBase[], anchors: Buffer[], files: number, seed: number): Promise<FuzzResult> {
  const r = rng(seed);
  const res: FuzzResult = { files, seconds: 0, worstMs: 0, worstKind: '', meanMs: 0, crashes: [], validAfterSignedMutation: [], verdicts: {}, signedMutations: 0 };
  const start = performance.now();
  for (let i = 0; i < files; i++) {
    const base = bases[i % bases.length]!;
    const { bytes, kind } = mutate(base, r);
    const t0 = performance.now();
    let report: VerificationReport;
    try {
      report = await verifyPdf(bytes, { trustAnchors: anchors, checkRevocation: false });
    } catch (e) {
      res.crashes.push(`#${i} ${base.name} ${kind}: ${(e as Error).message}`);
      continue;
    }
    const ms = performance.now() - t0;
    if (ms > res.worstMs) { res.worstMs = ms; res.worstKind = `${base.name} ${kind} (${bytes.length} bytes)`; }
    res.verdicts[report.verdict] = (res.verdicts[report.verdict] ?? 0) + 1;
    if (signedBytesChanged(base, bytes)) {
      res.signedMutations++;
      if (report.verdict === 'VALID') res.validAfterSignedMutation.push(`#${i} ${base.name} ${kind}`);
    }
  }
  res.seconds = (performance.now() - start) / 1000;
  res.meanMs = (res.seconds * 1000) / files;
  return res;
}
