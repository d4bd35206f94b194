import type { Block, DocumentContent, ListItem, Signer } from './content.js';
import { templates, type HeaderField, type Section } from './kinds.js';
import { BODY_SIZE, CONTENT_WIDTH, Composer, LEADING, MARGIN, PAGE, type Op, type Slot } from './page.js';
import { formatNip, formatTanggal, formatWaktuParaf, inisial } from './tanggal.js';
import { dispositionInstructions } from '@naskah/domain/rulebook';

export interface Layout {
  pages: Op[][];
  /** One per signer, in `content.signers` order: where the TTE stamp goes. */
  signatureSlots: Slot[];
  /** One per reviewer, in `content.paraf` order: where the paraf stamp goes. */
  parafSlots: Slot[];
}

export interface LayoutOptions {
  final: boolean;
}

/** Height reserved for the TTE stamp (QR code and issuer line) in a signature block. */
export const STAMP_HEIGHT = 72;
const LEFT: number = MARGIN.left;
const RIGHT_COLUMN = LEFT + CONTENT_WIDTH / 2;
const HALF = CONTENT_WIDTH / 2;

function nomorShown(content: DocumentContent, options: LayoutOptions): string {
  if (options.final) return content.nomor ?? '';
  return content.nomorSementara ?? content.nomor ?? '.../.../...';
}

/** Lays out a validated document: interprets its type's template description section by section. */
export function layoutDocument(content: DocumentContent, options: LayoutOptions): Layout {
  const c = new Composer();
  const result: Layout = { pages: c.pages, signatureSlots: [], parafSlots: [] };
  for (const section of templates[content.type].sections) {
    sectionRenderers[section.kind](c, content, options, section as never, result);
  }
  return result;
}

type Renderer<S extends Section> = (c: Composer, doc: DocumentContent, options: LayoutOptions, section: S, out: Layout) => void;
type Renderers = { [K in Section['kind']]: Renderer<Extract<Section, { kind: K }>> };

const sectionRenderers: Renderers = {
  kop(c, doc) {
    const top = c.y - 18;
    const emblemW = 58;
    const emblemH = 70;
    c.push({ op: 'emblem', x: LEFT - 20, y: top, w: emblemW, h: emblemH, image: Boolean(doc.agency.lambangPng) });
    const textX = LEFT - 20 + emblemW + 6;
    const textW = PAGE.width - MARGIN.right - textX;
    c.y = top;
    c.paragraph(doc.agency.pemerintah.toUpperCase(), textX, textW, { face: 'bold', size: 14, align: 'center', leading: 17 });
    c.paragraph(doc.agency.nama.toUpperCase(), textX, textW, { face: 'bold', size: 15, align: 'center', leading: 18 });
    const contact = [
      doc.agency.alamat,
      doc.agency.telepon && `Telepon ${doc.agency.telepon}`,
      doc.agency.faksimile && `Faksimile ${doc.agency.faksimile}`,
    ].filter(Boolean).join(' ');
    c.paragraph(contact, textX, textW, { size: 9, align: 'center', leading: 11 });
    const online = [doc.agency.laman && `Laman ${doc.agency.laman}`, doc.agency.email && `Pos-el ${doc.agency.email}`].filter(Boolean).join(', ');
    if (online) c.paragraph(online, textX, textW, { size: 9, align: 'center', leading: 11 });
    if (doc.agency.kota) {
      c.paragraph([doc.agency.kota.toUpperCase(), doc.agency.kodePos].filter(Boolean).join(' '), textX, textW, { face: 'bold', size: 10, align: 'center', leading: 12 });
    }
    c.y = Math.max(c.y, top + emblemH) + 3;
    c.push({ op: 'line', x1: LEFT - 20, y1: c.y, x2: PAGE.width - MARGIN.right, y2: c.y, width: 2.2 });
    c.push({ op: 'line', x1: LEFT - 20, y1: c.y + 3, x2: PAGE.width - MARGIN.right, y2: c.y + 3, width: 0.7 });
    c.space(18);
  },

  title(c, doc, options, section) {
    const text = section.yearFromDate ? `${section.text} ${doc.tanggal.slice(0, 4)}` : section.text;
    c.paragraph(text, LEFT, CONTENT_WIDTH, { face: 'bold', size: 12, align: 'center', leading: 15 });
    if (section.nomor) {
      const nomor = [nomorShown(doc, options), ...(doc.parties ?? []).flatMap((p) => (p.nomor ? [p.nomor] : []))];
      for (const n of nomor) c.paragraph(`NOMOR ${n}`, LEFT, CONTENT_WIDTH, { size: BODY_SIZE, align: 'center' });
    }
    if (section.tentang) {
      const tentang = doc.tentang ?? doc.hal;
      if (tentang) {
        c.space(4);
        c.paragraph('TENTANG', LEFT, CONTENT_WIDTH, { face: 'bold', align: 'center' });
        c.paragraph(tentang.toUpperCase(), LEFT + 30, CONTENT_WIDTH - 60, { face: 'bold', align: 'center' });
      }
    }
    c.space(12);
  },

  headerFields(c, doc, options, section) {
    const values: Record<HeaderField, { label: string; value: string | string[] } | undefined> = {
      kepada: doc.kepada.length ? { label: 'Yth.', value: doc.kepada } : undefined,
      dari: doc.dari ? { label: 'Dari', value: doc.dari } : undefined,
      tembusan: doc.tembusan.length ? { label: 'Tembusan', value: doc.tembusan } : undefined,
      tanggal: { label: 'Tanggal', value: formatTanggal(doc.tanggal) },
      nomor: { label: 'Nomor', value: nomorShown(doc, options) },
      sifat: doc.sifat ? { label: 'Sifat', value: doc.sifat } : undefined,
      lampiran: { label: 'Lampiran', value: doc.lampiran ?? '-' },
      hal: doc.hal ? { label: 'Hal', value: doc.hal } : undefined,
    };
    for (const field of section.fields) {
      const entry = values[field];
      if (entry) labelledValue(c, entry.label, entry.value, 72);
    }
    c.space(2);
    c.push({ op: 'line', x1: LEFT, y1: c.y, x2: LEFT + CONTENT_WIDTH, y2: c.y, width: 1 });
    c.space(14);
  },

  placeDate(c, doc) {
    c.line(`${doc.tempat}, ${formatTanggal(doc.tanggal)}`, RIGHT_COLUMN, HALF);
    c.space(LEADING * 1.5);
  },

  numberBlock(c, doc, options) {
    labelledValue(c, 'Nomor', nomorShown(doc, options), 60);
    if (doc.sifat) labelledValue(c, 'Sifat', doc.sifat, 60);
    labelledValue(c, 'Lampiran', doc.lampiran ?? '-', 60);
    if (doc.hal) labelledValue(c, 'Hal', doc.hal, 60, HALF);
    c.space(LEADING);
  },

  addressee(c, doc) {
    if (!doc.kepada.length) return;
    const width = CONTENT_WIDTH * 0.6;
    if (doc.kepada.length === 1) {
      c.paragraph(`Yth. ${doc.kepada[0]}`, LEFT, width);
    } else {
      c.line('Yth.', LEFT, 30);
      doc.kepada.forEach((to, i) => hanging(c, `${i + 1}.`, to, LEFT + 26, width - 26, 16, 'left'));
    }
    if (doc.kepadaDi) {
      c.line('di', LEFT, 30);
      c.space(LEADING);
      c.paragraph(doc.kepadaDi, LEFT + 26, width - 26);
    }
    c.space(LEADING);
  },

  parties(c, doc, _options, section) {
    c.paragraph(section.intro, LEFT, CONTENT_WIDTH, { align: 'justify' });
    c.space(4);
    (doc.parties ?? []).forEach((p, i) => {
      const text = `${p.nama}, ${p.jabatan} ${p.instansi}${p.alamat ? `, berkedudukan di ${p.alamat}` : ''}, dalam hal ini bertindak untuk dan atas nama ${p.instansi}, selanjutnya disebut ${p.pihak.toUpperCase()}.`;
      hanging(c, `${i + 1}.`, text, LEFT, CONTENT_WIDTH, 20, 'justify');
      c.space(3);
    });
    if (section.outro) c.paragraph(section.outro, LEFT, CONTENT_WIDTH, { align: 'justify' });
    c.space(8);
  },

  signatories(c, doc, _options, section) {
    if (doc.signers.length === 0) return;
    c.paragraph(section.intro, LEFT, CONTENT_WIDTH, { align: 'justify' });
    c.space(6);
    partyOrder(doc.signers).forEach((signer, i) => {
      const prefix = signer.delegasi?.prefix === 'Plh.' || signer.delegasi?.prefix === 'Plt.' ? `${signer.delegasi.prefix} ` : '';
      const role = i === 1 ? 'selaku atasan pihak pertama, selanjutnya disebut pihak kedua' : `selanjutnya disebut pihak ${ordinals[i] ?? `ke-${i + 1}`}`;
      c.markBlock();
      bodyBlock(c, { kind: 'fields', rows: [{ label: 'Nama', value: signer.nama }, { label: 'Jabatan', value: `${prefix}${signer.jabatan}, ${role}` }] });
      c.space(6);
    });
  },

  body(c, doc) {
    for (const block of doc.body) {
      c.markBlock();
      bodyBlock(c, block);
      c.space(6);
    }
  },

  indicators(c, doc, _options, section) {
    const rows = doc.indicators ?? [];
    c.ensure(LEADING * 6);
    c.paragraph(section.heading, LEFT, CONTENT_WIDTH, { face: 'bold', align: 'center' });
    c.space(6);
    let previous = '';
    table(
      c,
      [
        { header: 'No', width: 0.6 },
        { header: 'Sasaran Strategis', width: 3 },
        { header: 'Indikator Kinerja Utama', width: 3.4 },
        { header: 'Target', width: 1.3 },
        { header: 'TW I', width: 1 },
        { header: 'TW II', width: 1 },
        { header: 'TW III', width: 1 },
        { header: 'TW IV', width: 1 },
      ],
      rows.map((r, i) => {
        // The sasaran is printed once for the rows that share it.
        const sasaran = r.sasaran === previous ? '' : r.sasaran;
        previous = r.sasaran;
        const unit = r.satuan ? ` ${r.satuan}` : '';
        return [`${i + 1}.`, sasaran, r.indikator, `${r.target}${unit}`, ...r.triwulan];
      }),
      9,
    );
    c.space(14);
  },

  disposition(c, doc) {
    const d = doc.disposisi;
    if (!d) return;
    const s = d.surat;
    const boxTop = c.y;
    c.space(4);
    const pairs: [string, string][] = [
      ['Surat dari', s.dari],
      ['Nomor surat', s.nomor],
      ['Tanggal surat', formatTanggal(s.tanggal)],
      ['Diterima tanggal', formatTanggal(s.diterima)],
      ['Nomor agenda', s.nomorAgenda],
      ['Sifat', s.sifat],
      ['Hal', s.hal],
    ];
    for (const [label, value] of pairs) labelledValue(c, label, value, 100, CONTENT_WIDTH - 8, LEFT + 4);
    c.space(2);
    c.push({ op: 'rect', x: LEFT, y: boxTop, w: CONTENT_WIDTH, h: c.y - boxTop, lineWidth: 0.8 });
    c.space(10);
    table(
      c,
      [{ header: 'No', width: 0.5 }, { header: 'Diteruskan kepada', width: 3 }, { header: 'Instruksi', width: 3 }, { header: 'Batas waktu', width: 1.6 }],
      d.rows.map((r, i) => [`${i + 1}.`, r.kepada, r.instruksi, r.batasWaktu ? formatTanggal(r.batasWaktu) : '-']),
    );
    c.space(10);
    c.paragraph('Dengan hormat harap:', LEFT, CONTENT_WIDTH, { face: 'bold' });
    const chosen = new Set(d.rows.map((r) => r.instruksi.toLowerCase()));
    dispositionInstructions.forEach((instruksi, i) => {
      const x = i % 2 === 0 ? LEFT : RIGHT_COLUMN;
      c.ensure(LEADING);
      c.push({ op: 'rect', x, y: c.y + 2, w: 9, h: 9, lineWidth: 0.6 });
      if (chosen.has(instruksi.toLowerCase())) {
        c.y += 2.4;
        c.line('X', x, 9, { face: 'bold', size: 9, align: 'center' });
        c.y -= 2.4;
      }
      c.line(instruksi, x + 15, HALF - 15);
      if (i % 2 === 1 || i === dispositionInstructions.length - 1) c.space(LEADING + 2);
    });
    c.space(6);
    c.paragraph('Catatan:', LEFT, CONTENT_WIDTH, { face: 'bold' });
    const noteTop = c.y;
    c.space(4);
    c.paragraph(d.catatan?.trim() || ' ', LEFT + 4, CONTENT_WIDTH - 8);
    c.y = Math.max(c.y, noteTop + 48);
    c.push({ op: 'rect', x: LEFT, y: noteTop, w: CONTENT_WIDTH, h: c.y - noteTop, lineWidth: 0.8 });
    c.space(16);
  },

  signatures(c, doc, _options, section, out) {
    const placeDate = section.placeDate === 'ditetapkan'
      ? [`Ditetapkan di ${doc.tempat}`, `pada tanggal ${formatTanggal(doc.tanggal)}`]
      : section.placeDate === 'line' ? [`${doc.tempat}, ${formatTanggal(doc.tanggal)}`] : [];
    // A 'single' type signed by several officials still prints every signer (side by side), never only the first.
    if (doc.signers.length <= 1) {
      const signer = doc.signers[0];
      const height = placeDate.length * LEADING + (signer ? positionHeight(c, signer, HALF) : 0) + 3 * LEADING + STAMP_HEIGHT;
      c.ensureWithLastBlock(Math.max(height, parafHeight(doc)) + 8);
      c.space(8);
      const top = c.y;
      placeDate.forEach((line) => { c.line(line, RIGHT_COLUMN, HALF, { align: 'center' }); c.space(LEADING); });
      if (signer) {
        out.signatureSlots.push(signatureBlock(c, signer, RIGHT_COLUMN, HALF));
      }
      const bottom = c.y;
      c.y = top + placeDate.length * LEADING;
      parafTable(c, doc, out);
      c.y = Math.max(bottom, c.y);
    } else {
      const rows = Math.ceil(doc.signers.length / 2);
      for (let row = 0; row < rows; row++) {
        const pair = doc.signers.slice(row * 2, row * 2 + 2);
        // Both stamps of a row start at the same height, below the taller jabatan.
        const headHeight = Math.max(...pair.map((s) => positionHeight(c, s, HALF)));
        const height = headHeight + STAMP_HEIGHT + 4 * LEADING + (row === 0 ? (placeDate.length + 1) * LEADING + 8 : 0);
        if (row === 0) c.ensureWithLastBlock(height);
        else c.ensure(height);
        if (row === 0) {
          c.space(8);
          placeDate.forEach((line) => { c.line(line, RIGHT_COLUMN, HALF, { align: 'center' }); c.space(LEADING); });
          c.space(LEADING / 2);
        }
        const top = c.y;
        let bottom = top;
        pair.forEach((signer, i) => {
          c.y = top;
          // Two signers side by side; an odd last signer sits centred.
          const x = pair.length === 1 ? LEFT + CONTENT_WIDTH / 4 : i === 0 ? LEFT : RIGHT_COLUMN;
          out.signatureSlots.push(signatureBlock(c, signer, x, HALF, headHeight));
          bottom = Math.max(bottom, c.y);
        });
        c.y = bottom + LEADING;
      }
      if (doc.paraf.length) parafTable(c, doc, out);
    }
    c.space(LEADING);
  },

  tembusan(c, doc) {
    if (!doc.tembusan.length) return;
    c.ensure(LEADING * Math.min(doc.tembusan.length + 1, 4));
    c.paragraph('Tembusan:', LEFT, CONTENT_WIDTH, { size: 10, leading: 12.5 });
    doc.tembusan.forEach((to, i) => {
      const last = i === doc.tembusan.length - 1;
      hanging(c, `${i + 1}.`, `Yth. ${to}${last ? '.' : ';'}`, LEFT, CONTENT_WIDTH * 0.75, 16, 'left', 10, 12.5);
    });
  },
};

/** "Label : value" with the value wrapping under itself; a list value is numbered. */
function labelledValue(c: Composer, label: string, value: string | string[], labelWidth: number, totalWidth = CONTENT_WIDTH, x = LEFT): void {
  c.ensure(LEADING);
  const valueX = x + labelWidth + 10;
  const valueW = totalWidth - labelWidth - 10;
  c.line(label, x, labelWidth);
  c.line(':', x + labelWidth, 10);
  if (Array.isArray(value)) {
    if (value.length === 1) c.paragraph(value[0]!, valueX, valueW);
    else value.forEach((v, i) => hanging(c, `${i + 1}.`, v, valueX, valueW, 16, 'left'));
  } else {
    c.paragraph(value, valueX, valueW);
  }
}

/** A numbered or lettered item: the label hangs left of wrapped text. */
function hanging(
  c: Composer, label: string, text: string, x: number, width: number, indent: number,
  align: 'left' | 'justify' = 'justify', size = BODY_SIZE, leading = LEADING,
): void {
  c.ensure(leading);
  c.line(label, x, indent, { size });
  c.paragraph(text, x + indent, width - indent, { align, size, leading });
}

function bodyBlock(c: Composer, block: Block): void {
  switch (block.kind) {
    case 'paragraph':
      c.paragraph(block.text, LEFT, CONTENT_WIDTH, { align: 'justify' }, block.indent ? 36 : 0);
      return;
    case 'heading':
      c.ensure(LEADING * 3);
      c.paragraph(block.text, LEFT, CONTENT_WIDTH, { face: 'bold', align: block.align ?? 'left' });
      return;
    case 'list':
      list(c, block.items, block.style, LEFT, CONTENT_WIDTH, 0);
      return;
    case 'table':
      table(c, block.columns, block.rows);
      return;
    case 'fields':
      for (const row of block.rows) {
        c.ensure(LEADING);
        const labelW = 90;
        c.line(row.label, LEFT, labelW);
        c.line(':', LEFT + labelW, 10);
        if (typeof row.value === 'string') c.paragraph(row.value, LEFT + labelW + 12, CONTENT_WIDTH - labelW - 12, { align: 'justify' });
        else list(c, row.value, 'number', LEFT + labelW + 12, CONTENT_WIDTH - labelW - 12, 0);
      }
  }
}

const letters = 'abcdefghijklmnopqrstuvwxyz';
function list(c: Composer, items: ListItem[], style: 'number' | 'letter' | 'bullet', x: number, width: number, depth: number): void {
  items.forEach((item, i) => {
    const text = typeof item === 'string' ? item : item.text;
    const label = style === 'bullet' ? '•' : style === 'letter' ? `${letters[i % 26]}.` : depth >= 2 ? `${i + 1})` : `${i + 1}.`;
    const indent = 20;
    hanging(c, label, text, x, width, indent);
    if (typeof item !== 'string' && item.items?.length) {
      list(c, item.items, depth === 0 ? 'letter' : 'number', x + indent, width - indent, depth + 1);
    }
  });
}

/** A bordered table; rows move whole to the next page, which repeats the header. */
function table(c: Composer, columns: { header: string; width?: number | undefined }[], rows: string[][], size = 10): void {
  const total = columns.reduce((sum, col) => sum + (col.width ?? 1), 0);
  const widths = columns.map((col) => ((col.width ?? 1) / total) * CONTENT_WIDTH);
  const pad = 3;
  const leading = size * 1.25;
  const rowHeight = (cells: string[], face: 'regular' | 'bold') =>
    Math.max(...cells.map((cell, i) => c.wrap(cell || ' ', widths[i]! - 2 * pad, face, size).length)) * leading + 2 * pad;
  const drawRow = (cells: string[], face: 'regular' | 'bold', height: number) => {
    const top = c.y;
    let x = LEFT;
    cells.forEach((cell, i) => {
      const w = widths[i]!;
      if (face === 'bold') c.push({ op: 'rect', x, y: top, w, h: height, lineWidth: 0, gray: 0.9 });
      c.push({ op: 'rect', x, y: top, w, h: height, lineWidth: 0.6 });
      c.y = top + pad;
      const lines = c.wrap(cell || ' ', w - 2 * pad, face, size);
      for (const line of lines) {
        c.line(line, x + pad, w - 2 * pad, { face, size, align: face === 'bold' ? 'center' : 'left' });
        c.y += leading;
      }
      x += w;
    });
    c.y = top + height;
  };
  const headers = columns.map((col) => col.header);
  const headerHeight = rowHeight(headers, 'bold');
  c.ensure(headerHeight + (rows[0] ? rowHeight(rows[0], 'regular') : 0));
  drawRow(headers, 'bold', headerHeight);
  for (const row of rows) {
    const height = rowHeight(row, 'regular');
    if (c.y + height > c.bottom) {
      c.newPage();
      drawRow(headers, 'bold', headerHeight);
    }
    drawRow(row, 'regular', height);
  }
}

const ordinals = ['pertama', 'kedua', 'ketiga', 'keempat', 'kelima'];

/** Signers as the parties they are: by the ordinal their `pihak` names ("Pihak Kedua"), else in signing order. */
function partyOrder(signers: Signer[]): Signer[] {
  const rank = (s: Signer, i: number) => {
    const word = s.pihak?.toLowerCase().match(/pihak\s+(\S+)/)?.[1];
    const n = word ? ordinals.indexOf(word) : -1;
    return n >= 0 ? n : signers.length + i;
  };
  return signers.map((s, i) => ({ s, r: rank(s, i) })).sort((a, b) => a.r - b.r).map((x) => x.s);
}

/** The jabatan lines of a signature block, with the delegation prefix (Permendagri 1/2023). */
export function positionLines(signer: Signer): string[] {
  const jabatan = signer.jabatan.toUpperCase();
  const d = signer.delegasi;
  if (!d) return [`${jabatan},`];
  switch (d.prefix) {
    case 'a.n.':
      return [`a.n. ${d.atasNama!.toUpperCase()}`, `${jabatan},`];
    case 'u.b.':
      return [`a.n. ${d.atasNama!.toUpperCase()}`, d.perantara!.toUpperCase(), 'u.b.', `${jabatan},`];
    case 'Plh.':
    case 'Plt.':
      return [`${d.prefix} ${jabatan},`];
  }
}

/** Draws one signature block in the column [x, x + width] and returns its stamp slot. */
function signatureBlock(c: Composer, signer: Signer, x: number, width: number, headHeight = 0): Slot {
  const style = { align: 'center' as const };
  const headTop = c.y;
  if (signer.pihak) c.paragraph(signer.pihak.toUpperCase(), x, width, { ...style, face: 'bold' });
  for (const line of positionLines(signer)) c.paragraph(line, x + 6, width - 12, style);
  c.y = Math.max(c.y, headTop + headHeight);
  c.space(4);
  const slot = c.slot(c.pageIndex, x + 8, c.y, width - 16, STAMP_HEIGHT);
  c.space(STAMP_HEIGHT + 4);
  c.paragraph(signer.nama, x, width, { ...style, face: 'bold', underline: true });
  if (signer.pangkat) c.paragraph(signer.pangkat, x, width, style);
  if (signer.nip) c.paragraph(`NIP. ${formatNip(signer.nip)}`, x, width, style);
  return slot;
}

function positionHeight(c: Composer, signer: Signer, width: number): number {
  const pihak = signer.pihak ? c.measure(signer.pihak.toUpperCase(), width, { face: 'bold' }) : 0;
  return pihak + positionLines(signer).reduce((sum, line) => sum + c.measure(line, width - 12), 0);
}

const PARAF_ROW = 24;
function parafHeight(doc: DocumentContent): number {
  return doc.paraf.length ? LEADING + 4 + doc.paraf.length * PARAF_ROW : 0;
}

/** Paraf hierarki: one box per reviewer, left of the signature. */
function parafTable(c: Composer, doc: DocumentContent, out: Layout): void {
  if (!doc.paraf.length) return;
  const width = HALF - 30;
  c.ensure(parafHeight(doc));
  c.line('Paraf hierarki:', LEFT, width, { size: 8 });
  c.space(LEADING - 2);
  const boxW = 56;
  doc.paraf.forEach((reviewer, i) => {
    const top = c.y;
    c.push({ op: 'rect', x: LEFT, y: top, w: width - boxW, h: PARAF_ROW, lineWidth: 0.5 });
    c.push({ op: 'rect', x: LEFT + width - boxW, y: top, w: boxW, h: PARAF_ROW, lineWidth: 0.5 });
    const mark = reviewer.diparaf;
    if (mark) {
      // Initialled: the jabatan over the name of whoever initialled (a Plh may stand in), and in the
      // box their initials over the date and time, as SRIKANDI prints the chain of responsibility.
      c.y = top + 2;
      const lines = c.wrap(`${i + 1}. ${reviewer.jabatan}`, width - boxW - 6, 'regular', 6).slice(0, 2);
      lines.push(...c.wrap(mark.nama, width - boxW - 6, 'bold', 6).slice(0, 1));
      lines.forEach((line, n) => {
        c.line(line, LEFT + 3, width - boxW - 6, { size: 6, ...(n === lines.length - 1 ? { face: 'bold' as const } : {}) });
        c.y += 7;
      });
      const { tanggal, pukul } = formatWaktuParaf(mark.waktu, mark.zonaWaktu);
      c.y = top + 1.5;
      c.line(inisial(mark.nama), LEFT + width - boxW, boxW, { face: 'bold', size: 8, align: 'center' });
      c.y += 9.5;
      c.line(tanggal, LEFT + width - boxW, boxW, { size: 5.5, align: 'center' });
      c.y += 6.3;
      c.line(pukul, LEFT + width - boxW, boxW, { size: 5.5, align: 'center' });
    } else {
      c.y = top + 3;
      const lines = c.wrap(`${i + 1}. ${reviewer.jabatan}`, width - boxW - 6, 'regular', 7).slice(0, 2);
      for (const line of lines) {
        c.line(line, LEFT + 3, width - boxW - 6, { size: 7 });
        c.y += 8.5;
      }
    }
    out.parafSlots.push(c.slot(c.pageIndex, LEFT + width - boxW, top, boxW, PARAF_ROW));
    c.y = top + PARAF_ROW;
  });
}

;
