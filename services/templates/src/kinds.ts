import type { DocumentType } from './content.js';

/**
 * A template is data: the ordered sections of one naskah dinas type
 * (Permendagri 1/2023 formats), interpreted by the layout engine in
 * `layout.ts`. Adding a type is adding a description here.
 */
export type Section =
  /** Kop surat: emblem, PEMERINTAH ..., agency name, address, double rule. */
  | { kind: 'kop' }
  /** Centred title; optionally "NOMOR ..." and "TENTANG <tentang/hal>" under it. */
  | { kind: 'title'; text: string; nomor?: boolean; tentang?: boolean; yearFromDate?: boolean }
  /** Label : value header of a nota dinas or memo, closed by a rule. */
  | { kind: 'headerFields'; fields: HeaderField[] }
  /** "Batulicin, 23 November 2026" aligned right. */
  | { kind: 'placeDate' }
  /** Nomor / Sifat / Lampiran / Hal at the left. */
  | { kind: 'numberBlock' }
  /** "Yth. <kepada>" and "di <kepadaDi>". */
  | { kind: 'addressee' }
  /** The parties of an agreement, each introduced by name, jabatan and role. */
  | { kind: 'parties'; intro: string; outro?: string }
  /**
   * The signers of a perjanjian kinerja introduced as its parties (Permen PANRB 53/2014): the intro, then
   * per party a Nama and a Jabatan row, the first "selanjutnya disebut pihak pertama", the second "selaku
   * atasan pihak pertama, selanjutnya disebut pihak kedua". Names come from `signers` (the holder, or their
   * Plh/Plt, resolved when the naskah is rendered), so they are the names under the signatures.
   */
  | { kind: 'signatories'; intro: string }
  | { kind: 'body' }
  /** Perjanjian kinerja indicator table. */
  | { kind: 'indicators'; heading: string }
  /** Lembar disposisi: incoming letter details, disposition rows, instruction checklist. */
  | { kind: 'disposition' }
  /** Signature blocks: one signer at the right, or every signer in two columns. */
  | { kind: 'signatures'; layout: 'single' | 'columns'; placeDate?: 'line' | 'ditetapkan'; heading?: string }
  | { kind: 'tembusan' };

export type HeaderField = 'kepada' | 'dari' | 'tembusan' | 'tanggal' | 'nomor' | 'sifat' | 'lampiran' | 'hal';

export interface TemplateDescription {
  /** Human name, used in the PDF title. */
  name: string;
  /** Whether the final render needs an allocated number. */
  numbered: boolean;
  sections: Section[];
}

export const templates: Record<DocumentType, TemplateDescription> = {
  nota_dinas: {
    name: 'Nota Dinas',
    numbered: true,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'NOTA DINAS' },
      { kind: 'headerFields', fields: ['kepada', 'dari', 'tembusan', 'tanggal', 'nomor', 'sifat', 'lampiran', 'hal'] },
      { kind: 'body' },
      { kind: 'signatures', layout: 'single' },
    ],
  },
  memo: {
    name: 'Memo',
    numbered: true,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'MEMO' },
      { kind: 'headerFields', fields: ['kepada', 'dari', 'tanggal', 'nomor', 'hal'] },
      { kind: 'body' },
      { kind: 'signatures', layout: 'single' },
    ],
  },
  surat_dinas: {
    name: 'Surat Dinas',
    numbered: true,
    sections: [
      { kind: 'kop' },
      { kind: 'placeDate' },
      { kind: 'numberBlock' },
      { kind: 'addressee' },
      { kind: 'body' },
      { kind: 'signatures', layout: 'single' },
      { kind: 'tembusan' },
    ],
  },
  surat_undangan: {
    name: 'Surat Undangan',
    numbered: true,
    sections: [
      { kind: 'kop' },
      { kind: 'placeDate' },
      { kind: 'numberBlock' },
      { kind: 'addressee' },
      { kind: 'body' },
      { kind: 'signatures', layout: 'single' },
      { kind: 'tembusan' },
    ],
  },
  surat_edaran: {
    name: 'Surat Edaran',
    numbered: true,
    sections: [
      { kind: 'kop' },
      { kind: 'addressee' },
      { kind: 'title', text: 'SURAT EDARAN', nomor: true, tentang: true },
      { kind: 'body' },
      { kind: 'signatures', layout: 'single', placeDate: 'ditetapkan' },
      { kind: 'tembusan' },
    ],
  },
  surat_perintah: {
    name: 'Surat Perintah',
    numbered: true,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'SURAT PERINTAH', nomor: true },
      { kind: 'body' },
      { kind: 'signatures', layout: 'single', placeDate: 'ditetapkan' },
      { kind: 'tembusan' },
    ],
  },
  surat_tugas: {
    name: 'Surat Tugas',
    numbered: true,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'SURAT TUGAS', nomor: true },
      { kind: 'body' },
      { kind: 'signatures', layout: 'single', placeDate: 'line' },
      { kind: 'tembusan' },
    ],
  },
  berita_acara: {
    name: 'Berita Acara',
    numbered: true,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'BERITA ACARA', nomor: true, tentang: true },
      { kind: 'body' },
      { kind: 'signatures', layout: 'columns', placeDate: 'line' },
    ],
  },
  laporan: {
    name: 'Laporan',
    numbered: false,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'LAPORAN', tentang: true },
      { kind: 'body' },
      { kind: 'signatures', layout: 'single', placeDate: 'line' },
      { kind: 'tembusan' },
    ],
  },
  telaahan_staf: {
    name: 'Telaahan Staf',
    numbered: false,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'TELAAHAN STAF' },
      { kind: 'headerFields', fields: ['kepada', 'dari', 'tanggal', 'lampiran', 'hal'] },
      { kind: 'body' },
      { kind: 'signatures', layout: 'single' },
    ],
  },
  perjanjian_kerja_sama: {
    name: 'Perjanjian Kerja Sama',
    numbered: true,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'PERJANJIAN KERJA SAMA', nomor: true, tentang: true },
      { kind: 'parties', intro: 'Yang bertanda tangan di bawah ini:', outro: 'PARA PIHAK sepakat mengikatkan diri dalam perjanjian kerja sama dengan ketentuan sebagai berikut:' },
      { kind: 'body' },
      { kind: 'signatures', layout: 'columns', placeDate: 'line' },
    ],
  },
  perjanjian_kinerja: {
    name: 'Perjanjian Kinerja',
    numbered: false,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'PERJANJIAN KINERJA TAHUN', yearFromDate: true },
      {
        kind: 'signatories',
        intro: 'Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:',
      },
      { kind: 'body' },
      { kind: 'indicators', heading: 'SASARAN, INDIKATOR KINERJA DAN TARGET' },
      { kind: 'signatures', layout: 'columns', placeDate: 'line' },
    ],
  },
  lembar_disposisi: {
    name: 'Lembar Disposisi',
    numbered: false,
    sections: [
      { kind: 'kop' },
      { kind: 'title', text: 'LEMBAR DISPOSISI' },
      { kind: 'disposition' },
      { kind: 'signatures', layout: 'single' },
    ],
  },
};
