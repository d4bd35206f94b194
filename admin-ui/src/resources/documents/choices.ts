/**
 * Coded values of a naskah dinas (Permendagri 1/2023). Labels come from
 * i18n (naskah.enum.<group>.<id>), so the lists here are ids only.
 */
import { documentStatuses, draftableDocumentTypes, securityClassifications, sifatLevels } from '@naskah/domain/rulebook';

// The rulebook's vocabularies (@naskah/domain/rulebook), under the names the screens use.
export const DOCUMENT_TYPES = draftableDocumentTypes;
export const SIFAT = sifatLevels;
export const KLASIFIKASI_KEAMANAN = securityClassifications;
export const DOCUMENT_STATUSES = documentStatuses;

export function choices(group: string, ids: readonly string[]) {
  return ids.map((id) => ({ id, name: `naskah.enum.${group}.${id}` }));
}
