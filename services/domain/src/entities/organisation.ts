import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { pemdaTimeZones } from '../rulebook/pemda-time-zones.js';
import type { DocumentType } from '../rulebook/vocabularies.js';

/** Pemda: a kabupaten, kota or provinsi. */
export const Region = defineEntity({
  name: 'Region',
  properties: {
    id: p.integer().primary(),
    code: p.string().length(16).unique(),
    kind: p.enum(['kabupaten', 'kota', 'provinsi'] as const),
    name: p.string(),
    /** Ibu kota, printed as the place in "Batulicin, 3 Januari 2025". */
    capital: p.string(),
  },
});
export type Region = InferEntity<typeof Region>;

/**
 * The Pemda's own settings, set once by the admin: the name and logo its
 * sign-in page, verification page and kop surat show, the time zone every
 * printed time and every entered time is in, and its public address. One row
 * (id 1) per installation.
 */
export const PemdaSetting = defineEntity({
  name: 'PemdaSetting',
  properties: {
    id: p.integer().primary(),
    /** e.g. "Pemerintah Kabupaten Tanah Bumbu". */
    name: p.string(),
    /** The emblem (lambang daerah) as a data: URL (PNG or JPEG); null: none uploaded. */
    logo: p.text().nullable(),
    timeZone: p.enum([...pemdaTimeZones]),
    publicBaseUrl: p.string(),
    /**
     * The jenis naskah the admin marks for the institution's electronic seal (segel elektronik): once
     * signed, such a document is sealed through the certificate provider before it is archived.
     */
    sealedDocumentTypes: p.array<DocumentType>().$type<DocumentType[]>(),
    updatedAt: p.datetime(),
  },
});
export type PemdaSetting = InferEntity<typeof PemdaSetting>;

/** Perangkat daerah (OPD / SKPD) with the data its kop surat needs. */
export const Agency = defineEntity({
  name: 'Agency',
  properties: {
    id: p.integer().primary(),
    region: () => p.manyToOne(Region).updateRule('no action'),
    /** Short code used in document numbers, e.g. "Diskominfosp". */
    code: p.string().length(32).unique(),
    name: p.string(),
    address: p.string().default(''),
    phone: p.string().default(''),
    email: p.string().default(''),
    website: p.string().default(''),
    city: p.string().default(''),
    postalCode: p.string().length(8).default(''),
  },
});
export type Agency = InferEntity<typeof Agency>;

/** Bidang / bagian / seksi / subbagian inside an agency. */
export const OrgUnit = defineEntity({
  name: 'OrgUnit',
  properties: {
    id: p.integer().primary(),
    agency: () => p.manyToOne(Agency).updateRule('no action').index(),
    parent: () => p.manyToOne(OrgUnit).updateRule('no action').nullable(),
    code: p.string().length(32),
    name: p.string(),
  },
  uniques: [{ properties: ['agency', 'code'] }],
});
export type OrgUnit = InferEntity<typeof OrgUnit>;

/** Jabatan. The superior chain is the hierarchy paraf, a.n./u.b. and access follow. */
export const Position = defineEntity({
  name: 'Position',
  properties: {
    id: p.integer().primary(),
    agency: () => p.manyToOne(Agency).updateRule('no action').index(),
    unit: () => p.manyToOne(OrgUnit).updateRule('no action').nullable(),
    title: p.string(),
    /** e.g. "I.b", "II.a", "III.a", "IV.a"; null for staff. */
    eselon: p.string().length(8).nullable(),
    superior: () => p.manyToOne(Position).updateRule('no action').nullable().index(),
  },
});
export type Position = InferEntity<typeof Position>;

export const Person = defineEntity({
  name: 'Person',
  properties: {
    id: p.integer().primary(),
    name: p.string(),
    /** NIP: 18-digit civil-servant number. */
    nip: p.string().length(18).nullable().unique(),
    /** NIK: 16-digit citizen number, used by certificate providers. */
    nik: p.string().length(16).unique(),
    email: p.string().default(''),
    phone: p.string().default(''),
    agency: () => p.manyToOne(Agency).updateRule('no action').index(),
    /**
     * The position this person holds definitively (definitif); acting roles
     * (Plt/Plh) are Delegations. One definitive holder per position: routing
     * resolves a position to its holder, so two holders would both act as the
     * superior. The position belongs to the person's own agency (checked by
     * the API: a row check cannot see the position's agency).
     */
    position: () => p.manyToOne(Position).updateRule('no action').nullable(),
  },
  indexes: [
    { name: 'person_position_held_unique', expression: 'create unique index "person_position_held_unique" on "person" ("position_id") where "position_id" is not null' },
  ],
});
export type Person = InferEntity<typeof Person>;

export const roles = ['drafter', 'reviewer', 'signer', 'secretariat', 'leader', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.integer().primary(),
    person: () => p.oneToOne(Person).updateRule('no action').owner().unique(),
    username: p.string().length(64).unique(),
    passwordHash: p.string().hidden().lazy(),
    roles: p.array<Role>().$type<Role[]>(),
    /** Auditors granted access to Rahasia and Sangat Rahasia documents. */
    classifiedAccess: p.boolean().default(false),
    active: p.boolean().default(true),
    /** No longer counted: sign-in failures live in login_throttle (auth hardening); kept for older readers. */
    failedLogins: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    lastLoginAt: p.datetime().nullable(),
    /** Wrong signing passphrases in a row (ours or the provider gateway's); five lock signing for 15 minutes. */
    failedSignings: p.integer().default(0),
    signingLockedUntil: p.datetime().nullable(),
  },
});
export type User = InferEntity<typeof User>;

export const delegationKinds = ['plh', 'plt', 'an', 'ub'] as const;
export type DelegationKind = (typeof delegationKinds)[number];

/**
 * Plh (holder temporarily absent), Plt (post vacant), a.n. (one level up),
 * u.b. (two levels up): `delegate` may act for `position` during the period.
 */
export const Delegation = defineEntity({
  name: 'Delegation',
  properties: {
    id: p.integer().primary(),
    kind: p.enum([...delegationKinds]),
    position: () => p.manyToOne(Position).updateRule('no action'),
    delegate: () => p.manyToOne(Person).updateRule('no action'),
    validFrom: p.datetime(),
    validTo: p.datetime(),
    reason: p.text(),
    createdBy: () => p.manyToOne(Person).updateRule('no action').nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['position', 'validFrom'] }, { properties: ['delegate', 'validFrom'] }],
});
export type Delegation = InferEntity<typeof Delegation>;

/** A signer's certificate; the key itself stays in the signing engine's keystore. */
export const Certificate = defineEntity({
  name: 'Certificate',
  properties: {
    id: p.integer().primary(),
    person: () => p.manyToOne(Person).updateRule('no action').index(),
    serial: p.string().length(64).unique(),
    subject: p.string().default(''),
    issuer: p.string().default(''),
    status: p.enum(['active', 'revoked', 'expired'] as const).default('active'),
    notBefore: p.datetime(),
    notAfter: p.datetime(),
    provider: p.enum(['internal', 'gateway'] as const).default('internal'),
    /** Name of the PKCS#12 in the keystore directory; never the key or passphrase. */
    keystoreRef: p.string().nullable(),
    revokedAt: p.datetime().nullable(),
    /**
     * PUBLIC_BASE_URL when the internal CA issued it: its AIA, OCSP and CRL addresses are
     * `<this>/api/pki/...`. Null for a provider's (gateway) certificate and rows issued before it was recorded.
     */
    publicBaseUrl: p.string().nullable(),
  },
});
export type Certificate = InferEntity<typeof Certificate>;
