// Signed documents made with the real signing engine and our own development
// PKI, so that in an attack fixture the attack is the only flaw.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openPkcs12 } from '../../src/keys/index.js';
import { initPki, inProcessRevocationSource, inProcessTimestampClient, type Pki } from '@naskah/pki';
import { signPdf, type PadesLevel } from '../../src/sign.js';
import type { KeyHolder } from '../../src/keys/key-holder.js';

export interface TestPki {
  readonly pki: Pki;
  readonly dir: string;
  readonly rootPem: Buffer;
  readonly officials: KeyHolder[];
}

const OFFICIALS = [
  { name: 'Siti Rahmawati', nik: '6471025506800001', title: 'Kepala Dinas', org: 'Dinas Komunikasi dan Informatika' },
  { name: 'Budi Santoso', nik: '6471021203850002', title: 'Sekretaris Dinas', org: 'Dinas Komunikasi dan Informatika' },
  { name: 'Andi Pratama', nik: '6471020101900003', title: 'Kepala Bidang', org: 'Dinas Komunikasi dan Informatika' },
  { name: 'Dewi Lestari', nik: '6471024404920004', title: 'Kepala Seksi', org: 'Dinas Komunikasi dan Informatika' },
  { name: 'Rudi Hartono', nik: '6471023009880005', title: 'Analis Kebijakan', org: 'Dinas Komunikasi dan Informatika' },
];

const shared = new Map<string, Promise<TestPki>>();

/** One PKI per name per test process (RSA key generation is the slow part); 'outsider' is an untrusted one. */
export function testPki(which = 'main'): Promise<TestPki> {
  let p = shared.get(which);
  if (p) return p;
  p = (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'naskah-verify-pki-'));
    const pki = await initPki(dir);
    const officials: KeyHolder[] = [];
    for (const o of which === 'main' ? OFFICIALS : OFFICIALS.slice(0, 2)) {
      const issued = await pki.issue({ ...o, keyType: 'rsa2048', passphrase: 'rahasia-uji-123' });
      officials.push(openPkcs12(issued.p12, 'rahasia-uji-123'));
    }
    return { pki, dir, rootPem: readFileSync(join(dir, 'root-ca.pem')), officials };
  })();
  shared.set(which, p);
  return p;
}

export async function memo(pages = 1, opts: { objectStreams?: boolean; extra?: (doc: PDFDocument) => Promise<void> } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const p = doc.addPage([595, 842]);
    p.drawText('PEMERINTAH KOTA SAMARINDA', { x: 50, y: 780, size: 14, font });
    p.drawText(`NOTA DINAS Nomor 000.1/${100 + i}/Diskominfo — halaman ${i + 1}`, { x: 50, y: 750, size: 11, font });
    p.drawText('Dengan hormat, bersama ini kami sampaikan laporan kegiatan bulan ini.', { x: 50, y: 700, size: 11, font });
  }
  if (opts.extra) await opts.extra(doc);
  return Buffer.from(await doc.save({ useObjectStreams: opts.objectStreams ?? false }));
}

export async function sign(pdf: Buffer, t: TestPki, who: number, level: PadesLevel = 'B-B', extra: { certify?: boolean; invisible?: boolean; page?: number } = {}): Promise<Buffer> {
  return signPdf(pdf, {
    holder: t.officials[who]!,
    level,
    timestamp: level === 'B-B' ? undefined : inProcessTimestampClient(t.pki),
    revocation: level === 'B-LT' || level === 'B-LTA' ? inProcessRevocationSource(t.pki) : undefined,
    certify: extra.certify,
    placement: extra.invisible ? { invisible: true } : { page: extra.page ?? 1, rect: [60 + who * 100, 80, 95, 60] },
  });
}
