// The Pemda's settings (pemda_setting): one row, id 1, set by the admin.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PemdaTimeZone } from '../rulebook/pemda-time-zones.js';
import type { DocumentType } from '../rulebook/vocabularies.js';

export interface PemdaSettings {
  name: string; logo: string | null; timeZone: PemdaTimeZone; publicBaseUrl: string;
  /** Jenis naskah sealed with the institution's electronic seal once signed (the admin marks them). */
  sealedDocumentTypes: DocumentType[];
  updatedAt: Date;
}

/**
 * The zone used before an admin (or the seed) has set one: the demo Pemda's
 * (Tanah Bumbu, WITA), which is what every printed time used until the
 * setting existed.
 */
export const defaultPemdaTimeZone: PemdaTimeZone = 'Asia/Makassar';

const columns = 'name, logo, time_zone as "timeZone", public_base_url as "publicBaseUrl", sealed_document_types as "sealedDocumentTypes", updated_at as "updatedAt"';

/** The settings; undefined until the seed or an admin has written them. */
export async function pemdaSettings(em: EntityManager): Promise<PemdaSettings | undefined> {
  const [row] = await em.execute<PemdaSettings[]>(`select ${columns} from pemda_setting where id = 1`);
  return row;
}

/** The zone every printed and entered time is in. */
export async function pemdaTimeZone(em: EntityManager): Promise<PemdaTimeZone> {
  return (await pemdaSettings(em))?.timeZone ?? defaultPemdaTimeZone;
}

/** Whether a signed document of this type gets the institution's electronic seal before it is archived. */
export async function isSealedDocumentType(em: EntityManager, type: string): Promise<boolean> {
  const [row] = await em.execute<{ sealed: boolean }[]>('select ? = any(sealed_document_types) as sealed from pemda_setting where id = 1', [type]);
  return row?.sealed === true;
}

/** Writes the settings (the one row); returns them as stored. Without `sealedDocumentTypes` the marked types stay as they are. */
export async function savePemdaSettings(em: EntityManager, s: Omit<PemdaSettings, 'updatedAt' | 'sealedDocumentTypes'> & { sealedDocumentTypes?: DocumentType[] }): Promise<PemdaSettings> {
  // A Postgres array literal: the values are the rulebook's document types (letters and underscores only).
  const sealed = s.sealedDocumentTypes ? `{${[...new Set(s.sealedDocumentTypes)].join(',')}}` : null;
  const [row] = await em.execute<PemdaSettings[]>(
    `insert into pemda_setting (id, name, logo, time_zone, public_base_url, sealed_document_types, updated_at) values (1, ?, ?, ?, ?, coalesce(?::text[], '{}'), now())
     on conflict (id) do update set name = excluded.name, logo = excluded.logo, time_zone = excluded.time_zone,
       public_base_url = excluded.public_base_url, updated_at = excluded.updated_at,
       sealed_document_types = coalesce(?::text[], pemda_setting.sealed_document_types)
     returning ${columns}`, [s.name, s.logo, s.timeZone, s.publicBaseUrl, sealed, sealed]);
  return row!;
}

/** The seed's first settings: kept when an admin has already set them. */
export async function seedPemdaSettings(em: EntityManager, s: Omit<PemdaSettings, 'updatedAt' | 'logo' | 'sealedDocumentTypes'>): Promise<void> {
  await em.execute(
    `insert into pemda_setting (id, name, logo, time_zone, public_base_url, sealed_document_types, updated_at) values (1, ?, null, ?, ?, '{}', now()) on conflict (id) do nothing`,
    [s.name, s.timeZone, s.publicBaseUrl]);
}
