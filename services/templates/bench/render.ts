/**
 * `npm run bench:render`: documents per second rendering a 2-page nota dinas
 * on one core, beside baselines measured in the same run:
 * - stock pdf-lib: an empty 2-page document embedding the same two
 *   Liberation Sans faces with pdf-lib's own subsetting (what a plain pdf-lib
 *   renderer pays before it draws anything);
 * - floor: an empty 2-page document with our prebuilt fonts (the part of a
 *   render that is not layout or page content).
 * Writes bench/results/render.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { embedFaces, fontFaces, FONT_DIR } from '../src/fonts.js';
import { layoutDocument } from '../src/layout.js';
import { PAGE } from '../src/page.js';
import { parseDocumentContent, renderDocument } from '../src/render.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../../..');
const content = parseDocumentContent(JSON.parse(readFileSync(join(here, '../examples/nota_dinas.json'), 'utf8')));
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

/**
 * Runs per second of CPU time used by this process: on a machine shared with
 * other busy processes, wall-clock rates swing with their load, CPU time
 * does not. (The work is single-threaded: one core.)
 */
async function rate(run: () => Promise<unknown> | unknown): Promise<{ cpu: number; wall: number }> {
  for (let i = 0; i < 30; i++) await run();
  let count = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const until = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < until) {
    await run();
    count++;
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpuStart);
  return { cpu: count / ((cpu.user + cpu.system) / 1e6), wall: count / (Number(now - start) / 1e9) };
}

const pages = (await renderDocument(content, { final: true })).letterPages;
if (pages !== 2) throw new Error(`the nota dinas example should render on 2 pages, got ${pages}`);

const emptyWithFonts = async () => {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  await embedFaces(pdf, 'baseline', ['Halaman 1 dari 2'], ['regular', 'bold']);
  pdf.addPage([PAGE.width, PAGE.height]);
  pdf.addPage([PAGE.width, PAGE.height]);
  return pdf.save({ useObjectStreams: false });
};

// The two faces a final nota dinas uses.
const fontFiles = [fontFaces.regular, fontFaces.bold].map((file) => readFileSync(join(FONT_DIR, file)));
const stockPdfLib = async () => {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  for (const bytes of fontFiles) await pdf.embedFont(bytes, { subset: true });
  pdf.addPage([PAGE.width, PAGE.height]);
  pdf.addPage([PAGE.width, PAGE.height]);
  return pdf.save({ useObjectStreams: false });
};

// Interleaved rounds so both see the same machine load.
const renders: { cpu: number; wall: number }[] = [];
const floors: { cpu: number; wall: number }[] = [];
const stocks: { cpu: number; wall: number }[] = [];
for (let round = 0; round < 3; round++) {
  renders.push(await rate(() => renderDocument(content, { final: true })));
  floors.push(await rate(emptyWithFonts));
  stocks.push(await rate(stockPdfLib));
}
const layoutOnly = await rate(() => layoutDocument(content, { final: true }));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const render = median(renders.map((r) => r.cpu));
const floor = median(floors.map((r) => r.cpu));
const stock = median(stocks.map((r) => r.cpu));
const renderWall = median(renders.map((r) => r.wall));
const stockWall = median(stocks.map((r) => r.wall));

const result = {
  name: 'render',
  at: new Date().toISOString(),
  metrics: {
    nota_dinas_2_pages: { value: round(render), unit: 'documents/s (per CPU-second, one core)', baseline: round(stock), ratio: round(render / stock) },
    nota_dinas_2_pages_vs_floor: { value: round(render), unit: 'documents/s (per CPU-second, one core)', baseline: round(floor), ratio: round(render / floor) },
    nota_dinas_2_pages_wall_clock: { value: round(renderWall), unit: 'documents/s (wall clock, shared machine)', baseline: round(stockWall), ratio: round(renderWall / stockWall) },
    layout_only_2_pages: { value: round(layoutOnly.cpu), unit: 'layouts/s (per CPU-second)', baseline: round(render), ratio: round(layoutOnly.cpu / render) },
  },
};
mkdirSync(join(repo, 'bench/results'), { recursive: true });
writeFileSync(join(repo, 'bench/results/render.json'), `${JSON.stringify(result, null, 2)}\n`);

const row = (cpu: number, wall?: number) => ({ 'per CPU-second': round(cpu), 'CPU ms each': round(1000 / cpu), 'per wall second': wall === undefined ? '' : round(wall) });
console.table({
  'render 2-page nota dinas (final)': row(render, renderWall),
  'baseline: stock pdf-lib, empty 2 pages + same 2 fonts subset': row(stock, stockWall),
  'floor: empty 2 pages + our prebuilt fonts': row(floor, median(floors.map((r) => r.wall))),
  'layout only (no PDF)': row(layoutOnly.cpu, layoutOnly.wall),
});
console.log(`target 200/s on one core: ${render >= 200 ? 'met' : 'NOT met'} (${round(render)} per CPU-second, ${round(renderWall)} per wall second with the machine's current load); results in bench/results/render.json`);

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
