// A person's signing certificates (certificate): the row the internal CA's
// issue and revoke follow. Plain SQL: the issue and the revocation lock rows
// (the person, the certificate) so two requests at once cannot both pass.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ListSource } from '../list-source.js';

export type CertificateStatus = 'active' | 'revoked' | 'expired';
export type CertificateProvider = 'internal' | 'gateway';

export interface CertificateRow {
  id: number; person_id: number; person_name: string; serial: string; subject: string; issuer: string;
  status: CertificateStatus; not_before: Date; not_after: Date; provider: CertificateProvider; public_base_url: string | null;
}

export async function certificateRow(em: EntityManager, id: number): Promise<CertificateRow | undefined> {
  const [row] = await em.execute<CertificateRow[]>(
    `select c.id, c.person_id, p.name as person_name, c.serial, c.subject, c.issuer, c.status, c.not_before, c.not_after, c.provider, c.public_base_url
       from certificate c join person p on p.id = c.person_id where c.id = ?`, [id]);
  return row;
}

/** The person's active, unexpired certificate, if any. */
export async function activeCertificateOf(em: EntityManager, personId: number): Promise<{ serial: string } | undefined> {
  const [row] = await em.execute<{ serial: string }[]>(
    `select serial from certificate where person_id = ? and status = 'active' and not_after > now() limit 1`, [personId]);
  return row;
}

export interface SigningCertificate { serial: string; keystore_ref: string | null; provider: 'internal' | 'gateway'; nik: string; agency_code: string }

/** The person's newest usable signing certificate: active, unexpired, with a key (internal) or at a gateway. */
export async function signingCertificateOf(em: EntityManager, personId: number): Promise<SigningCertificate | undefined> {
  const [cert] = await em.execute<SigningCertificate[]>(
    `select c.serial, c.keystore_ref, c.provider, p.nik, a.code as agency_code from certificate c join person p on p.id = c.person_id join agency a on a.id = p.agency_id
      where c.person_id = ? and c.status = 'active' and (c.provider = 'gateway' or c.keystore_ref is not null) and c.not_after > now() order by c.not_after desc limit 1`,
    [personId]);
  return cert;
}

/** The person's most recently revoked certificate, revoked_at as ISO UTC (undefined: none revoked). */
export async function latestRevokedCertificate(em: EntityManager, personId: number): Promise<{ serial: string; revoked_at: string | null } | undefined> {
  const [revoked] = await em.execute<{ serial: string; revoked_at: string | null }[]>(
    `select serial, to_char(revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as revoked_at from certificate
      where person_id = ? and status = 'revoked' order by certificate.revoked_at desc nulls last, id desc limit 1`, [personId]);
  return revoked;
}

/** Holds the person's row for the rest of the transaction: two issues for one person run one after the other. */
export async function lockCertificateHolder(em: EntityManager, personId: number): Promise<void> {
  await em.execute('select id from person where id = ? for update', [personId]);
}

export interface NewCertificate {
  personId: number; serial: string; subject: string; issuer: string; notBefore: Date; notAfter: Date; keystoreRef: string;
  /** Where the certificate's AIA/CRL are served (null: not published). */
  publicBaseUrl: string | null;
}

/** An active certificate of the internal CA. */
export async function insertInternalCertificate(em: EntityManager, c: NewCertificate): Promise<{ id: number }> {
  const [row] = await em.execute<{ id: number }[]>(
    `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref, public_base_url)
     values (?, ?, ?, ?, 'active', ?, ?, 'internal', ?, ?) returning id`,
    [c.personId, c.serial, c.subject, c.issuer, c.notBefore, c.notAfter, c.keystoreRef, c.publicBaseUrl]);
  return row!;
}

/** The certificate with its holder's agency, its row locked for the rest of the transaction. */
export async function lockCertificate(em: EntityManager, id: number): Promise<{ id: number; serial: string; status: string; provider: CertificateProvider; agency_id: number; person_id: number } | undefined> {
  const [cert] = await em.execute<{ id: number; serial: string; status: string; provider: CertificateProvider; agency_id: number; person_id: number }[]>(
    `select c.id, c.serial, c.status, c.provider, p.agency_id, c.person_id from certificate c join person p on p.id = c.person_id where c.id = ? for update of c`, [id]);
  return cert;
}

export async function markCertificateRevoked(em: EntityManager, id: number): Promise<void> {
  await em.execute(`update certificate set status = 'revoked', revoked_at = now() where id = ?`, [id]);
}

/** Signing certificates as listed (rows only: keys stay in the signing engine's keystore). */
export const certificateListSource = {
  from: 'certificate c join person p on p.id = c.person_id',
  columns: { id: 'c.id', personId: 'c.person_id', personName: 'p.name', serial: 'c.serial', subject: 'c.subject', issuer: 'c.issuer',
    status: 'c.status', notBefore: 'c.not_before', notAfter: 'c.not_after', provider: 'c.provider', publicBaseUrl: 'c.public_base_url' },
} as const satisfies ListSource;
