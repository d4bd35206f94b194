// A large PDF for the streaming benches, written object by object: a memo page
// and attachment pages, each carrying an incompressible filler stream.
// Written straight to disk (never built in memory), so a 500 MB file costs the
// bench process a few megabytes.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

export function writeLargePdf(path: string, megabytes: number, pages = 300): void {
  const fd = openSync(path, 'w');
  let at = 0;
  const offsets: number[] = [];
  const put = (b: Buffer | string): void => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    for (let done = 0; done < buf.length; ) done += writeSync(fd, buf, done, buf.length - done, at + done);
    at += buf.length;
  };
  const begin = (num: number): void => {
    offsets[num] = at;
    put(`${num} 0 obj\n`);
  };
  try {
    // 1 catalog, 2 pages, 3 font, then per page: page, content, filler.
    const perPage = Math.ceil((megabytes * 1048576) / pages);
    const block = randomBytes(1 << 20);
    const pageNum = (i: number): number => 4 + 3 * i;
    put('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
    begin(1);
    put('<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
    begin(2);
    put(`<< /Type /Pages /Count ${pages} /Kids [${Array.from({ length: pages }, (_, i) => `${pageNum(i)} 0 R`).join(' ')}] >>\nendobj\n`);
    begin(3);
    put('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n');
    for (let i = 0; i < pages; i++) {
      const p = pageNum(i);
      const text =
        i === 0
          ? `BT /F1 14 Tf 170 780 Td (PEMERINTAH KOTA MAKASSAR) Tj ET\nBT /F1 12 Tf 72 740 Td (NOTA DINAS) Tj ET\nBT /F1 11 Tf 330 300 Td (Kepala Dinas,  ^) Tj ET\n`
          : `BT /F1 12 Tf 72 780 Td (Lampiran halaman ${i + 1}) Tj ET\n`;
      begin(p);
      put(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 3 0 R >> >> /Contents ${p + 1} 0 R`);
      put(` /NaskahLampiran ${p + 2} 0 R >>\nendobj\n`);
      begin(p + 1);
      put(`<< /Length ${text.length} >>\nstream\n${text}\nendstream\nendobj\n`);
      begin(p + 2);
      put(`<< /Length ${perPage} >>\nstream\n`);
      for (let left = perPage; left > 0; left -= block.length) put(left >= block.length ? block : block.subarray(0, left));
      put('\nendstream\nendobj\n');
    }
    const size = pageNum(pages);
    const xrefAt = at;
    let xref = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
    for (let n = 1; n < size; n++) {
      xref += `${String(offsets[n]).padStart(10, '0')} 00000 n\r\n`;
    }
    put(`${xref}trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  } finally {
    closeSync(fd);
  }
}
