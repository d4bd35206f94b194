import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFArray, PDFDict, PDFDocument, PDFRef, PDFStream, StandardFonts } from 'pdf-lib';
import { documentTypes, type DocumentContentInput } from './content.js';
import { isTemplateError } from './errors.js';
import { fontMetrics } from './fonts.js';
import { layoutDocument } from './layout.js';
import { MARGIN, PAGE } from './page.js';
import { parseDocumentContent, renderDocument, signatureSlots } from './render.js';
import { grayRaster as rasterIn } from '../test/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../../..');
const work = mkdtempSync(join(tmpdir(), 'naskah-templates-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function example(type: string): DocumentContentInput {
  return JSON.parse(readFileSync(join(here, '../examples', `${type}.json`), 'utf8')) as DocumentContentInput;
}

function pdftotext(pdf: Uint8Array, name: string): string {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function qpdfCheck(pdf: Uint8Array, name: string): string {
  const file = join(work, `${name}-check.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
}

const grayRaster = (pdf: Uint8Array, name: string): Buffer => rasterIn(pdf, work, name);

/** Pixels of page 1 that are the watermark's light grey in the draft and white in the final render (20 dpi). */
function watermarkPixels(draft: Uint8Array, final: Uint8Array, name: string): number {
  const d = grayRaster(draft, `${name}-draft-px`);
  const f = grayRaster(final, `${name}-final-px`);
  let count = 0;
  for (let i = 0; i < d.length; i++) if (f[i] === 255 && d[i]! >= 205 && d[i]! <= 240) count++;
  return count;
}

/** Indirect objects that nothing reachable from the trailer refers to (the signing side refuses them). */
async function unreferencedObjects(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (value instanceof PDFRef) {
      if (seen.has(value.tag)) return;
      seen.add(value.tag);
      visit(doc.context.lookup(value));
    } else if (value instanceof PDFDict) {
      for (const [, v] of value.entries()) visit(v);
    } else if (value instanceof PDFStream) {
      visit(value.dict);
    } else if (value instanceof PDFArray) {
      for (const v of value.asArray()) visit(v);
    }
  };
  visit(doc.context.trailerInfo.Root);
  visit(doc.context.trailerInfo.Info);
  return doc.context.enumerateIndirectObjects().map(([ref]) => ref.tag).filter((tag) => !seen.has(tag));
}

/** Every drawn text run of a layout with its box (top-down coordinates). */
function textBoxes(content: DocumentContentInput) {
  const layout = layoutDocument(parseDocumentContent(content), { final: false });
  return {
    layout,
    boxes: layout.pages.flatMap((ops, page) =>
      ops.flatMap((op) => (op.op === 'text'
        ? [{ page, text: op.text, left: op.x, right: op.x + (op.justifyTo ?? fontMetrics()[op.face].width(op.text, op.size)), top: op.y - op.size * 0.8, bottom: op.y + op.size * 0.2 }]
        : []))),
  };
}

describe('every type renders from its example', () => {
  it.each(documentTypes)('%s: final render text matches the snapshot, structure checks clean, no DRAF', async (type) => {
    const result = await renderDocument(example(type), { final: true });
    const text = pdftotext(result.pdf, `${type}-final`);
    expect(text).toMatchSnapshot();
    expect(text).not.toMatch(/DRAF/);
    expect(text).toContain(`Halaman ${result.letterPages} dari ${result.letterPages}`);
    expect(qpdfCheck(result.pdf, type)).toMatch(/No syntax or stream encoding errors/);
    expect(await unreferencedObjects(result.pdf)).toEqual([]);
    expect(result.signatureSlots).toHaveLength(parseDocumentContent(example(type)).signers.length);
  });

  it.each(documentTypes)('%s: draft shows DRAF and the temporary number instead of the allocated one', async (type) => {
    const content = parseDocumentContent(example(type));
    const draft = await renderDocument(content, { final: false });
    const text = pdftotext(draft.pdf, `${type}-draft`);
    // pdftotext scatters rotated text, so the watermark is checked on the picture:
    // its light grey covers a good part of the draft page where the final one is white.
    const final = await renderDocument(content, { final: true });
    expect(watermarkPixels(draft.pdf, final.pdf, type)).toBeGreaterThan(400);
    if (content.nomorSementara) {
      expect(text).toContain(content.nomorSementara);
      expect(text).not.toContain(content.nomor!);
    }
  });

  it.each(documentTypes)('%s: no text is drawn inside a reserved stamp rectangle, and slots lie within the page', (type) => {
    const { layout, boxes } = textBoxes(example(type));
    for (const slot of [...layout.signatureSlots, ...layout.parafSlots]) {
      const r = slot.rect;
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.x + r.width).toBeLessThanOrEqual(PAGE.width);
      expect(r.y).toBeGreaterThanOrEqual(MARGIN.bottom - 1);
      const top = PAGE.height - r.y - r.height;
      const bottom = PAGE.height - r.y;
      const overlapping = boxes.filter((b) => b.page === slot.page && b.left < r.x + r.width && b.right > r.x && b.top < bottom && b.bottom > top);
      expect(overlapping).toEqual([]);
    }
  });
});

describe('flow and wrapping', () => {
  const paragraph = (n: number) =>
    `Paragraf ke-${n}: berdasarkan hasil rapat koordinasi perangkat daerah, pelaksanaan kegiatan pengembangan layanan pemerintahan berbasis elektronik dilanjutkan dengan penyusunan rencana aksi, pemantauan berkala, dan pelaporan capaian kepada pimpinan.`;
  const withParagraphs = (count: number): DocumentContentInput => ({
    ...example('nota_dinas'),
    body: Array.from({ length: count }, (_, i) => ({ kind: 'paragraph' as const, text: paragraph(i + 1) })),
  });

  it('a body long enough for 12 pages flows onto 12 pages, numbered "Halaman x dari 12", in order', async () => {
    let count = 1;
    while (layoutDocument(parseDocumentContent(withParagraphs(count)), { final: true }).pages.length < 12) count++;
    const content = withParagraphs(count);
    const result = await renderDocument(content, { final: true });
    expect(result.pageCount).toBe(12);
    const text = pdftotext(result.pdf, 'twelve');
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(12);
    pages.forEach((page, i) => expect(page).toContain(`Halaman ${i + 1} dari 12`));
    expect(text).not.toContain('dari 13');
    // Every paragraph is there, once, in order.
    const positions = Array.from({ length: count }, (_, i) => text.indexOf(`Paragraf ke-${i + 1}:`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The signature lands after the last paragraph, on the last page.
    expect(result.signatureSlots[0]!.page).toBe(11);
    const { boxes } = textBoxes(content);
    expect(boxes.every((b) => b.bottom <= PAGE.height - MARGIN.bottom + 1)).toBe(true);
  });

  it('wraps Indonesian text, long names and unbreakable words inside the margins and keeps every character', async () => {
    const longName = 'Prof. Dr. Ir. H. Muhammad Syaifullah Ramadhan Nurhidayatullah Kusumawardhana Prawiranegara, S.T., M.T., M.Sc., Ph.D.';
    const url = 'https://diskominfosp.tanahbumbukab.go.id/portal-satu-data/dataset/indikator-kinerja-utama-rpjmd-2025-2029-triwulan-ketiga';
    const special = 'Luas lahan 1.250 m² di Kecamatan Kuranji – Sungai Loban, suhu 32 °C, “Gerbang Bersujud” ½ hari, Café Ré';
    const content: DocumentContentInput = {
      ...example('nota_dinas'),
      kepada: [`Kepala Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kabupaten Tanah Bumbu Provinsi Kalimantan Selatan`],
      body: [{ kind: 'paragraph', text: `${special}. Unduh di ${url} sebelum tenggat.` }],
      signers: [{ jabatan: 'Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Tanah Bumbu', nama: longName, nip: '197805122003121004' }],
    };
    const { boxes } = textBoxes(content);
    const right = PAGE.width - MARGIN.right + 0.5;
    expect(boxes.filter((b) => b.right > right)).toEqual([]);
    expect(boxes.filter((b) => b.left < MARGIN.left - 21)).toEqual([]);
    const text = pdftotext((await renderDocument(content, { final: true })).pdf, 'wrap').replace(/\s+/g, ' ');
    for (const piece of ['m²', '32 °C', '“Gerbang Bersujud”', '½', 'Café Ré', 'Kuranji – Sungai']) expect(text).toContain(piece);
    // The long name wraps onto more than one line but no word of it is lost.
    const nameLines = boxes.filter((b) => longName.includes(b.text));
    expect(nameLines.length).toBeGreaterThan(1);
    expect(nameLines.map((b) => b.text).join(' ')).toBe(longName);
    // The URL is cut where it stops fitting, not pushed past the margin.
    expect(boxes.filter((b) => url.includes(b.text) || b.text.includes(url.slice(0, 20))).length).toBeGreaterThan(1);
  });
});

describe('agency emblem', () => {
  it('embeds the agency\'s lambang PNG instead of the drawn placeholder; a missing file is rejected by field', async () => {
    // Any real PNG will do: rasterise a rendered page at low resolution.
    const source = join(work, 'lambang-source.pdf');
    writeFileSync(source, (await renderDocument(example('memo'))).pdf);
    execFileSync('pdftoppm', ['-png', '-r', '8', '-f', '1', '-l', '1', '-singlefile', source, join(work, 'lambang')]);
    const base = example('memo') as { agency: Record<string, string> };
    const withPng = { ...base, agency: { ...base.agency, lambangPng: join(work, 'lambang.png') } } as DocumentContentInput;
    const file = join(work, 'with-lambang.pdf');
    writeFileSync(file, (await renderDocument(withPng, { final: true })).pdf);
    expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(3);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors/);
    expect(execFileSync('pdfimages', ['-list', join(work, 'lambang-source.pdf')], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);
    const missing = { ...base, agency: { ...base.agency, lambangPng: join(work, 'tidak-ada.png') } } as DocumentContentInput;
    await expect(renderDocument(missing)).rejects.toMatchObject({ code: 'LAMBANG_UNREADABLE', field: 'agency.lambangPng' });
  });
});

describe('characters outside the prebuilt font repertoire', () => {
  it('fall back to a per-document subset: text survives, bytes stay deterministic', async () => {
    const content = { ...example('memo'), body: [{ kind: 'paragraph' as const, text: 'Alur layanan: pengajuan → verifikasi → penandatanganan; akurasi ≈ 99 % (√ terverifikasi).' }] };
    const first = await renderDocument(content, { final: true });
    const second = await renderDocument(content, { final: true });
    expect(first.sha256).toBe(second.sha256);
    const text = pdftotext(first.pdf, 'fallback');
    expect(text).toContain('pengajuan → verifikasi → penandatanganan');
    expect(text).toContain('≈ 99 % (√ terverifikasi)');
    expect(await unreferencedObjects(first.pdf)).toEqual([]);
    expect(Buffer.from(first.pdf).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+LiberationSans-Regular/);
  });
});

describe('determinism', () => {
  it('the same data gives the same bytes in two separate processes; draft and final differ', () => {
    const outputs = ['a', 'b'].map((name) => {
      const out = join(work, `det-${name}.pdf`);
      execFileSync('node', [join(repo, 'bin/naskah.js'), 'render', join(here, '../examples/perjanjian_kinerja.json'), '--out', out], { encoding: 'utf8' });
      return createHash('sha256').update(readFileSync(out)).digest('hex');
    });
    expect(outputs[0]).toBe(outputs[1]);
    const finalOut = join(work, 'det-final.pdf');
    execFileSync('node', [join(repo, 'bin/naskah.js'), 'render', join(here, '../examples/perjanjian_kinerja.json'), '--out', finalOut, '--final']);
    expect(createHash('sha256').update(readFileSync(finalOut)).digest('hex')).not.toBe(outputs[0]);
  });

  it('metadata carries the document date, a fixed /ID and deterministic subset tags', async () => {
    const first = await renderDocument(example('nota_dinas'), { final: true });
    const second = await renderDocument(example('nota_dinas'), { final: true });
    expect(Buffer.from(first.pdf).equals(Buffer.from(second.pdf))).toBe(true);
    const raw = Buffer.from(first.pdf).toString('latin1');
    expect(raw).toContain('/CreationDate (D:20261123000000Z)');
    expect(raw).toMatch(/\/ID \[ <[0-9a-f]{32}> <[0-9a-f]{32}> \]/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+LiberationSans-Regular/);
    const changed = await renderDocument({ ...example('nota_dinas'), hal: 'Hal yang lain' }, { final: true });
    expect(changed.sha256).not.toBe(first.sha256);
  });
});

describe('signature and paraf slots', () => {
  it('gives one slot per signer and per reviewer; signatureSlots() agrees with render', async () => {
    const content = example('nota_dinas');
    const slots = signatureSlots(content, { final: true });
    const result = await renderDocument(content, { final: true });
    expect(slots.signers).toEqual(result.signatureSlots);
    expect(slots.paraf).toEqual(result.parafSlots);
    expect(slots.paraf).toHaveLength(2);
    expect(slots.signers[0]!.rect.height).toBe(72);
  });

  it('places two parties side by side with their stamps at the same height', () => {
    const { signers } = signatureSlots(example('perjanjian_kinerja'));
    expect(signers).toHaveLength(2);
    expect(signers[0]!.page).toBe(signers[1]!.page);
    expect(signers[0]!.rect.y).toBe(signers[1]!.rect.y);
    expect(signers[0]!.rect.x + signers[0]!.rect.width).toBeLessThanOrEqual(signers[1]!.rect.x);
  });

  it('perjanjian kinerja opens with a Nama and a Jabatan row per party (Permen PANRB 53/2014), pihak pertama first, a Plh named as such', async () => {
    // Signers in signing order with no pihak (as the console sends them): the first is pihak pertama.
    const signers = [
      { jabatan: 'Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian', nama: 'Ir. Muhammad Ridwan Saputra, M.T.', delegasi: { prefix: 'Plh.' as const } },
      { jabatan: 'Bupati Tanah Bumbu', nama: 'H. Andi Rudi Latif, S.H.' },
    ];
    const result = await renderDocument({ ...example('perjanjian_kinerja'), signers }, { final: true });
    const text = pdftotext(result.pdf, 'kinerja-parties').replace(/\s+/g, ' ');
    expect(text).toContain('kami yang bertanda tangan di bawah ini: Nama : Ir. Muhammad Ridwan Saputra, M.T. '
      + 'Jabatan : Plh. Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian, selanjutnya disebut pihak pertama '
      + 'Nama : H. Andi Rudi Latif, S.H. Jabatan : Bupati Tanah Bumbu, selaku atasan pihak pertama, selanjutnya disebut pihak kedua');
    // The example names its parties by pihak, the second listed first: the opening still starts with pihak pertama.
    const byPihak = pdftotext((await renderDocument(example('perjanjian_kinerja'), { final: true })).pdf, 'kinerja-pihak').replace(/\s+/g, ' ');
    expect(byPihak).toMatch(/di bawah ini: Nama : Ahmad Fauzi Rahman, S\.Kom\., M\.Si\. Jabatan : Kepala Dinas .*?, selanjutnya disebut pihak pertama Nama : H\. Andi Rudi Latif, S\.H\. Jabatan : Bupati Tanah Bumbu, selaku atasan/);
  });

  it('prints every signer of a one-signer type signed by several officials (no signer dropped)', async () => {
    const base = example('nota_dinas');
    const signers = [
      { jabatan: 'Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian', nama: 'Ir. Muhammad Ridwan Saputra, M.T.', nip: '197502182002121002' },
      { jabatan: 'Kepala Badan Perencanaan Pembangunan Daerah', nama: 'Drs. H. Abdul Gafur Hasan, M.Si.', nip: '197012011998031010' },
      { jabatan: 'Sekretaris Daerah', nama: 'Dr. Hj. Siti Aisyah Rahmani, M.Si.', nip: '197105232000032004' },
    ];
    const result = await renderDocument({ ...base, signers }, { final: true });
    expect(result.signatureSlots).toHaveLength(3);
    // The parallel pair shares a row; the third sits below, and no two stamps overlap.
    const [a, b, c] = result.signatureSlots as [typeof result.signatureSlots[0], typeof result.signatureSlots[0], typeof result.signatureSlots[0]];
    expect(a.rect.y).toBe(b.rect.y);
    expect(a.rect.x + a.rect.width).toBeLessThanOrEqual(b.rect.x);
    expect(c.page > a.page || c.rect.y + c.rect.height <= a.rect.y).toBe(true);
    const text = pdftotext(result.pdf, 'three-signers');
    for (const s of signers) expect(text).toContain(s.nama);
  });

  it('prints delegation prefixes: a.n., u.b., Plh.', async () => {
    const base = example('surat_dinas');
    const signer = { jabatan: 'Kepala Bagian Umum', nama: 'Rahmat Hidayat, S.Sos.', nip: '198001012005011001' };
    const ub = { ...base, paraf: [], signers: [{ ...signer, delegasi: { prefix: 'u.b.' as const, atasNama: 'Bupati Tanah Bumbu', perantara: 'Sekretaris Daerah' } }] };
    const text = pdftotext((await renderDocument(ub, { final: true })).pdf, 'ub');
    expect(text).toMatch(/a\.n\. BUPATI TANAH BUMBU\s+SEKRETARIS DAERAH\s+u\.b\.\s+KEPALA BAGIAN UMUM,/);
    const plh = pdftotext((await renderDocument(example('surat_tugas'), { final: true })).pdf, 'plh');
    expect(plh).toMatch(/Plh\. KEPALA DINAS KOMUNIKASI/);
    const an = pdftotext((await renderDocument(example('surat_edaran'), { final: true })).pdf, 'an');
    expect(an).toMatch(/a\.n\. BUPATI TANAH BUMBU\s+SEKRETARIS DAERAH,/);
  });
});

describe('paraf printed', () => {
  it('an initialled reviewer\'s box carries the initials, name, date and time in the Pemda\'s zone; an open one stays empty', async () => {
    const base = example('nota_dinas');
    const [first, second] = base.paraf! as [{ jabatan: string; nama?: string }, { jabatan: string; nama?: string }];
    // 23:40 UTC on 6 December is 07:40 on 7 December in WITA (UTC+8) and 06:40 in WIB (UTC+7).
    const diparaf = { nama: 'Dewi Anggraini, S.Kom.', waktu: '2026-12-06T23:40:00Z', zonaWaktu: 'Asia/Makassar' };
    const paraf = [{ ...first, diparaf }, second];
    const result = await renderDocument({ ...base, paraf });
    const text = pdftotext(result.pdf, 'paraf-one');
    expect(text).toContain('Dewi Anggraini, S.Kom.');
    expect(text).toMatch(/\bDA\b/);
    expect(text).toContain('7 Des 2026');
    expect(text).toContain('07:40 WITA');
    // The second reviewer has not initialled: one paraf time on the page, and no initials beside them.
    expect(text.match(/\d\d:\d\d WITA/g)).toHaveLength(1);
    expect(text).toMatch(/2\. Kepala Bidang Aplikasi Informatika\s*\n/);
    // The slots stay where the empty table had them: a paraf version is laid out as its draft was.
    expect(result.parafSlots).toEqual((await renderDocument(base)).parafSlots);

    const wib = await renderDocument({ ...base, paraf: [{ ...first, diparaf: { ...diparaf, zonaWaktu: 'Asia/Jakarta' } }, second] });
    expect(pdftotext(wib.pdf, 'paraf-wib')).toContain('06:40 WIB');
  });

  it('refuses a paraf time without its zone or in an unknown zone, naming the field', () => {
    const base = example('nota_dinas');
    const at = (diparaf: Record<string, string>) => () => parseDocumentContent({ ...base, paraf: [{ jabatan: 'Kepala Seksi', diparaf }] });
    expect(at({ nama: 'Dewi', waktu: 'kemarin', zonaWaktu: 'Asia/Makassar' })).toThrow(expect.objectContaining({ field: 'paraf[0].diparaf.waktu' }));
    expect(at({ nama: 'Dewi', waktu: '2026-12-06T23:40:00Z', zonaWaktu: 'Borneo/Tengah' })).toThrow(expect.objectContaining({ field: 'paraf[0].diparaf.zonaWaktu' }));
  });
});

describe('lampiran', () => {
  it('appends uploaded PDFs after the letter; page numbers count the letter only', async () => {
    const attachment = await PDFDocument.create();
    const font = await attachment.embedFont(StandardFonts.Helvetica);
    for (const label of ['Lampiran halaman satu', 'Lampiran halaman dua']) attachment.addPage().drawText(label, { x: 72, y: 700, font, size: 12 });
    const bytes = await attachment.save();
    const path = join(work, 'lampiran.pdf');
    writeFileSync(path, bytes);
    const content = { ...example('surat_dinas'), lampiranPdf: [{ path }, { base64: Buffer.from(bytes).toString('base64') }] };
    const result = await renderDocument(content, { final: true });
    expect(result.pageCount).toBe(result.letterPages + 4);
    const text = pdftotext(result.pdf, 'with-lampiran');
    expect(text.split('Lampiran halaman satu')).toHaveLength(3);
    expect(text).toContain(`Halaman ${result.letterPages} dari ${result.letterPages}`);
    expect(qpdfCheck(result.pdf, 'with-lampiran')).toMatch(/No syntax or stream encoding errors/);
    expect(await unreferencedObjects(result.pdf)).toEqual([]);
  });

  it('rejects an attachment that is not a PDF, naming it', async () => {
    const content = { ...example('memo'), lampiranPdf: [{ base64: Buffer.from('bukan pdf').toString('base64') }] };
    await expect(renderDocument(content)).rejects.toMatchObject({ code: 'LAMPIRAN_UNREADABLE', field: 'lampiranPdf[0]' });
  });
});

describe('bad input', () => {
  it('names the field at fault', async () => {
    const badNip = { ...example('memo'), signers: [{ jabatan: 'Kepala Dinas', nama: 'A', nip: '1234' }] };
    await expect(renderDocument(badNip)).rejects.toMatchObject({ code: 'CONTENT_INVALID', field: 'signers[0].nip' });
    const noIndicators = { ...example('perjanjian_kinerja'), indicators: [] };
    await expect(renderDocument(noIndicators)).rejects.toMatchObject({ code: 'CONTENT_INVALID', field: 'indicators' });
    const badDate = { ...example('memo'), tanggal: '2026-02-30' };
    await expect(renderDocument(badDate)).rejects.toMatchObject({ code: 'CONTENT_INVALID', field: 'tanggal' });
    const an = { ...example('memo'), signers: [{ jabatan: 'Sekretaris', nama: 'A', delegasi: { prefix: 'a.n.' } }] };
    await expect(renderDocument(an as never)).rejects.toMatchObject({ field: 'signers[0].delegasi.atasNama' });
  });

  it('refuses a final render without the allocated number', async () => {
    const { nomor: _dropped, ...draftOnly } = example('nota_dinas') as DocumentContentInput & { nomor?: string };
    const error = await renderDocument(draftOnly, { final: true }).catch((e: unknown) => e);
    expect(isTemplateError(error, 'NOMOR_REQUIRED')).toBe(true);
    await expect(renderDocument(draftOnly, { final: false })).resolves.toHaveProperty('pageCount');
  });

  it('CLI: 2 on usage errors, 3 with one line on stderr and no output file on rejected input', () => {
    const cli = (args: string[]) => spawnSync('node', [join(repo, 'bin/naskah.js'), 'render', ...args], { encoding: 'utf8' });
    expect(cli([]).status).toBe(2);
    expect(cli([join(here, '../examples/memo.json')]).status).toBe(2);
    const badFile = join(work, 'bad.json');
    writeFileSync(badFile, JSON.stringify({ ...example('memo'), type: 'surat_cinta' }));
    const out = join(work, 'bad.pdf');
    const rejected = cli([badFile, '--out', out]);
    expect(rejected.status).toBe(3);
    expect(rejected.stderr.trim().split('\n')).toHaveLength(1);
    expect(rejected.stderr).toMatch(/CONTENT_INVALID: type:/);
    expect(existsSync(out)).toBe(false);
    const unwritable = cli([join(here, '../examples/memo.json'), '--out', join(work, 'tidak-ada', 'memo.pdf')]);
    expect(unwritable.status).toBe(3);
    expect(unwritable.stderr).toMatch(/^naskah render: cannot write .*ENOENT/);
    const ok = cli([join(here, '../examples/memo.json'), '--out', out, '--final']);
    expect(ok.status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
