import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Agency, Person, Position } from './organisation.js';
import { Document } from './document.js';
import { agreementStatuses, dispositionStates, followUpStatuses, indicatorDirections, securityClassifications, sifatLevels } from '../rulebook/vocabularies.js';

/** Surat masuk registered by the secretariat (TU). */
export const IncomingLetter = defineEntity({
  name: 'IncomingLetter',
  properties: {
    id: p.integer().primary(),
    agency: () => p.manyToOne(Agency).updateRule('no action'),
    agendaNumber: p.string().length(64),
    senderName: p.string(),
    senderNumber: p.string(),
    senderDate: p.date(),
    receivedAt: p.datetime(),
    sifat: p.enum([...sifatLevels]).default('biasa'),
    classification: p.enum([...securityClassifications]).default('biasa'),
    hal: p.text(),
    /** The head who receives it for disposition. */
    addressedTo: () => p.manyToOne(Position).updateRule('no action').nullable().index(),
    scanObjectKey: p.string().nullable(),
    scanSha256: p.string().length(64).nullable(),
    scanSize: p.bigint('number').nullable(),
    registeredBy: () => p.manyToOne(Person).updateRule('no action'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['agency', 'agendaNumber'] }],
  indexes: [{ properties: ['agency', 'receivedAt'] }],
});
export type IncomingLetter = InferEntity<typeof IncomingLetter>;

export { dispositionStates, type DispositionState } from '../rulebook/vocabularies.js';

/** Disposisi: a tree below an incoming letter; each branch closes with a tindak lanjut report. */
export const Disposition = defineEntity({
  name: 'Disposition',
  properties: {
    id: p.integer().primary(),
    incomingLetter: () => p.manyToOne(IncomingLetter).updateRule('no action').index(),
    parent: () => p.manyToOne(Disposition).updateRule('no action').nullable(),
    fromPosition: () => p.manyToOne(Position).updateRule('no action'),
    fromPerson: () => p.manyToOne(Person).updateRule('no action'),
    toPosition: () => p.manyToOne(Position).updateRule('no action'),
    instruction: p.string(),
    note: p.text().default(''),
    deadline: p.datetime().nullable(),
    readAt: p.datetime().nullable(),
    state: p.enum([...dispositionStates]).default('sent'),
    followUp: p.text().nullable(),
    followUpStatus: p.enum([...followUpStatuses]).nullable(),
    /** The tindak lanjut's attachment (PDF or image), content-addressed in the versions bucket. */
    followUpObjectKey: p.string().nullable(),
    followUpAt: p.datetime().nullable(),
    /** The DispositionWorkflow that owns this branch and its branch id there (`b1`, `b2`, ...): a retried activity finds its row. */
    workflowId: p.string().nullable(),
    branchId: p.string().length(16).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['workflowId', 'branchId'] }],
  indexes: [
    { properties: ['toPosition', 'state'] },
    { properties: ['fromPosition', 'state'] },
    // The leaders' dashboard counts open and overdue branches by date without reading closed ones.
    { name: 'disposition_open_index', expression: `create index "disposition_open_index" on "disposition" ("created_at") include ("incoming_letter_id", "deadline") where "state" in ('sent', 'read', 'forwarded')` },
  ],
});
export type Disposition = InferEntity<typeof Disposition>;

/** Perjanjian kinerja or kerja sama; a revision of its targets bumps `version` in place, the earlier targets kept in its audit event. */
export const Agreement = defineEntity({
  name: 'Agreement',
  properties: {
    id: p.integer().primary(),
    kind: p.enum(['kinerja', 'kerja_sama'] as const),
    agency: () => p.manyToOne(Agency).updateRule('no action'),
    title: p.string(),
    year: p.integer(),
    version: p.integer().default(1),
    previous: () => p.manyToOne(Agreement).updateRule('no action').nullable(),
    /** Signing parties in order (position ids); parallel when `parallel` is true. */
    parties: p.json<number[]>(),
    parallel: p.boolean().default(false),
    document: () => p.manyToOne(Document).updateRule('no action').nullable(),
    /** Written by the AgreementWorkflow's activities once submitted (the rulebook's agreementStatuses). */
    status: p.enum([...agreementStatuses]).default('draft'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['agency', 'year'] }],
});
export type Agreement = InferEntity<typeof Agreement>;

/** IKU: indikator kinerja utama with yearly and quarterly targets. */
export const Indicator = defineEntity({
  name: 'Indicator',
  properties: {
    id: p.integer().primary(),
    agreement: () => p.manyToOne(Agreement).updateRule('no action').index(),
    code: p.string().length(32),
    name: p.text(),
    unit: p.string().length(32),
    /** Lower is better for e.g. "lama waktu layanan perizinan". */
    direction: p.enum([...indicatorDirections]).default('higher'),
    /** numeric(17,2): money indicators reach a regency's whole budget (10^12–10^13 rupiah); see indicatorValueRules. */
    targetYear: p.decimal('number').precision(17).scale(2),
    targetQ1: p.decimal('number').precision(17).scale(2),
    targetQ2: p.decimal('number').precision(17).scale(2),
    targetQ3: p.decimal('number').precision(17).scale(2),
    targetQ4: p.decimal('number').precision(17).scale(2),
  },
});
export type Indicator = InferEntity<typeof Indicator>;

export const ProgressReport = defineEntity({
  name: 'ProgressReport',
  properties: {
    id: p.integer().primary(),
    indicator: () => p.manyToOne(Indicator).updateRule('no action'),
    quarter: p.integer(),
    realisation: p.decimal('number').precision(17).scale(2),
    evidence: p.text().default(''),
    evidenceObjectKey: p.string().nullable(),
    /** The bukti dukung file (PDF/JPEG/PNG) stored under evidenceObjectKey: its hash, name as uploaded, media type and size. */
    evidenceSha256: p.string().length(64).nullable(),
    evidenceName: p.string().nullable(),
    evidenceContentType: p.string().length(64).nullable(),
    evidenceSize: p.bigint('number').nullable(),
    /** Capaian in percent, as the rulebook's achievementPercent computes it (0–120). */
    achievement: p.decimal('number').precision(8).scale(2),
    reportedBy: () => p.manyToOne(Person).updateRule('no action'),
    reportedAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['indicator', 'quarter'] }],
});
export type ProgressReport = InferEntity<typeof ProgressReport>;
