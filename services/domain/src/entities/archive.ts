import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Document } from './document.js';
import { Person } from './organisation.js';

export const archiveFates = ['musnah', 'permanen', 'dinilai_kembali'] as const;
export type ArchiveFate = (typeof archiveFates)[number];

/** Jadwal Retensi Arsip (JRA): per kode klasifikasi prefix, years active + inactive and the final fate. */
export const RetentionRule = defineEntity({
  name: 'RetentionRule',
  properties: {
    id: p.integer().primary(),
    /** Longest matching prefix of a document's archiveCode wins. */
    codePrefix: p.string().length(32).unique(),
    description: p.string(),
    activeYears: p.integer(),
    inactiveYears: p.integer(),
    fate: p.enum([...archiveFates]),
  },
});
export type RetentionRule = InferEntity<typeof RetentionRule>;

/** diajukan (proposed) → disetujui (approved, destruction under way) → dimusnahkan (carried out), or ditolak (rejected). */
export const usulMusnahStatuses = ['diajukan', 'disetujui', 'ditolak', 'dimusnahkan'] as const;
export type UsulMusnahStatus = (typeof usulMusnahStatuses)[number];

/** Usul musnah: records whose retention ended with fate musnah, proposed for destruction; nothing is destroyed until an approval. */
export const UsulMusnah = defineEntity({
  name: 'UsulMusnah',
  properties: {
    id: p.integer().primary(),
    /** The proposal PDF (list + berita acara form) in the locked bucket. */
    objectKey: p.string().unique(),
    proposedAt: p.datetime(),
    status: p.enum([...usulMusnahStatuses]).default('diajukan'),
    decidedBy: () => p.manyToOne(Person).updateRule('no action').nullable(),
    decidedAt: p.datetime().nullable(),
    decisionNote: p.text().nullable(),
    /** The Berita Acara Pemusnahan Arsip PDF, written when the destruction was carried out. */
    beritaAcaraKey: p.string().nullable(),
  },
});
export type UsulMusnah = InferEntity<typeof UsulMusnah>;

export const ArchiveRecord = defineEntity({
  name: 'ArchiveRecord',
  properties: {
    id: p.integer().primary(),
    document: () => p.manyToOne(Document).updateRule('no action').unique(),
    objectKey: p.string(),
    versionId: p.string().nullable(),
    sha256: p.string().length(64),
    /** Bytes of the archived final PDF; the integrity scan checks it beside the hash. */
    size: p.bigint('number'),
    archiveCode: p.string().length(32).index(),
    retentionUntil: p.date(),
    fate: p.enum([...archiveFates]),
    legalHold: p.boolean().default(false),
    archivedAt: p.datetime().onCreate(() => new Date()),
    /** The usul musnah that lists this record, once the life-cycle pass proposed it. */
    usulMusnah: () => p.manyToOne(UsulMusnah).updateRule('no action').nullable(),
    /** Fate carried out: the locked objects were deleted after an approved usul musnah. */
    destroyedAt: p.datetime().nullable(),
    destroyedBy: () => p.manyToOne(Person).updateRule('no action').nullable(),
  },
});
export type ArchiveRecord = InferEntity<typeof ArchiveRecord>;
