import { z } from 'zod';
import { documentTypes } from '@naskah/domain/rulebook';

/**
 * The document content the API stores for a naskah dinas and the renderer
 * reads. Field names follow what drafters call them (Permendagri 1/2023).
 */

// The document types are the rulebook's (@naskah/domain/rulebook); every one of them has a layout here.
export { documentTypes };
export const documentTypeSchema = z.enum(documentTypes);
export type DocumentType = z.infer<typeof documentTypeSchema>;

const text = z.string().trim().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD').refine(
  (value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
  'not a calendar date',
);

/** Kop surat: one agency's letterhead. */
export const agencySchema = z.object({
  /** e.g. "PEMERINTAH KABUPATEN TANAH BUMBU" */
  pemerintah: text,
  /** e.g. "DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN" */
  nama: text,
  /** Short code used in numbers, e.g. "Diskominfosp". */
  singkatan: text.optional(),
  alamat: text,
  telepon: text.optional(),
  faksimile: text.optional(),
  email: text.optional(),
  laman: text.optional(),
  kodePos: text.optional(),
  /** Town printed in the kop (e.g. "BATULICIN"). */
  kota: text.optional(),
  /** PNG of the region's emblem; without it a drawn placeholder emblem is used. */
  lambangPng: text.optional(),
});
export type Agency = z.infer<typeof agencySchema>;

export type ListItem = string | { text: string; items?: ListItem[] };
const listItemSchema: z.ZodType<ListItem> = z.lazy(() =>
  z.union([text, z.object({ text, items: z.array(listItemSchema).optional() })]),
);

export const blockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paragraph'), text, indent: z.boolean().optional() }),
  z.object({ kind: z.literal('heading'), text, align: z.enum(['left', 'center']).optional() }),
  z.object({
    kind: z.literal('list'),
    style: z.enum(['number', 'letter', 'bullet']).default('number'),
    items: z.array(listItemSchema).min(1),
  }),
  z.object({
    kind: z.literal('table'),
    columns: z.array(z.object({ header: text, width: z.number().positive().optional() })).min(1),
    rows: z.array(z.array(z.string())),
  }),
  /** Label : value rows, e.g. hari/tanggal, waktu, tempat of an invitation. */
  z.object({
    kind: z.literal('fields'),
    rows: z.array(z.object({ label: text, value: z.union([text, z.array(listItemSchema).min(1)]) })).min(1),
  }),
]).superRefine((block, ctx) => {
  if (block.kind === 'table') {
    block.rows.forEach((row, index) => {
      if (row.length !== block.columns.length) {
        ctx.addIssue({ code: 'custom', path: ['rows', index], message: `row has ${row.length} cells, table has ${block.columns.length} columns` });
      }
    });
  }
});
export type Block = z.infer<typeof blockSchema>;

export const delegationPrefixes = ['a.n.', 'u.b.', 'Plh.', 'Plt.'] as const;

/** Penandatangan. With a delegation the block prints its prefix (see README). */
export const signerSchema = z.object({
  jabatan: text,
  nama: text,
  nip: z.string().regex(/^\d{18}$/, 'NIP is 18 digits').optional(),
  pangkat: text.optional(),
  /** For agreements: "PIHAK PERTAMA", "PIHAK KEDUA"; for berita acara the role. */
  pihak: text.optional(),
  delegasi: z
    .object({
      prefix: z.enum(delegationPrefixes),
      /** a.n./u.b.: the position signed for, e.g. "BUPATI TANAH BUMBU". */
      atasNama: text.optional(),
      /** u.b.: the position in between, e.g. "SEKRETARIS DAERAH". */
      perantara: text.optional(),
    })
    .superRefine((d, ctx) => {
      if ((d.prefix === 'a.n.' || d.prefix === 'u.b.') && !d.atasNama) {
        ctx.addIssue({ code: 'custom', path: ['atasNama'], message: `${d.prefix} needs atasNama (the position signed for)` });
      }
      if (d.prefix === 'u.b.' && !d.perantara) {
        ctx.addIssue({ code: 'custom', path: ['perantara'], message: 'u.b. needs perantara (the position in between)' });
      }
    })
    .optional(),
});
export type Signer = z.infer<typeof signerSchema>;

/** An IANA time zone Intl knows, e.g. Asia/Makassar (WITA). */
const timeZone = text.refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone such as Asia/Makassar');

/**
 * A reviewer who initials (paraf) before the signature. `diparaf`: who initialled and when, once they
 * did; the paraf box then prints their initials with the date and time in the Pemda's zone.
 */
const reviewerSchema = z.object({
  jabatan: text,
  nama: text.optional(),
  diparaf: z.object({ nama: text, waktu: z.iso.datetime({ offset: true }), zonaWaktu: timeZone }).optional(),
});

/** Perjanjian kinerja indicator row (Permen PANRB 53/2014). */
const indicatorSchema = z.object({
  sasaran: text,
  indikator: text,
  satuan: text.optional(),
  target: text,
  /** Targets for triwulan I–IV. */
  triwulan: z.tuple([z.string(), z.string(), z.string(), z.string()]),
});

const dispositionSchema = z.object({
  surat: z.object({
    dari: text,
    nomor: text,
    tanggal: isoDate,
    diterima: isoDate,
    nomorAgenda: text,
    sifat: text,
    hal: text,
  }),
  rows: z.array(z.object({ kepada: text, instruksi: text, batasWaktu: isoDate.optional() })).min(1),
  catatan: z.string().optional(),
});

const partySchema = z.object({
  pihak: text,
  nama: text,
  jabatan: text,
  instansi: text,
  alamat: text.optional(),
  nomor: text.optional(),
});

const lampiranPdfSchema = z.union([
  z.object({ path: text }),
  z.object({ base64: text }),
]);

export const documentContentSchema = z
  .object({
    type: documentTypeSchema,
    agency: agencySchema,
    /** Allocated number; printed on the final render. */
    nomor: text.optional(),
    /** Temporary number shown on drafts. */
    nomorSementara: text.optional(),
    tanggal: isoDate,
    tempat: text,
    sifat: text.optional(),
    klasifikasi: text.optional(),
    lampiran: text.optional(),
    hal: text.optional(),
    /** Title line under the type name, e.g. "TENTANG ..." subject of an edaran or laporan. */
    tentang: text.optional(),
    kepada: z.array(text).default([]),
    /** Where the addressee is, printed as "di <kepadaDi>". */
    kepadaDi: text.optional(),
    dari: text.optional(),
    tembusan: z.array(text).default([]),
    body: z.array(blockSchema).default([]),
    signers: z.array(signerSchema).default([]),
    paraf: z.array(reviewerSchema).max(3).default([]),
    indicators: z.array(indicatorSchema).optional(),
    disposisi: dispositionSchema.optional(),
    parties: z.array(partySchema).optional(),
    lampiranPdf: z.array(lampiranPdfSchema).default([]),
  })
  .superRefine((doc, ctx) => {
    if (doc.type === 'perjanjian_kinerja' && !doc.indicators?.length) {
      ctx.addIssue({ code: 'custom', path: ['indicators'], message: 'perjanjian kinerja needs at least one indicator' });
    }
    if (doc.type === 'lembar_disposisi' && !doc.disposisi) {
      ctx.addIssue({ code: 'custom', path: ['disposisi'], message: 'lembar disposisi needs disposisi' });
    }
    if (doc.type === 'perjanjian_kerja_sama' && (doc.parties?.length ?? 0) < 2) {
      ctx.addIssue({ code: 'custom', path: ['parties'], message: 'perjanjian kerja sama needs at least two parties' });
    }
  });

export type DocumentContent = z.infer<typeof documentContentSchema>;
/** What callers write before defaults are applied (e.g. JSON from the API). */
export type DocumentContentInput = z.input<typeof documentContentSchema>;
