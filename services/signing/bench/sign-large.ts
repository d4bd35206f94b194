// Child process of `bench:sign`: times one SHA-256 pass over a large PDF, then
// Naskah signing it (B-B, visible stamp) -- or, with `verify` as the fifth
// argument, verifying the signed file from its path -- and reports the peak RSS
// of the process. Sign and verify run in processes of their own, so each peak
// is its own.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { openPkcs12 } from '../src/keys/index.js';
import { signPdfFile } from '../src/sign.js';
import { verifyPdf } from '../src/verify/verify-pdf.js';

const [input, output, p12, passphraseFile, mode = 'sign', rootPem] = process.argv.slice(2) as [string, string, string, string, string?, string?];

interface Timing {
  ms: number;
  cpuMs: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  await fn();
  const cpu = process.cpuUsage(c);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const chunk = Buffer.allocUnsafe(1 << 20);
/** One SHA-256 pass over the file, reading into a reused buffer. */
async function sha256Pass(path: string): Promise<void> {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) h.update(chunk.subarray(0, n));
  closeSync(fd);
  h.digest();
}

const best = (ts: Timing[]): Timing => ({ ms: Math.min(...ts.map((t) => t.ms)), cpuMs: Math.min(...ts.map((t) => t.cpuMs)) });

const holder = openPkcs12(readFileSync(p12), readFileSync(passphraseFile, 'utf8').trim());
const rssBefore = process.resourceUsage().maxRSS;
await sha256Pass(input); // warm the page cache, so both sides read from memory
const sha: Timing[] = [];
const sign: Timing[] = [];
let verdict: string | undefined;
for (let i = 0; i < 3; i++) {
  sha.push(await timed(() => sha256Pass(input)));
  if (mode === 'verify') {
    sign.push(await timed(async () => {
      const report = await verifyPdf(input, { trustAnchors: [readFileSync(rootPem!)], checkRevocation: false });
      verdict = `${report.verdict}${report.reasons.length ? ` ${report.reasons.map((r) => r.code).join(',')}` : ''}`;
    }));
  } else {
    sign.push(await timed(() => signPdfFile(input, output, { holder, level: 'B-B' })));
  }
}
const s = best(sha);
const g = best(sign);
const rssBaselineKb = rssBefore;
process.stdout.write(`${JSON.stringify({ rssBaselineKb, shaMs: s.ms, shaCpuMs: s.cpuMs, signMs: g.ms, signCpuMs: g.cpuMs, maxRssKb: process.resourceUsage().maxRSS, verdict })}\n`);
