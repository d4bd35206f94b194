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

/** What BACA-SAYA says of the record, every time already printed in the Pemda's zone ("7 Desember 2026 14.05 WITA"). */
export interface PackageAbout {
  number: string;
  hal: string;
  agency: string;
  archivedAt: string;
  retentionUntil: string;
  retrievedBy: string;
  retrievedAt: string;
  /** Whether the package carries earlier versions (versi/). */
  versions: boolean;
}

export function readMe(finalPdfPath: string, anchors: readonly ShippedAnchor[], about: PackageAbout): string {
  const options = anchors.map((a) => ` ${a.kind === 'certified' ? '--trust-certified' : '--trust'} ${a.path}`).join('');
  return [
    'PAKET ARSIP NASKAH',
    '',
    `Nomor: ${about.number}`,
    `Hal: ${about.hal}`,
    `Perangkat daerah: ${about.agency}`,
    `Diarsipkan: ${about.archivedAt}`,
    `Retensi sampai: ${about.retentionUntil}`,
    `Paket diambil: ${about.retrievedAt} oleh ${about.retrievedBy}`,
    '',
    'Isi:',
    `  ${finalPdfPath}  PDF final (yang diarsipkan)`,
    // A folder is named only when the package has it.
    ...(about.versions ? ['  versi/  setiap versi naskah'] : []),
    '  verifikasi/  laporan verifikasi tanda tangan (JSON + PDF)',
    '  jejak-audit/  jejak audit (JSON + PDF)',
    '  arsip-manifest.json  manifest arsip dari bucket terkunci',
    '  manifest.json, SHA256SUMS  SHA-256 setiap berkas',
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
