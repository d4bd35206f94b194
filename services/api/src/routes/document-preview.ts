import { isTemplateError, renderDocument } from '@naskah/templates';
import type { ApiContext } from '../context.js';
import { defineRoute, type ApiRouter } from '../http/route.js';
import { AppError } from '../errors/problem.js';
import { createDraftBody } from '../schemas/document.js';
import { assertPositionsExist, positionRefs } from '../use-cases/draft-routing.js';
import { buildDocumentContent } from '../use-cases/build-document-content.js';

/**
 * Where a template field came from in the draft payload, so the problem names
 * what the drafter can change: `body[2].text` → `content.body.2.text`,
 * `signers[0].nip` → `signerPositionId`.
 */
export function requestField(templateField: string): string {
  const field = templateField.replace(/\[(\d+)\]/g, '.$1');
  const [head] = field.split('.');
  if (head === 'signers' || head === 'dari') return 'signerPositionId';
  if (head === 'paraf') return 'reviewerPositionIds';
  if (head === 'agency') return `(agency).${field}`;
  if (['hal', 'kepada', 'tembusan', 'type', 'sifat', 'lampiran', 'nomorSementara', 'tanggal', 'tempat'].includes(head!)) return field;
  return `content.${field}`;
}

/**
 * The compose screen's live preview: the draft payload rendered as the
 * template would print it (DRAF watermark, temporary number), nothing stored.
 * Registered before any /documents/:id route so "preview" is never taken for an id.
 */
export function documentPreviewRoutes(api: ApiRouter, ctx: ApiContext): void {
  defineRoute(api, {
    method: 'post', path: '/documents/preview', tag: 'documents', access: ['drafter'], body: createDraftBody, status: 200, errors: [422],
    summary: 'Render a draft payload (same body as POST /documents) to a PDF preview; nothing is stored',
    response: { mediaType: 'application/pdf' },
  }, async ({ res, viewer, body }) => {
    const em = ctx.orm.em.fork();
    await assertPositionsExist(em, positionRefs(body));
    const content = await buildDocumentContent(em, viewer, body);
    let pdf: Uint8Array;
    try {
      ({ pdf } = await renderDocument(content, { final: false }));
    } catch (error) {
      if (!isTemplateError(error)) throw error;
      const field = error.field ? requestField(error.field) : undefined;
      throw new AppError(error.code, 422, error.message, { ...(field ? { field } : {}), cause: error });
    }
    res.status(200).type('application/pdf').setHeader('Content-Disposition', 'inline; filename="pratinjau-draf.pdf"');
    // Rendered per keystroke pause from unsaved input: never worth caching.
    res.setHeader('Cache-Control', 'no-store');
    res.end(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    return undefined;
  });
}
