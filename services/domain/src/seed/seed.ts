import { hash } from '@node-rs/argon2';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/record-audit.js';
import { seedPemdaSettings } from '../organisation/pemda-settings.js';
import { agencies, demoPassword, pemdaSetting, people, positions, region, retentionRules, units } from './tanah-bumbu.js';

export interface SeedResult {
  created: number;
  userIds: Record<string, number>;
  positionIds: Record<string, number>;
  agencyIds: Record<string, number>;
}

/** Certificates issued for signers; the seed records the rows, the signing package writes the PKCS#12 files. */
export interface SeedCertificate { serial: string; subject: string; issuer: string; notBefore: Date; notAfter: Date; keystoreRef: string | null; publicBaseUrl?: string | null }
export type IssueSeedCertificate = (signer: { nik: string; name: string; nip: string | null; title: string; email: string }) => Promise<SeedCertificate>;

/**
 * The demo organisation, idempotent: natural keys (codes, NIK, username)
 * decide insert-or-update, passwords are set only for new users, and an
 * audit event is written only when something was created.
 */
export async function seedDemo(em: EntityManager, options: { issueCertificate?: IssueSeedCertificate; publicBaseUrl?: string } = {}): Promise<SeedResult> {
  return em.transactional(async (tx) => {
    let created = 0;
    const one = async (sql: string, params: unknown[]): Promise<number> => {
      const [row] = await tx.execute<{ id: number; inserted: boolean }[]>(sql, params);
      if (row!.inserted) created += 1;
      return row!.id;
    };
    const regionId = await one(
      `insert into region (code, kind, name, capital) values (?, ?, ?, ?)
       on conflict (code) do update set kind = excluded.kind, name = excluded.name, capital = excluded.capital
       returning id, (xmax = 0) as inserted`, [region.code, region.kind, region.name, region.capital]);

    // The Pemda's settings: written once; an admin's later change is kept on a re-seed.
    await seedPemdaSettings(tx, { ...pemdaSetting, publicBaseUrl: (options.publicBaseUrl ?? 'http://localhost:3000').replace(/\/+$/, '') });

    const agencyIds: Record<string, number> = {};
    for (const a of agencies) {
      agencyIds[a.code] = await one(
        `insert into agency (region_id, code, name, address, phone, email, website, city, postal_code) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (code) do update set name = excluded.name, address = excluded.address, phone = excluded.phone,
           email = excluded.email, website = excluded.website, city = excluded.city, postal_code = excluded.postal_code
         returning id, (xmax = 0) as inserted`,
        [regionId, a.code, a.name, a.address, a.phone, a.email, a.website, a.city, a.postalCode]);
    }
    const unitIds: Record<string, number> = {};
    for (const u of units) {
      unitIds[`${u.agency}/${u.code}`] = await one(
        `insert into org_unit (agency_id, code, name) values (?, ?, ?)
         on conflict (agency_id, code) do update set name = excluded.name returning id, (xmax = 0) as inserted`,
        [agencyIds[u.agency], u.code, u.name]);
    }
    // Positions have no natural unique key in the schema; (agency, title) identifies them in the seed.
    const positionIds: Record<string, number> = {};
    for (const p of positions) {
      const [existing] = await tx.execute<{ id: number }[]>('select id from position where agency_id = ? and title = ?', [agencyIds[p.agency], p.title]);
      const superiorId = p.superior ? positionIds[p.superior] ?? null : null;
      const unitId = p.unit ? unitIds[`${p.agency}/${p.unit}`] ?? null : null;
      if (existing) {
        await tx.execute('update position set unit_id = ?, eselon = ?, superior_id = ? where id = ?', [unitId, p.eselon, superiorId, existing.id]);
        positionIds[p.key] = existing.id;
      } else {
        const [row] = await tx.execute<{ id: number }[]>(
          'insert into position (agency_id, unit_id, title, eselon, superior_id) values (?, ?, ?, ?, ?) returning id',
          [agencyIds[p.agency], unitId, p.title, p.eselon, superiorId]);
        positionIds[p.key] = row!.id;
        created += 1;
      }
    }
    const passwordHash = await hash(demoPassword);
    const userIds: Record<string, number> = {};
    const positionTitle = new Map<string, string>(positions.map((p) => [p.key, p.title]));
    const agencyOf = new Map<string, string>(positions.map((p) => [p.key, p.agency]));
    for (const person of people) {
      const personId = await one(
        `insert into person (name, nip, nik, email, phone, agency_id, position_id) values (?, ?, ?, ?, '', ?, ?)
         on conflict (nik) do update set name = excluded.name, nip = excluded.nip, email = excluded.email,
           agency_id = excluded.agency_id, position_id = excluded.position_id
         returning id, (xmax = 0) as inserted`,
        [person.name, person.nip, person.nik, person.email, agencyIds[agencyOf.get(person.position)!], positionIds[person.position]]);
      if (person.username) {
        userIds[person.username] = await one(
          `insert into app_user (person_id, username, password_hash, roles, classified_access, active, failed_logins)
           values (?, ?, ?, ?::text[], ?, true, 0)
           on conflict (username) do update set person_id = excluded.person_id, roles = excluded.roles, classified_access = excluded.classified_access
           returning id, (xmax = 0) as inserted`,
          [personId, person.username, passwordHash, `{${person.roles!.join(',')}}`, person.classifiedAccess ?? false]);
      }
      if (person.signer) {
        const [cert] = await tx.execute<{ id: number }[]>(`select id from certificate where person_id = ? and status = 'active'`, [personId]);
        if (!cert) {
          const issued = options.issueCertificate
            ? await options.issueCertificate({ nik: person.nik, name: person.name, nip: person.nip, title: positionTitle.get(person.position)!, email: person.email })
            : placeholderCertificate(person.nik, person.name);
          await tx.execute(
            `insert into certificate (person_id, serial, subject, issuer, status, not_before, not_after, provider, keystore_ref, public_base_url)
             values (?, ?, ?, ?, 'active', ?, ?, 'internal', ?, ?)`,
            [personId, issued.serial, issued.subject, issued.issuer, issued.notBefore, issued.notAfter, issued.keystoreRef, issued.publicBaseUrl ?? null]);
          created += 1;
        }
      }
    }
    for (const r of retentionRules) {
      await one(
        `insert into retention_rule (code_prefix, description, active_years, inactive_years, fate) values (?, ?, ?, ?, ?)
         on conflict (code_prefix) do update set description = excluded.description, active_years = excluded.active_years,
           inactive_years = excluded.inactive_years, fate = excluded.fate
         returning id, (xmax = 0) as inserted`, [r.codePrefix, r.description, r.activeYears, r.inactiveYears, r.fate]);
    }
    if (created > 0) {
      await recordAudit(tx, {
        actor: { id: null, name: 'system: demo seed' }, action: 'seed.applied', subjectType: 'region', subjectId: regionId,
        data: { created },
      });
    }
    return { created, userIds, positionIds, agencyIds };
  });
}

/** Until the signing package issues real ones: a recorded row without key material. */
function placeholderCertificate(nik: string, name: string): SeedCertificate {
  const now = new Date();
  return {
    serial: `SEED-${nik}`, subject: `CN=${name}, SERIALNUMBER=${nik}, O=Pemerintah Kabupaten Tanah Bumbu, C=ID`,
    issuer: 'CN=Naskah Internal Issuing CA', notBefore: now,
    notAfter: new Date(now.getTime() + 2 * 365 * 24 * 3600 * 1000), keystoreRef: null,
  };
}
