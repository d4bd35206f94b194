// The organisation aggregate: region (the Pemda), agency (OPD), position
// (jabatan) and person (pegawai). Plain SQL: short keyed statements, several
// of them row locks that the assignment rules depend on (see assign-position
// in the API); the list sources are FROM clauses for the API's list engine.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgIntArray } from '../access/viewer.js';
import type { ListSource } from '../list-source.js';

export const agencyListSource = {
  from: 'agency a',
  columns: { id: 'a.id', regionId: 'a.region_id', code: 'a.code', name: 'a.name', address: 'a.address', phone: 'a.phone', email: 'a.email', website: 'a.website', city: 'a.city', postalCode: 'a.postal_code' },
} as const satisfies ListSource;

/**
 * One row per jabatan (a position has at most one definitive holder: person_position_held_unique), with its
 * unit and agency, so two jabatan of the same title (the Tata Usaha of two agencies) can be told apart.
 */
export const positionListSource = {
  from: 'position p join agency pa on pa.id = p.agency_id left join org_unit pu on pu.id = p.unit_id left join person h on h.position_id = p.id',
  columns: {
    id: 'p.id', agencyId: 'p.agency_id', agencyCode: 'pa.code', agencyName: 'pa.name', unitId: 'p.unit_id', unitName: 'pu.name', title: 'p.title', eselon: 'p.eselon',
    superiorId: 'p.superior_id', holderId: 'h.id', holderName: 'h.name',
  },
} as const satisfies ListSource;

/**
 * The order of a jabatan picker (sort field `nearest`): the viewer's own agency first, then by agency name and
 * jabatan title. Each term takes the list's direction.
 */
export function positionPickerOrder(viewerAgencyId: number): string[] {
  const own = Number.isSafeInteger(viewerAgencyId) ? viewerAgencyId : 0;
  return [`(p.agency_id <> ${own})`, 'pa.name', 'p.title'];
}

/** NIK is personal data (used only with certificate providers): not in the directory. */
export const personListSource = {
  from: 'person p',
  columns: { id: 'p.id', name: 'p.name', nip: 'p.nip', email: 'p.email', agencyId: 'p.agency_id', positionId: 'p.position_id' },
} as const satisfies ListSource;

export type DirectoryEntry = 'agency' | 'position' | 'person';

export async function directoryEntryExists(em: EntityManager, kind: DirectoryEntry, id: number): Promise<boolean> {
  const table = ({ agency: 'agency', position: 'position', person: 'person' } as const)[kind];
  const rows = await em.execute(`select 1 from ${table} where id = ?`, [id]);
  return rows.length > 0;
}

/** The Pemda this installation serves: one installation serves one, the lowest id is the one seeded first. */
export async function installationRegion(em: EntityManager): Promise<{ kind: 'kabupaten' | 'kota' | 'provinsi'; name: string; capital: string } | undefined> {
  const [row] = await em.execute<{ kind: 'kabupaten' | 'kota' | 'provinsi'; name: string; capital: string }[]>('select kind, name, capital from region order by id limit 1');
  return row;
}

export interface AgencyFields { code: string; name: string; address: string; phone: string; email: string; website: string; city: string; postalCode: string }
const agencyColumn: Record<keyof AgencyFields, string> = {
  code: 'code', name: 'name', address: 'address', phone: 'phone', email: 'email', website: 'website', city: 'city', postalCode: 'postal_code',
};

/** A new agency in the same region as `besideAgencyId` (the admin's own). */
export async function insertAgency(em: EntityManager, besideAgencyId: number, a: AgencyFields): Promise<{ id: number }> {
  const [region] = await em.execute<{ region_id: number }[]>('select region_id from agency where id = ?', [besideAgencyId]);
  const [row] = await em.execute<{ id: number }[]>(
    `insert into agency (region_id, code, name, address, phone, email, website, city, postal_code) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    [region!.region_id, a.code, a.name, a.address, a.phone, a.email, a.website, a.city, a.postalCode]);
  return row!;
}

/** Changes the given fields; false when there is no such agency. */
export async function updateAgency(em: EntityManager, id: number, change: Partial<AgencyFields>): Promise<boolean> {
  const entries = (Object.entries(change) as [keyof AgencyFields, unknown][]).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return true;
  const rows = await em.execute(`update agency set ${entries.map(([k]) => `${agencyColumn[k]} = ?`).join(', ')} where id = ? returning id`, [...entries.map(([, v]) => v), id]);
  return rows.length > 0;
}

export async function agencyById(em: EntityManager, id: number): Promise<Record<string, unknown> | undefined> {
  const [row] = await em.execute<Record<string, unknown>[]>(
    'select id, region_id as "regionId", code, name, address, phone, email, website, city, postal_code as "postalCode" from agency where id = ?', [id]);
  return row;
}

export interface AgencyLetterhead {
  code: string; name: string; address: string; phone: string; email: string; website: string; city: string; postal_code: string;
  region_name: string; region_kind: string; capital: string;
}

/** What a letter's kop surat prints: the agency with its region (the Pemda). */
export async function agencyLetterhead(em: EntityManager, agencyId: number): Promise<AgencyLetterhead | undefined> {
  const [row] = await em.execute<AgencyLetterhead[]>(
    `select a.code, a.name, a.address, a.phone, a.email, a.website, a.city, a.postal_code,
            r.name as region_name, r.kind as region_kind, r.capital
       from agency a join region r on r.id = a.region_id where a.id = ?`, [agencyId]);
  return row;
}

/** Which of these positions exist. */
export async function existingPositionIds(em: EntityManager, ids: number[]): Promise<Set<number>> {
  const rows = await em.execute<{ id: number }[]>('select id from position where id = any(?::int[])', [pgIntArray(ids)]);
  return new Set(rows.map((r) => r.id));
}

/** Who holds a position (undefined: vacant). */
export async function positionHolder(em: EntityManager, positionId: number): Promise<{ id: number; nik: string; name: string } | undefined> {
  const [row] = await em.execute<{ id: number; nik: string; name: string }[]>('select id, nik, name from person where position_id = ?', [positionId]);
  return row;
}

/** The people holding the position's superior post. */
export async function superiorHolderIds(em: EntityManager, positionId: number): Promise<number[]> {
  const rows = await em.execute<{ id: number }[]>('select per.id from position pos join person per on per.position_id = pos.superior_id where pos.id = ?', [positionId]);
  return rows.map((r) => r.id);
}

/** A person's name as printed on letters (null: no such person). */
export async function personName(em: EntityManager, personId: number): Promise<string | null> {
  const [person] = await em.execute<{ name: string }[]>('select name from person where id = ?', [personId]);
  return person?.name ?? null;
}

/** A person's NIP (null: none recorded or no such person). */
export async function personNip(em: EntityManager, personId: number): Promise<string | null> {
  const [person] = await em.execute<{ nip: string | null }[]>('select nip from person where id = ?', [personId]);
  return person?.nip ?? null;
}

export async function insertPosition(em: EntityManager, p: { agencyId: number; title: string; eselon: string | null; superiorId: number | null }): Promise<{ id: number }> {
  const [row] = await em.execute<{ id: number }[]>('insert into position (agency_id, title, eselon, superior_id) values (?, ?, ?, ?) returning id',
    [p.agencyId, p.title, p.eselon, p.superiorId]);
  return row!;
}

/** The position's agency, its row locked for the rest of the transaction (two assignments of one position wait for each other). */
export async function lockPosition(em: EntityManager, positionId: number): Promise<{ agency_id: number } | undefined> {
  const [position] = await em.execute<{ agency_id: number }[]>('select agency_id from position where id = ? for update', [positionId]);
  return position;
}

/** Whether someone other than `personId` holds the position definitively. */
export async function positionHeldByOther(em: EntityManager, positionId: number, personId: number | undefined): Promise<boolean> {
  const [holder] = await em.execute('select 1 from person where position_id = ? and id <> ?', [positionId, personId ?? 0]);
  return Boolean(holder);
}

export async function positionById(em: EntityManager, id: number): Promise<{ id: number; title: string; agency_id: number; superior_id: number | null } | undefined> {
  const [position] = await em.execute<{ id: number; title: string; agency_id: number; superior_id: number | null }[]>(
    'select id, title, agency_id, superior_id from position where id = ?', [id]);
  return position;
}

export async function positionInAgency(em: EntityManager, positionId: number, agencyId: number): Promise<boolean> {
  const [pos] = await em.execute('select 1 from position where id = ? and agency_id = ?', [positionId, agencyId]);
  return Boolean(pos);
}

/** Which of `positionIds` lie anywhere below `positionId` in the superior chain. Plain SQL: a recursive walk. */
export async function positionsBelow(em: EntityManager, positionId: number, positionIds: number[]): Promise<Set<number>> {
  const below = await em.execute<{ id: number }[]>(
    `with recursive below(id) as (select id from position where superior_id = ? union select p.id from position p join below b on p.superior_id = b.id)
     select id from below where id = any(?::int[])`, [positionId, pgIntArray(positionIds)]);
  return new Set(below.map((r) => r.id));
}

/** A jabatan below another, labelled so two alike can be told apart: title, unit and agency, current holder. */
export interface SubordinatePosition { id: number; title: string; unitName: string | null; agencyName: string; holderName: string | null }

/**
 * Every position anywhere below `positionId` (the one rule positionsBelow checks), nearest levels first:
 * the jabatan a disposition may go to.
 */
export async function subordinatePositions(em: EntityManager, positionId: number): Promise<SubordinatePosition[]> {
  return em.execute<SubordinatePosition[]>(
    `with recursive below(id, depth) as (select id, 1 from position where superior_id = ? union select p.id, b.depth + 1 from position p join below b on p.superior_id = b.id)
     select p.id, p.title, u.name as "unitName", a.name as "agencyName", h.name as "holderName"
       from below b join position p on p.id = b.id join agency a on a.id = p.agency_id
       left join org_unit u on u.id = p.unit_id left join person h on h.position_id = p.id
      order by b.depth, p.title, p.id`, [positionId]);
}

/** Whether `positionId` sits exactly `levels` (1 or 2) below `superiorId`. */
export async function isBelowBy(em: EntityManager, positionId: number, superiorId: number, levels: 1 | 2): Promise<boolean> {
  const [chain] = await em.execute<{ ok: boolean }[]>(
    `select exists (select 1 from position s1 ${levels === 2 ? 'join position s2 on s2.id = s1.superior_id' : ''}
      where s1.id = ? and ${levels === 2 ? 's2.superior_id' : 's1.superior_id'} = ?) as ok`, [positionId, superiorId]);
  return Boolean(chain?.ok);
}

export interface PersonFields { name: string; nip: string | null; email: string; phone: string; agencyId: number; positionId: number | null }
const personColumn: Record<keyof PersonFields, string> = {
  name: 'name', nip: 'nip', email: 'email', phone: 'phone', agencyId: 'agency_id', positionId: 'position_id',
};

export async function insertPerson(em: EntityManager, p: PersonFields & { nik: string }): Promise<{ id: number }> {
  const [row] = await em.execute<{ id: number }[]>(
    'insert into person (name, nip, nik, email, phone, agency_id, position_id) values (?, ?, ?, ?, ?, ?, ?) returning id',
    [p.name, p.nip, p.nik, p.email, p.phone, p.agencyId, p.positionId]);
  return row!;
}

/** The person's agency and position, the row locked for the rest of the transaction. */
export async function lockPerson(em: EntityManager, id: number): Promise<{ agency_id: number; position_id: number | null } | undefined> {
  const [current] = await em.execute<{ agency_id: number; position_id: number | null }[]>('select agency_id, position_id from person where id = ? for update', [id]);
  return current;
}

export async function updatePerson(em: EntityManager, id: number, change: Partial<PersonFields>): Promise<void> {
  const entries = (Object.entries(change) as [keyof PersonFields, unknown][]).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return;
  await em.execute(`update person set ${entries.map(([k]) => `${personColumn[k]} = ?`).join(', ')} where id = ?`, [...entries.map(([, v]) => v), id]);
}

/** The person as the directory shows them. */
export async function directoryPerson(em: EntityManager, id: number): Promise<Record<string, unknown> | undefined> {
  const [row] = await em.execute<Record<string, unknown>[]>('select id, name, nip, email, agency_id as "agencyId", position_id as "positionId" from person where id = ?', [id]);
  return row;
}

/** The person's definitive position (null when none). */
export async function personPosition(em: EntityManager, id: number): Promise<{ id: number; position_id: number | null } | undefined> {
  const [person] = await em.execute<{ id: number; position_id: number | null }[]>('select id, position_id from person where id = ?', [id]);
  return person;
}

/** What a certificate names its holder by: name, NIK, NIP, jabatan and agency. */
export async function certificateSubject(em: EntityManager, personId: number): Promise<{ id: number; name: string; nik: string | null; nip: string | null; title: string | null; agency_id: number; agency_name: string } | undefined> {
  const [person] = await em.execute<{ id: number; name: string; nik: string | null; nip: string | null; title: string | null; agency_id: number; agency_name: string }[]>(
    `select p.id, p.name, p.nik, p.nip, pos.title, a.id as agency_id, a.name as agency_name
       from person p join agency a on a.id = p.agency_id left join position pos on pos.id = p.position_id where p.id = ?`, [personId]);
  return person;
}
