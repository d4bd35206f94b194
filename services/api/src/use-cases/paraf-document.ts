// A reviewer's electronic paraf: the paraf version (the letter rendered again
// with their paraf box filled, as the workflow prints it for a paraf without a
// key) signed with the reviewer's own key while the request is open, as a
// PAdES approval signature on exactly that content. Numbering renders the
// letter again, so the signature stays with this version in the history; the
// final letter carries the printed box. As for a TTE (sign-document.ts), the
// passphrase opens the key in this process only: the workflow hears "paraf,
// version N, sha256 H" and never the passphrase.
import { Readable } from 'node:stream';
import {
  currentVersionWithDrafter, latestVersion, lockDocument, numberingSubject, ownSignatureOnTop, parafMarkedContent, recordDocumentVersion, routingEndStatuses, versionObjectKey,
  type DocumentRenderInput, type DomainEntityManager as EntityManager, type NewDocumentVersion, type Viewer,
} from '@naskah/domain';
import { renderDocument, type DocumentContentInput } from '@naskah/templates';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Actor, Diproses, NaskahWorkflows, RoutingState } from '@naskah/workflows/client';
import { AppError } from '../errors/problem.js';
import type { ObjectStore } from '../storage/object-store.js';
import { durableRoutingAction } from './routing-action.js';
import type { SignerKey } from './signer-keys.js';

/** The reviewer's waiting paraf step: which box of the chain (0-based) and as whom (position, delegation). */
export interface ParafTurn {
  index: number;
  actor: Actor;
  /** The version the workflow routes now: the paraf version must be newer. */
  version: number;
}

/** How long the turn is asked of the workflow (it may be between two steps a moment after the previous paraf). */
const turnWaitMs = 3000;

/**
 * The viewer's paraf turn, checked before the passphrase is even used: the workflow's own view of
 * the step waiting now (its `paraf` validator checks it again when the paraf is reported).
 */
export async function parafTurn(workflows: NaskahWorkflows, viewer: Viewer, documentId: number): Promise<ParafTurn> {
  const me = String(viewer.personId);
  const until = Date.now() + turnWaitMs;
  let state: RoutingState | undefined;
  for (;;) {
    try {
      state = await workflows.routing(String(documentId)).stateWithin(turnWaitMs);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new AppError('DOCUMENT_CLOSED', 409, 'the document is not being routed (never submitted, or its routing has finished)');
      throw new AppError('WORKFLOW_UNAVAILABLE', 503, 'the workflow engine did not answer in time; nothing was recorded', { cause: error });
    }
    if ((routingEndStatuses as readonly string[]).includes(state.status)) throw new AppError('DOCUMENT_CLOSED', 409, `document is ${state.status}`);
    const step = state.waiting.find((w) => w.kind === 'paraf' && w.actors.some((a) => a.personId === me));
    if (step) {
      const index = Number(/:paraf:(\d+)$/.exec(step.stepKey)?.[1]) - 1;
      return { index, actor: step.actors.find((a) => a.personId === me)!, version: state.version };
    }
    // Between two steps (the previous paraf being recorded, the next reviewer being resolved): ask again shortly.
    if (state.waiting.length > 0 || Date.now() >= until) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const waitingFor = state.waiting.map((w) => `${w.kind} by ${w.actors.map((a) => a.personId).join('/')}`).join(', ');
  throw new AppError('ACTION_OUT_OF_TURN', 409, `not ${me}'s turn to paraf; waiting for ${waitingFor || state.status}`);
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** One paraf version is one report, however often it is sent: the workflow applies a request id once. */
const parafRequestId = (documentId: number, version: number): string => `paraf:${documentId}:${version}`;

export type ParafOutcome = (RoutingState | (Diproses & { documentId: string })) & { parafVersion: number };

/**
 * Prints the reviewer's paraf in their box as the next version (reason `paraf_signed`), signed with
 * their opened key (an invisible approval signature: the printed box is its visible mark), and reports
 * the paraf with that version to the workflow. A document that is not a server-rendered letter (an
 * uploaded PDF) has no box to print in: its current bytes are signed as they are.
 */
export async function signedParaf(
  em: EntityManager, store: ObjectStore, workflows: NaskahWorkflows, viewer: Viewer, documentId: number, turn: ParafTurn, holder: SignerKey,
  note: string | undefined, waitMs: number,
): Promise<ParafOutcome> {
  const me = String(viewer.personId);
  // Her electronic paraf already stored on top of the version the workflow routes (a second click, or a process that
  // died before its report reached the workflow): that one stands and is reported again under the same request id
  // (applied once); nothing is signed twice.
  const earlier = await ownSignatureOnTop(em, documentId, viewer.personId, 'paraf_signed');
  if (earlier && earlier.version > turn.version) {
    const reported = await durableRoutingAction(workflows, documentId, {
      kind: 'paraf', req: { personId: me, ...(note ? { note } : {}), version: earlier.version, sha256: earlier.sha256, requestId: parafRequestId(documentId, earlier.version) },
    }, waitMs);
    return { ...reported, parafVersion: earlier.version };
  }
  const current = await currentVersionWithDrafter(em, documentId);
  const subject = await numberingSubject(em, documentId);
  if (!current || !subject) throw new AppError('INVALID_STATE', 409, `document ${documentId} has no version to paraf`);
  const at = new Date().toISOString();
  const marked = await parafMarkedContent(em, current, {
    index: turn.index, positionId: turn.actor.positionId, personId: turn.actor.personId, delegation: turn.actor.delegation?.kind, at,
  });
  let unsigned: Buffer;
  let renderInput: DocumentRenderInput | null = null;
  let signatureSlots: NewDocumentVersion['signatureSlots'] = null;
  if (marked && !marked.alreadyPrinted) {
    const input = current.render_input!;
    const lampiranPdf = [];
    for (const l of input.lampiran) lampiranPdf.push({ base64: (await bytesOf(await store.get(l.objectKey))).toString('base64') });
    const rendered = await renderDocument({ ...marked.content, lampiranPdf } as DocumentContentInput, { final: false });
    unsigned = Buffer.from(rendered.pdf.buffer, rendered.pdf.byteOffset, rendered.pdf.byteLength);
    renderInput = { content: marked.content, lampiran: input.lampiran };
    signatureSlots = rendered.signatureSlots;
  } else {
    const objectKey = await versionObjectKey(em, documentId, current.no);
    if (!objectKey) throw new AppError('INVALID_STATE', 409, `version ${current.no} of document ${documentId} is not stored`);
    unsigned = await bytesOf(await store.get(objectKey));
    renderInput = current.render_input;
  }
  const reason = turn.actor.delegation ? `${turn.actor.delegation.kind} pemeriksa (paraf)` : 'Paraf pemeriksa';
  const signed = await holder.sign(
    { em, viewer, documentId, version: current.no, confirmResend: false },
    { pdf: unsigned, reason, appearance: { visible: false }, paraf: true },
  );
  // Content-addressed like every version: the key names the signed bytes.
  const stored = await store.putVersion(Readable.from(signed));
  const no = await em.transactional(async (tx) => {
    await lockDocument(tx, documentId);
    // Signed on the version that was current: a version added meanwhile would be dropped by this one.
    const newest = await latestVersion(tx, documentId);
    if (newest?.no !== current.no) {
      throw new AppError('STALE_VERSION', 409, `the document changed while the paraf was being signed (version ${newest?.no ?? 0} is now the newest); nothing was recorded`);
    }
    return (await recordDocumentVersion(tx, {
      documentId, agencyId: subject.agency_id, objectKey: stored.key, sha256: stored.sha256, size: stored.size, reason: 'paraf_signed',
      authorId: viewer.personId, actor: { id: viewer.personId, name: viewer.name }, renderInput, signatureSlots,
    })).no;
  });
  const reported = await durableRoutingAction(workflows, documentId, {
    kind: 'paraf', req: { personId: me, ...(note ? { note } : {}), version: no, sha256: stored.sha256, requestId: parafRequestId(documentId, no) },
  }, waitMs);
  return { ...reported, parafVersion: no };
}
