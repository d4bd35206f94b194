import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';

export interface ReadableSection {
  heading?: string;
  lines: string[];
}

/** Standard fonts speak WinAnsi only; anything else becomes '?' instead of failing the whole package. */
function winAnsi(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of winAnsi(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) { line = candidate; continue; }
      if (line) out.push(line);
      // A hash or key longer than the line is cut, not lost.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
        let n = rest.length;
        while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n -= 1;
        out.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

/** A plain A4 report a person can read and print: title, subtitle, sections of wrapped lines, page numbers. */
export async function readablePdf(title: string, subtitle: string, sections: ReadableSection[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(title));
  pdf.setProducer('Naskah arsip');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  const [w, h] = [595.28, 841.89];
  const margin = 50;
  const width = w - margin * 2;
  let page = pdf.addPage([w, h]);
  let y = h - margin;
  const ensure = (needed: number) => {
    if (y - needed < margin + 20) { page = pdf.addPage([w, h]); y = h - margin; }
  };
  const draw = (text: string, font: PDFFont, size: number, gap = 3) => {
    for (const line of wrap(text, font, size, width)) {
      ensure(size + gap);
      page.drawText(line, { x: margin, y: y - size, size, font, color: rgb(0, 0, 0) });
      y -= size + gap;
    }
  };
  draw(title, bold, 15, 6);
  draw(subtitle, regular, 9, 10);
  for (const section of sections) {
    y -= 6;
    if (section.heading) draw(section.heading, bold, 11, 5);
    for (const line of section.lines) draw(line, /[0-9a-f]{40,}/.test(line) ? mono : regular, 8.5);
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => p.drawText(`Halaman ${i + 1} dari ${pages.length}`, { x: margin, y: 30, size: 8, font: regular, color: rgb(0.4, 0.4, 0.4) }));
  return Buffer.from(await pdf.save());
}
