// Builds the fixture PDFs for the signing tests, one per file structure the
// incremental writer must handle. Generated into a temp dir; nothing binary is committed.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

export type FixtureKind = 'classic' | 'xref-stream' | 'hybrid' | 'linearized' | 'acroform' | 'pre-signed' | 'pages-300';

async function memo(pages = 1, form = false): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText('PEMERINTAH KOTA MAKASSAR', { x: 170, y: 780, size: 14, font });
    page.drawText(`NOTA DINAS  halaman ${i + 1}`, { x: 72, y: 740, size: 12, font });
    for (let l = 0; l < 20; l++) page.drawText(`Baris isi nota dinas nomor ${l + 1} tentang pelaksanaan kegiatan.`, { x: 72, y: 700 - l * 16, size: 10, font });
    if (i === pages - 1) page.drawText('Kepala Dinas,  ^', { x: 330, y: 300, size: 11, font });
  }
  if (form) {
    const f = doc.getForm();
    const perihal = f.createTextField('perihal');
    perihal.setText('Undangan rapat');
    perihal.addToPage(doc.getPage(0), { x: 72, y: 360, width: 200, height: 20 });
    const cb = f.createCheckBox('segera');
    cb.check();
    cb.addToPage(doc.getPage(0), { x: 290, y: 360, width: 14, height: 14 });
  }
  return doc;
}

/** A classic xref table whose trailer has /XRefStm: the catalog lives in an object stream only the xref stream names. */
function makeHybrid(classic: Buffer): Buffer {
  const text = classic.toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const size = Number(/\/Size (\d+)/.exec(trailer)![1]);
  const root = Number(/\/Root (\d+) 0 R/.exec(trailer)![1]);
  const catalogAt = text.indexOf(`\n${root} 0 obj`) + 1;
  const catalogBody = /obj\s*([\s\S]*?)\s*endobj/.exec(text.slice(catalogAt))![1]!.replace(/>>\s*$/, '/Lang (id-ID) >>');
  const header = `${root} 0 `;
  const objStm = `${header}${catalogBody}`;
  let out = classic.toString('latin1');
  if (!out.endsWith('\n')) out += '\n';
  const stmNum = size;
  const xsNum = size + 1;
  const stmAt = out.length;
  out += `${stmNum} 0 obj\n<< /Type /ObjStm /N 1 /First ${header.length} /Length ${objStm.length} >>\nstream\n${objStm}\nendstream\nendobj\n`;
  const xsAt = out.length;
  const row = (t: number, a: number, b: number): Buffer => {
    const r = Buffer.alloc(7);
    r[0] = t;
    r.writeUInt32BE(a, 1);
    r.writeUInt16BE(b, 5);
    return r;
  };
  const rows = Buffer.concat([row(2, stmNum, 0), row(1, stmAt, 0), row(1, xsAt, 0)]);
  out += `${xsNum} 0 obj\n<< /Type /XRef /Size ${size + 2} /W [1 4 2] /Index [${root} 1 ${stmNum} 2] /Length ${rows.length} >>\nstream\n`;
  out += rows.toString('latin1');
  out += '\nendstream\nendobj\n';
  const xrefAt = out.length;
  const entry = (o: number): string => `${String(o).padStart(10, '0')} 00000 n\r\n`;
  out += `xref\n${stmNum} 2\n${entry(stmAt)}${entry(xsAt)}trailer\n<< /Size ${size + 2} /Root ${root} 0 R /Prev ${prev} /XRefStm ${xsAt} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface FixtureContext {
  dir: string;
  /** A P12 (and its passphrase) used to pre-sign with pyHanko. */
  otherToolP12: string;
  passphraseFile: string;
}

export const PYHANKO = join(process.cwd(), '.tools/venv/bin/pyhanko');

export async function buildFixture(kind: FixtureKind, ctx: FixtureContext): Promise<string> {
  const path = join(ctx.dir, `${kind}.pdf`);
  const classic = async (): Promise<Buffer> => Buffer.from(await (await memo()).save({ useObjectStreams: false }));
  switch (kind) {
    case 'classic':
      writeFileSync(path, await classic());
      break;
    case 'xref-stream':
      writeFileSync(path, Buffer.from(await (await memo()).save({ useObjectStreams: true })));
      break;
    case 'hybrid':
      writeFileSync(path, makeHybrid(await classic()));
      break;
    case 'linearized': {
      const src = join(ctx.dir, 'linearized-src.pdf');
      writeFileSync(src, Buffer.from(await (await memo(3)).save({ useObjectStreams: false })));
      execFileSync('qpdf', ['--linearize', src, path]);
      break;
    }
    case 'acroform':
      writeFileSync(path, Buffer.from(await (await memo(1, true)).save({ useObjectStreams: false })));
      break;
    case 'pre-signed': {
      const src = join(ctx.dir, 'pre-signed-src.pdf');
      writeFileSync(src, await classic());
      execFileSync(PYHANKO, ['sign', 'addsig', '--field', 'Sig1', 'pkcs12', '--passfile', ctx.passphraseFile, src, path, ctx.otherToolP12], { stdio: 'pipe' });
      break;
    }
    case 'pages-300':
      writeFileSync(path, Buffer.from(await (await memo(300)).save({ useObjectStreams: true })));
      break;
  }
  return path;
}

/** A large PDF (≈ `megabytes` MB) for the benchmark: many pages, each with an incompressible image. */
export async function buildLargePdf(path: string, megabytes: number, pages = 300): Promise<void> {
  const doc = await memo(1);
  const perPage = Math.ceil((megabytes * 1024 * 1024) / pages);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const { randomBytes } = await import('node:crypto');
  for (let i = 1; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`Lampiran halaman ${i + 1}`, { x: 72, y: 780, size: 12, font });
    // Random bytes do not compress: each page carries ~perPage bytes of content.
    const filler = doc.context.stream(randomBytes(perPage), {});
    page.node.set(PDFName.of('NaskahLampiran'), doc.context.register(filler));
  }
  writeFileSync(path, Buffer.from(await doc.save({ useObjectStreams: false })));
}
