import { pemdaTimeZones, type DocumentType, type PemdaTimeZone } from '@naskah/domain/rulebook';
import { recordAudit, savePemdaSettings, type DomainEntityManager, type PemdaSettings, type Viewer } from '@naskah/domain';
import { AppError } from '../errors/problem.js';

export interface PemdaSettingsInput {
  name: string; logo: string | null; timeZone: string; publicBaseUrl: string;
  /** Undefined: the marked types stay as they are. */
  sealedDocumentTypes?: DocumentType[] | undefined;
}

/** The kop and the sign-in page show the logo small: a larger file is a scan or a photo, not a lambang. */
const LOGO_MAX_BYTES = 512 * 1024;

/** A PNG, by its first bytes (the type in the data: URL is only a claim): the kop surat embeds PNG. */
function logoBytes(logo: string): Buffer | undefined {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/.exec(logo);
  if (!match) return undefined;
  const bytes = Buffer.from(match[1]!, 'base64');
  return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? bytes : undefined;
}

/** An address printed on QR codes and certificates: http(s), a host, no query or fragment; kept without its trailing slash. */
function baseUrl(text: string): string | undefined {
  let url: URL;
  try { url = new URL(text); } catch { return undefined; }
  if (!/^https?:$/.test(url.protocol) || !url.hostname || url.search || url.hash || url.username || url.password) return undefined;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The admin sets the Pemda's name, logo, time zone and public address. Each
 * value is checked here so the refusal names its field (422); the change is
 * audited with what it was before.
 */
export async function savePemdaSettingsUseCase(em: DomainEntityManager, viewer: Viewer, input: PemdaSettingsInput): Promise<PemdaSettings> {
  if (!(pemdaTimeZones as readonly string[]).includes(input.timeZone)) {
    throw new AppError('TIME_ZONE_UNKNOWN', 422, `timeZone must be one of ${pemdaTimeZones.join(', ')}.`, { field: 'timeZone' });
  }
  const publicBaseUrl = baseUrl(input.publicBaseUrl);
  if (!publicBaseUrl) throw new AppError('PUBLIC_BASE_URL_INVALID', 422, 'publicBaseUrl must be an http(s) address without query or fragment.', { field: 'publicBaseUrl' });
  if (input.logo !== null) {
    const bytes = logoBytes(input.logo);
    if (!bytes) throw new AppError('LAMBANG_UNREADABLE', 422, 'logo must be a PNG data: URL.', { field: 'logo' });
    if (bytes.length > LOGO_MAX_BYTES) throw new AppError('LOGO_TOO_LARGE', 422, `logo must be at most ${LOGO_MAX_BYTES / 1024} KB.`, { field: 'logo' });
  }
  return em.transactional(async (tx) => {
    const saved = await savePemdaSettings(tx, {
      name: input.name, logo: input.logo, timeZone: input.timeZone as PemdaTimeZone, publicBaseUrl,
      ...(input.sealedDocumentTypes ? { sealedDocumentTypes: input.sealedDocumentTypes } : {}),
    });
    await recordAudit(tx, {
      actor: { id: viewer.personId, name: viewer.name }, action: 'pemda_setting.updated', subjectType: 'pemda_setting', subjectId: 1,
      // The logo's bytes stay out of the chain: whether one is set is what a reader needs.
      data: { name: saved.name, timeZone: saved.timeZone, publicBaseUrl: saved.publicBaseUrl, logo: saved.logo !== null, sealedDocumentTypes: saved.sealedDocumentTypes },
    });
    return saved;
  });
}
