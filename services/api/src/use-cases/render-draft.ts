import { Readable } from 'node:stream';
import type { DomainEntityManager as EntityManager } from '@naskah/domain';
import { documentRoute, documentStatus, lockDocument, recordDocumentVersion, storedDraftRow, type DocumentRenderInput, type Viewer } from '@naskah/domain';
import { isTemplateError, renderDocument, type DocumentContentInput } from '@naskah/templates';
import { AppError } from '../errors/problem.js';
import { createDraftBody } from '../schemas/document.js';
import type { ObjectStore } from '../storage/object-store.js';
import { buildDocumentContent } from './build-document-content.js';
import { listLampiran, type LampiranRow } from './document-lampiran.js';
import { assertStillEditable, editableDraft } from './editable-draft.js';
import type { NaskahWorkflows } from '@naskah/workflows/client';

/**
 * The stored draft as the payload POST /documents takes, so it renders exactly
 * as the compose screen's preview did: reviewers and signers from its steps.
 * With lampiran uploaded, "Lampiran: n berkas" counts them.
 */
async function storedDraft(em: EntityManager, documentId: number, lampiran: LampiranRow[]) {
  const row = await storedDraftRow(em, documentId);
  const steps = await documentRoute(em, documentId);
  const signing = steps.filter((s) => s.kind === 'sign');
  // Several signers are stored as sign steps grouped by order; one signer as signer_position_id.
  const signerGroups = [...new Set(signing.map((s) => s.step_order))].map((order) => signing.filter((s) => s.step_order === order).map((s) => s.position_id));
  return createDraftBody.parse({
    type: row!.type, hal: row!.hal, sifat: row!.sifat, classification: row!.classification, archiveCode: row!.archive_code,
    lampiran: lampiran.length > 0 ? lampiran.length : row!.lampiran,
    kepada: row!.kepada, tembusan: row!.tembusan, content: row!.content,
    reviewerPositionIds: steps.filter((s) => s.kind === 'paraf').map((s) => s.position_id),
    ...(signing.length > 1 ? { signerGroups } : row!.signer_position_id ? { signerPositionId: row!.signer_position_id } : {}),
  });
}

/**
 * Where a template field came from in the stored draft, so the problem names
 * what the drafter can change; `lampiranPdf[i]` is the i-th lampiran upload.
 */
function draftField(templateField: string, lampiran: LampiranRow[], requestField: (f: string) => string): string {
  const attached = /^lampiranPdf\[(\d+)\]/.exec(templateField);
  if (attached) return `lampiran.${lampiran[Number(attached[1])]?.no ?? attached[1]}`;
  return requestField(templateField);
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Renders the drafter's stored draft with its template (DRAF watermark,
 * temporary number, lampiran appended) and stores it as the next version,
 * reason `rendered`, with the render input numbering needs to print the
 * allocated number into the same letter.
 */
export async function renderDraftVersion(
  em: EntityManager, workflows: NaskahWorkflows, store: ObjectStore, viewer: Viewer, documentId: number, requestField: (f: string) => string,
): Promise<{ no: number; sha256: string; size: number; pageCount: number }> {
  const document = await editableDraft(em, workflows, viewer, documentId, 'renders konsep versions');
  const lampiran = await listLampiran(em, documentId);
  const content: DocumentContentInput = await buildDocumentContent(em, viewer, await storedDraft(em, documentId, lampiran));
  const lampiranPdf = [];
  for (const l of lampiran) lampiranPdf.push({ base64: (await bytesOf(await store.get(l.objectKey))).toString('base64') });
  let rendered: Awaited<ReturnType<typeof renderDocument>>;
  try {
    rendered = await renderDocument({ ...content, lampiranPdf }, { final: false });
  } catch (error) {
    if (!isTemplateError(error)) throw error;
    const field = error.field ? draftField(error.field, lampiran, requestField) : undefined;
    throw new AppError(error.code, 422, error.message, { ...(field ? { field } : {}), cause: error });
  }
  // Content-addressed: rendering an unchanged draft again stores no second object.
  const stored = await store.putVersion(Readable.from(Buffer.from(rendered.pdf.buffer, rendered.pdf.byteOffset, rendered.pdf.byteLength)));
  const renderInput: DocumentRenderInput = {
    content: content as Record<string, unknown>,
    lampiran: lampiran.map((l) => ({ no: l.no, objectKey: l.objectKey, sha256: l.sha256 })),
  };
  return em.transactional(async (tx) => {
    await lockDocument(tx, documentId);
    // Submitted while rendering: the routed version must stay the one reviewers were shown.
    await assertStillEditable(workflows, documentId, (await documentStatus(tx, documentId))!);
    const { no } = await recordDocumentVersion(tx, {
      documentId, agencyId: document.agency_id, objectKey: stored.key, sha256: stored.sha256, size: stored.size, reason: 'rendered',
      authorId: viewer.personId, actor: { id: viewer.personId, name: viewer.name }, renderInput, signatureSlots: rendered.signatureSlots,
    });
    return { no, sha256: stored.sha256, size: stored.size, pageCount: rendered.pageCount };
  });
}
