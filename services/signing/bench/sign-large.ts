// Child process of `bench:sign`: times one SHA-256 pass over a large PDF, then
// Naskah signing it (B-B, visible stamp), and reports the peak RSS of the process.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { openPkcs12 } from '../src/keys/index.js';
import { signPdfFile } from '../src/sign.js';

const [input, output, p12, passphraseFile] = process.argv.slice(2) as [string, string, string, string];

async function sha256Pass(path: string): Promise<number> {
  const t = process.hrtime.bigint();
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  h.digest();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const holder = openPkcs12(readFileSync(p12), readFileSync(passphraseFile, 'utf8').trim());
await sha256Pass(input); // warm the page cache, so both sides read from memory
const shaMs = Math.min(await sha256Pass(input), await sha256Pass(input));
const rssBefore = process.resourceUsage().maxRSS;
const times: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = process.hrtime.bigint();
  await signPdfFile(input, output, { holder, level: 'B-B' });
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
process.stdout.write(
  `${JSON.stringify({ shaMs, signMs: Math.min(...times), maxRssKb: process.resourceUsage().maxRSS, rssBeforeKb: rssBefore })}\n`,
);
