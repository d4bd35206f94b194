// The templates' test helpers for other packages' tests (`@naskah/templates/testing`).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Page 1 at 20 dpi as 8-bit grey pixels (poppler's pdftoppm), to compare two renders of a page. */
export function grayRaster(pdf: Uint8Array, dir: string, name: string): Buffer {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-gray', '-r', '20', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)]);
  const pgm = readFileSync(join(dir, `${name}.pgm`));
  // P5 header: magic, width, height, maxval, each followed by one whitespace.
  const header = pgm.toString('latin1', 0, 40).match(/^P5\s+\d+\s+\d+\s+\d+\s/)!;
  return pgm.subarray(header[0].length);
}
