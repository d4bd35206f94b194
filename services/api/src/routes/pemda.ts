// The Pemda this installation serves, for screens shown before anyone signs
// in (the sign-in page's "Pemerintah Kabupaten Tanah Bumbu", the public
// verification page) and for every printed time: its settings, which only the
// admin changes. Public: the same name and logo are printed on every letter.
import { z } from '../openapi/zod.js';
import { installationRegion, pemdaSettings, type PemdaSettings } from '@naskah/domain';
import { documentTypes, timeZoneLabel } from '@naskah/domain/rulebook';
import type { ApiContext } from '../context.js';
import { defineRoute, type ApiRouter } from '../http/route.js';
import { AppError } from '../errors/problem.js';
import { singleLine } from '../schemas/common.js';
import { savePemdaSettingsUseCase } from '../use-cases/save-pemda-settings.js';

const pemdaSchema = z.object({
  kind: z.enum(['kabupaten', 'kota', 'provinsi']), name: z.string(), capital: z.string(),
}).openapi('Pemda');

const settingsSchema = z.object({
  name: z.string(),
  logo: z.string().nullable().describe('The lambang as a PNG data: URL; null: none'),
  timeZone: z.string().describe('Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)'),
  timeZoneLabel: z.string().describe('WIB, WITA or WIT, as printed after every time'),
  publicBaseUrl: z.string(),
  sealedDocumentTypes: z.array(z.enum(documentTypes)).describe('Jenis naskah sealed with the institution\'s electronic seal (segel elektronik) once signed'),
  updatedAt: z.string(),
}).openapi('PemdaSettings');

const settingsBody = z.object({
  name: singleLine(3, 255),
  logo: z.string().max(800_000).nullable(),
  timeZone: z.string().max(64),
  publicBaseUrl: z.string().max(255),
  /** Omitted: the marked types stay as they are. */
  sealedDocumentTypes: z.array(z.enum(documentTypes)).max(documentTypes.length).optional(),
}).strict();

function shown(s: PemdaSettings): z.infer<typeof settingsSchema> {
  return { name: s.name, logo: s.logo, timeZone: s.timeZone, timeZoneLabel: timeZoneLabel[s.timeZone] ?? s.timeZone, publicBaseUrl: s.publicBaseUrl, sealedDocumentTypes: s.sealedDocumentTypes, updatedAt: new Date(s.updatedAt).toISOString() };
}

export function pemdaRoutes(api: ApiRouter, ctx: ApiContext): void {
  defineRoute(api, {
    method: 'get', path: '/pemda', tag: 'pemda', access: 'public', errors: [404],
    summary: 'The Pemda (kabupaten, kota or provinsi) this installation serves: its kind, name and capital',
    response: pemdaSchema,
  }, async () => {
    // One installation serves one Pemda (the domain reads which).
    const row = await installationRegion(ctx.orm.em.fork());
    if (!row) throw new AppError('NOT_FOUND', 404, 'No Pemda is set up yet.');
    return row;
  });

  defineRoute(api, {
    method: 'get', path: '/settings/pemda', tag: 'pemda', access: 'public', errors: [404],
    summary: 'The Pemda settings: name and logo (sign-in and verification pages, kop surat), time zone of every printed and entered time, public base URL',
    response: settingsSchema,
  }, async () => {
    const row = await pemdaSettings(ctx.orm.em.fork());
    if (!row) throw new AppError('NOT_FOUND', 404, 'The Pemda settings are not set yet.');
    return shown(row);
  });

  defineRoute(api, {
    method: 'put', path: '/settings/pemda', tag: 'pemda', access: ['admin'],
    body: settingsBody,
    summary: 'Set the Pemda settings (admin; audited), including the document types sealed with the institution\'s electronic seal once signed. 422 names the field: timeZone, publicBaseUrl, logo',
    response: settingsSchema,
  }, async ({ viewer, body }) => shown(await savePemdaSettingsUseCase(ctx.orm.em.fork(), viewer, body)));
}
