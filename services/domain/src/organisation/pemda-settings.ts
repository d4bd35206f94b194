// The Pemda's settings (pemda_setting): one row, id 1, set by the admin.
import type { EntityManager } from '@mikro-orm/postgresql';
import { defaultPemdaTimeZone, type PemdaTimeZone } from '../rulebook/pemda-time-zones.js';
import type { DocumentType } from '../rulebook/vocabularies.js';
import { rebuildDashboardDays } from '../dashboard/dashboard-days.js';

export interface PemdaSettings {
  name: string; logo: string | null; timeZone: PemdaTimeZone; publicBaseUrl: string;
  /** Jenis naskah sealed with the institution's electronic seal once signed (the admin marks them). */
  sealedDocumentTypes: DocumentType[];
  updatedAt: Date;
}

export { defaultPemdaTimeZone } from '../rulebook/pemda-time-zones.js';

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

/**
 * The public base URL every new QR code, verification link and certificate
 * names: the settings' (set by the admin, one book). `configured`
 * (PUBLIC_BASE_URL) seeds the settings and answers only until they exist.
 */
export async function pemdaPublicBaseUrl(em: EntityManager, configured: string): Promise<string> {
  return (await pemdaSettings(em))?.publicBaseUrl ?? configured;
}

/** Whether a signed document of this type gets the institution's electronic seal before it is archived. */
export async function isSealedDocumentType(em: EntityManager, type: string): Promise<boolean> {
  const [row] = await em.execute<{ sealed: boolean }[]>('select ? = any(sealed_document_types) as sealed from pemda_setting where id = 1', [type]);
  return row?.sealed === true;
}

/**
 * Writes the settings (the one row); returns them as stored. A new time zone
 * moves the day boundary, so the dashboard's per-day rows are rebuilt in the
 * same transaction. Without `sealedDocumentTypes` the marked types stay as they are.
 */
export async function savePemdaSettings(em: EntityManager, s: Omit<PemdaSettings, 'updatedAt' | 'sealedDocumentTypes'> & { sealedDocumentTypes?: DocumentType[] }): Promise<PemdaSettings> {
  if (!em.isInTransaction()) return em.transactional((tx) => savePemdaSettings(tx, s));
  const zoneBefore = await pemdaTimeZone(em);
  // A Postgres array literal: the values are the rulebook's document types (letters and underscores only).
  const sealed = s.sealedDocumentTypes ? `{${[...new Set(s.sealedDocumentTypes)].join(',')}}` : null;
  const [row] = await em.execute<PemdaSettings[]>(
    `insert into pemda_setting (id, name, logo, time_zone, public_base_url, sealed_document_types, updated_at) values (1, ?, ?, ?, ?, coalesce(?::text[], '{}'), now())
     on conflict (id) do update set name = excluded.name, logo = excluded.logo, time_zone = excluded.time_zone,
       public_base_url = excluded.public_base_url, updated_at = excluded.updated_at,
       sealed_document_types = coalesce(?::text[], pemda_setting.sealed_document_types)
     returning ${columns}`, [s.name, s.logo, s.timeZone, s.publicBaseUrl, sealed, sealed]);
  if (row!.timeZone !== zoneBefore) await rebuildDashboardDays(em);
  return row!;
}

/** The seed's first settings: kept when an admin has already set them. */
export async function seedPemdaSettings(em: EntityManager, s: Omit<PemdaSettings, 'updatedAt' | 'logo' | 'sealedDocumentTypes'>): Promise<void> {
  if (!em.isInTransaction()) return em.transactional((tx) => seedPemdaSettings(tx, s));
  const inserted = await em.execute<{ id: number }[]>(
    `insert into pemda_setting (id, name, logo, time_zone, public_base_url, sealed_document_types, updated_at) values (1, ?, null, ?, ?, '{}', now()) on conflict (id) do nothing returning id`,
    [s.name, s.timeZone, s.publicBaseUrl]);
  // Days counted in the default zone until now are moved to the seeded one.
  if (inserted.length > 0 && s.timeZone !== defaultPemdaTimeZone) await rebuildDashboardDays(em);
}
