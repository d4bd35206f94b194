// The Pemda this installation serves, for screens shown before anyone signs
// in (the sign-in page's "Pemerintah Kabupaten Tanah Bumbu"). Public: the
// same name is printed on every letterhead.
import { z } from '../openapi/zod.js';
import { installationRegion } from '@naskah/domain';
import type { ApiContext } from '../context.js';
import { defineRoute, type ApiRouter } from '../http/route.js';
import { AppError } from '../errors/problem.js';

const pemdaSchema = z.object({
  kind: z.enum(['kabupaten', 'kota', 'provinsi']), name: z.string(), capital: z.string(),
}).openapi('Pemda');

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
}
