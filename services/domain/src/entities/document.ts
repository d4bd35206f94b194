import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Agency, Delegation, OrgUnit, Person, Position } from './organisation.js';
import { documentStatuses, documentTypes, securityClassifications, sifatLevels } from '../rulebook/vocabularies.js';

/** An addressee or copy as printed on the letter; `positionId` is set when it is someone inside the Pemda. */
export interface Addressee { positionId?: number | undefined; name: string }

/** Naskah dinas. */
export const Document = defineEntity({
  name: 'Document',
  properties: {
    id: p.integer().primary(),
    agency: () => p.manyToOne(Agency).updateRule('no action'),
    unit: () => p.manyToOne(OrgUnit).updateRule('no action').nullable(),
    type: p.enum([...documentTypes]),
    hal: p.text(),
    sifat: p.enum([...sifatLevels]).default('biasa'),
    classification: p.enum([...securityClassifications]).default('biasa'),
    /** Kode klasifikasi arsip (Permendagri 83/2022), e.g. "000.1.2.3". */
    archiveCode: p.string().length(32),
    lampiran: p.integer().default(0),
    kepada: p.json<Addressee[]>(),
    tembusan: p.json<Addressee[]>(),
    content: p.json<Record<string, unknown>>(),
    drafter: () => p.manyToOne(Person).updateRule('no action'),
    signerPosition: () => p.manyToOne(Position).updateRule('no action').nullable(),
    status: p.enum([...documentStatuses]).default('draft'),
    number: p.string().length(96).nullable().unique(),
    workflowId: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    /** When the drafter last sent it into routing from draft (a revision after a return keeps it). */
    submittedAt: p.datetime().nullable(),
    /** The latest signature; final once the status is signed or later. */
    signedAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['agency', 'createdAt'] },
    { properties: ['agency', 'status', 'createdAt'] },
    { properties: ['agency', 'type', 'createdAt'] },
    { properties: ['drafter', 'status'] },
    // The signer branch of the documents list (documentVisibilityBranches): a page walks it in date order.
    { properties: ['signerPosition', 'status', 'createdAt'] },
    // The same, one position at a time in date order whatever the filter.
    { properties: ['signerPosition', 'createdAt'] },
    { properties: ['archiveCode'] },
    // The leaders' dashboard: signed documents per agency by date, with status and submit time, read from the index alone.
    { name: 'document_signed_index', expression: 'create index "document_signed_index" on "document" ("agency_id", "signed_at") include ("status", "submitted_at") where "signed_at" is not null' },
    // The dashboard's days after its rollup watermark: cancellations after submission per agency by last change.
    { name: 'document_cancelled_index', expression: `create index "document_cancelled_index" on "document" ("agency_id", "updated_at") where "status" = 'cancelled' and "submitted_at" is not null` },
  ],
});
export type Document = InferEntity<typeof Document>;

/**
 * Who a document is addressed or copied to inside the Pemda, one row per
 * position, so inbox queues and the "addressed to me" access rule are index lookups.
 */
export const DocumentRecipient = defineEntity({
  name: 'DocumentRecipient',
  properties: {
    id: p.integer().primary(),
    document: () => p.manyToOne(Document).updateRule('no action'),
    position: () => p.manyToOne(Position).updateRule('no action'),
    kind: p.enum(['kepada', 'tembusan'] as const),
    deliveredAt: p.datetime().nullable(),
    readAt: p.datetime().nullable(),
    /** The document's created_at, copied by a trigger on insert (migration position_walk_by_document_date): lists walk a position's rows in document order. */
    documentCreatedAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['document', 'position', 'kind'] }],
  indexes: [
    { properties: ['position', 'kind', 'deliveredAt'] },
    // Inbox badges count unread deliveries per position without touching the table.
    { name: 'document_recipient_unread_index', expression: 'create index "document_recipient_unread_index" on "document_recipient" ("position_id", "kind") where "delivered_at" is not null and "read_at" is null' },
    // The documents list's "delivered to a position I oversee" branch, one position at a time, newest document first.
    { name: 'document_recipient_delivered_document_created_at_index', expression: 'create index "document_recipient_delivered_document_created_at_index" on "document_recipient" ("position_id", "document_created_at", "document_id") where "delivered_at" is not null' },
  ],
});
export type DocumentRecipient = InferEntity<typeof DocumentRecipient>;

/** An immutable PDF version; the bytes live in object storage under `objectKey`. */
export const DocumentVersion = defineEntity({
  name: 'DocumentVersion',
  properties: {
    id: p.integer().primary(),
    document: () => p.manyToOne(Document).updateRule('no action'),
    no: p.integer(),
    objectKey: p.string(),
    sha256: p.string().length(64),
    size: p.bigint('number'),
    reason: p.string().length(32),
    author: () => p.manyToOne(Person).updateRule('no action'),
    /**
     * What the server rendered this version from (reason `rendered`/`numbered`):
     * the template data and the lampiran objects appended, so numbering can
     * render the same letter again with its number. Null for uploaded PDFs.
     */
    renderInput: p.json<Record<string, unknown>>().nullable(),
    /**
     * Where each signer's stamp goes (page, rect; one per signer in signing-step order), stored when
     * the server rendered this version so signing never lays the letter out again. Null for uploaded
     * PDFs and for versions rendered before the column existed (signing computes those once).
     */
    signatureSlots: p.json<Record<string, unknown>[]>().nullable(),
    /**
     * A signed version's public verification handle: base64url of 32 random bytes, printed in the
     * QR code of the stamp as `<public base URL>/verifikasi/<token>`. Unguessable, so nobody can
     * walk the signed documents of the region; null for versions that carry no new stamp.
     */
    verificationToken: p.string().length(64).nullable().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['document', 'no'] }],
});
export type DocumentVersion = InferEntity<typeof DocumentVersion>;

/**
 * A lampiran (attachment) PDF the drafter uploaded, appended after the letter
 * pages when the server renders the document. The bytes are never deleted with
 * the row: a rendered version may still name them.
 */
export const DocumentLampiran = defineEntity({
  name: 'DocumentLampiran',
  properties: {
    id: p.integer().primary(),
    document: () => p.manyToOne(Document).updateRule('no action'),
    no: p.integer(),
    fileName: p.string(),
    objectKey: p.string(),
    sha256: p.string().length(64),
    size: p.bigint('number'),
    author: () => p.manyToOne(Person).updateRule('no action'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['document', 'no'] }],
});
export type DocumentLampiran = InferEntity<typeof DocumentLampiran>;

export const stepKinds = ['paraf', 'sign'] as const;
export type StepKind = (typeof stepKinds)[number];
/** waiting: earlier steps still open; pending: may act now. */
export const stepStates = ['waiting', 'pending', 'done', 'returned', 'skipped'] as const;
export type StepState = (typeof stepStates)[number];

export const RoutingStep = defineEntity({
  name: 'RoutingStep',
  properties: {
    id: p.integer().primary(),
    document: () => p.manyToOne(Document).updateRule('no action').index(),
    kind: p.enum([...stepKinds]),
    order: p.integer().fieldName('step_order'),
    /** Steps sharing a group at the same order run in parallel (agreement parties). */
    parallelGroup: p.integer().nullable(),
    position: () => p.manyToOne(Position).updateRule('no action'),
    actedBy: () => p.manyToOne(Person).updateRule('no action').nullable(),
    /** The Plh/Plt/a.n./u.b. delegation used, when the holder did not act personally. */
    delegation: () => p.manyToOne(Delegation).updateRule('no action').nullable(),
    state: p.enum([...stepStates]).default('waiting'),
    note: p.text().nullable(),
    dueAt: p.datetime().nullable(),
    actedAt: p.datetime().nullable(),
    /** The document's created_at, copied by a trigger on insert (migration position_walk_by_document_date): lists walk a position's steps in document order. */
    documentCreatedAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['position', 'state', 'kind'] },
    // The documents list's step branches, one position at a time, newest document first.
    { name: 'routing_step_position_document_created_at_index', expression: 'create index "routing_step_position_document_created_at_index" on "routing_step" ("position_id", "document_created_at", "document_id")' },
  ],
});
export type RoutingStep = InferEntity<typeof RoutingStep>;

/** One gap-free counter per (agency or unit) + classification + year. */
export const NumberSequence = defineEntity({
  name: 'NumberSequence',
  properties: {
    id: p.integer().primary(),
    agency: () => p.manyToOne(Agency).updateRule('no action'),
    /** 0 when the sequence is agency-wide, else the OrgUnit id (a plain column so the unique key has no NULL). */
    unitId: p.integer().default(0),
    archiveCode: p.string().length(32),
    year: p.integer(),
    lastValue: p.integer().default(0),
  },
  uniques: [{ properties: ['agency', 'unitId', 'archiveCode', 'year'] }],
});
export type NumberSequence = InferEntity<typeof NumberSequence>;

export const NumberAllocation = defineEntity({
  name: 'NumberAllocation',
  properties: {
    id: p.integer().primary(),
    sequence: () => p.manyToOne(NumberSequence).updateRule('no action'),
    value: p.integer(),
    number: p.string().length(96).unique(),
    document: () => p.manyToOne(Document).updateRule('no action').nullable().index(),
    status: p.enum(['allocated', 'cancelled'] as const).default('allocated'),
    allocatedAt: p.datetime().onCreate(() => new Date()),
    cancelledAt: p.datetime().nullable(),
    cancelReason: p.text().nullable(),
  },
  uniques: [{ properties: ['sequence', 'value'] }],
});
export type NumberAllocation = InferEntity<typeof NumberAllocation>;
