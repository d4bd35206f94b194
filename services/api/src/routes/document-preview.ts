import { isTemplateError, renderDocument } from '@naskah/templates';
import type { ApiContext } from '../context.js';
import { defineRoute, type ApiRouter } from '../http/route.js';
import { AppError } from '../errors/problem.js';
import { createDraftBody } from '../schemas/document.js';
import { assertPositionsExist, positionRefs, signerGroupsOf } from '../use-cases/draft-routing.js';
import { buildDocumentContent } from '../use-cases/build-document-content.js';

/**
 * Where a template field came from in the draft payload, so the problem names
 * what the drafter can change: `body[2].text` → `content.body.2.text`,
 * `signers[0].nip` → `signerPositionId`.
 */
export function requestField(templateField: string, signerGroups?: number[][] | null): string {
  const field = templateField.replace(/\[(\d+)\]/g, '.$1');
  const [head, index] = field.split('.');
  if (head === 'signers' || head === 'dari') {
    // Template signers are the groups flattened in order: signers.3 is the fourth position of signerGroups.
    if (!signerGroups) return 'signerPositionId';
    const at = signerGroups.flatMap((group, g) => group.map((_, i) => `signerGroups.${g}.${i}`));
    return at[head === 'dari' ? 0 : Number(index)] ?? 'signerGroups';
  }
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
    // The same route checks as saving (empty group, a position twice, both signer fields), so the preview never shows a route the draft would refuse.
    signerGroupsOf(body);
    await assertPositionsExist(em, positionRefs(body));
    const content = await buildDocumentContent(em, viewer, body);
    let pdf: Uint8Array;
    try {
      ({ pdf } = await renderDocument(content, { final: false }));
    } catch (error) {
      if (!isTemplateError(error)) throw error;
      const field = error.field ? requestField(error.field, body.signerGroups) : undefined;
      throw new AppError(error.code, 422, error.message, { ...(field ? { field } : {}), cause: error });
    }
    res.status(200).type('application/pdf').setHeader('Content-Disposition', 'inline; filename="pratinjau-draf.pdf"');
    // Rendered per keystroke pause from unsaved input: never worth caching.
    res.setHeader('Cache-Control', 'no-store');
    res.end(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    return undefined;
  });
}
