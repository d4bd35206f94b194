import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Document } from './document.js';

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
    fate: p.enum(archiveFates),
  },
});
export type RetentionRule = InferEntity<typeof RetentionRule>;

export const ArchiveRecord = defineEntity({
  name: 'ArchiveRecord',
  properties: {
    id: p.integer().primary(),
    document: () => p.manyToOne(Document).unique(),
    objectKey: p.string(),
    versionId: p.string().nullable(),
    sha256: p.string().length(64),
    /** Bytes of the archived final PDF; the integrity scan checks it beside the hash. */
    size: p.bigint('number'),
    archiveCode: p.string().length(32).index(),
    retentionUntil: p.date(),
    fate: p.enum(archiveFates),
    legalHold: p.boolean().default(false),
    archivedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ArchiveRecord = InferEntity<typeof ArchiveRecord>;
