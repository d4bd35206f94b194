/**
 * Shipped inside every package so it verifies on a fresh machine with only
 * Node (no Naskah): re-hashes every file listed in manifest.json.
 */
export const verifyManifestScript = `#!/usr/bin/env node
// Periksa keutuhan paket arsip: setiap berkas di manifest.json di-hash ulang (SHA-256).
// Pakai: node verify-manifest.mjs   (dari folder hasil ekstrak ZIP)
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
let bad = 0;
for (const file of manifest.files) {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(join(root, file.path))) { hash.update(chunk); size += chunk.length; }
  } catch { console.log('HILANG   ' + file.path); bad += 1; continue; }
  const ok = hash.digest('hex') === file.sha256 && size === file.size;
  console.log((ok ? 'COCOK    ' : 'BERBEDA  ') + file.path);
  if (!ok) bad += 1;
}
console.log(bad === 0 ? 'Semua berkas cocok dengan manifest.' : bad + ' berkas tidak cocok.');
process.exit(bad === 0 ? 0 : 1);
`;

/** The anchors shipped under trust/: kind decides the naskah verify option (and the label the report gives). */
export interface ShippedAnchor { path: string; kind: 'internal' | 'certified'; name: string }

export function readMe(finalPdfPath: string, anchors: readonly ShippedAnchor[]): string {
  const options = anchors.map((a) => ` ${a.kind === 'certified' ? '--trust-certified' : '--trust'} ${a.path}`).join('');
  return [
    'PAKET ARSIP NASKAH',
    '',
    'Isi: PDF final, setiap versi, laporan verifikasi (JSON + PDF), jejak audit (JSON + PDF),',
    'manifest arsip dari bucket terkunci (arsip-manifest.json), dan manifest.json berisi SHA-256 setiap berkas.',
    '',
    'Memeriksa keutuhan:',
    '  node verify-manifest.mjs          (Node 18+, tanpa paket lain)',
    '  sha256sum -c SHA256SUMS           (Linux; di macOS: shasum -a 256 -c SHA256SUMS)',
    '',
    'Memeriksa tanda tangan elektronik:',
    `  naskah verify ${finalPdfPath}${options}`,
    // The folder is named only when the package has it (no anchors: no trust/ folder).
    anchors.length ? '  atau pdfsig / pyHanko / Adobe Reader dengan sertifikat akar di folder trust/.' : '  atau pdfsig / pyHanko / Adobe Reader dengan sertifikat akar yang Anda percayai.',
    '',
    ...(anchors.length
      ? ['Jangkar kepercayaan yang dipakai laporan verifikasi (folder trust/):',
        ...anchors.map((a) => `  ${a.path}: ${a.name} (${a.kind === 'certified' ? 'TTE tersertifikasi, PSrE yang diakui' : 'CA internal, TTE tidak tersertifikasi'})`), '']
      : ['Laporan verifikasi dibuat tanpa jangkar kepercayaan: setiap penanda tangan berstatus tidak dikenal.', '']),
  ].join('\n');
}
