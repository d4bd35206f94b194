// Every action on a submitted agreement is a message to its AgreementWorkflow:
// submission starts it (the agreement document then goes through its routing:
// paraf, every party signs), a quarter's realisation and a revision of the
// targets are Updates. The workflow decides the turn (a quarter reported only
// while its window is open, and once; one revision at a time) and answers 409
// naming the rule; its activities write the rows. Who may act is asked of the
// access policy first.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { trimmed, z } from '../openapi/zod.js';
import { dbId, valueOutOfRange } from '../schemas/common.js';
import { indicatorValueProblem, loadAgreement, mayReportRealisation, type AgreementRecord, type DomainEntityManager as EntityManager, type Viewer } from '@naskah/domain';
import type { AgreementCommand, AgreementState, Diproses, Indicator, NaskahWorkflows, QuarterReport, RoutingInput } from '@naskah/workflows/client';
import { AppError, notFound, registerProblemCodes } from '../errors/problem.js';
import { indicatorAmount, indicatorList } from './draft-agreement.js';
import { problemFor, routingAction } from './routing-action.js';
import type { ObjectStore } from '../storage/object-store.js';
import { evidenceReference } from './agreement-evidence.js';
import { documentForRouting, routingInputFor } from './submit-document.js';

export const submitAgreementBody = z.object({
  /** The agreement's naskah (a konsep of type perjanjian_kinerja / kerja_sama by the submitter, every party among its signers). */
  documentId: dbId(),
}).strict().openapi('SubmitAgreement');

export const realisationBody = z.object({
  quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  realisations: z.array(z.object({
    code: z.string().min(1).max(32),
    value: indicatorAmount,
    /** Bukti dukung: what was achieved and where the evidence is. */
    evidence: z.string().max(10_000).default(''),
    /** The bukti dukung file, uploaded first (POST /agreements/{id}/evidence), named by its hash. */
    evidenceFile: z.object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 the upload answered (64 hex digits)'),
      name: trimmed(1, 200),
    }).strict().optional(),
  }).strict()).min(1).max(100),
}).strict().openapi('RealisationInput');

const revisionWithoutIndicators = 'REVISION_WITHOUT_INDICATORS';
registerProblemCodes({ [revisionWithoutIndicators]: 422 });

export const reviseAgreementBody = z.object({
  /** The revised agreement's naskah, routed again for paraf and every party's signature. */
  documentId: dbId(),
  // 422 like any well-formed but unacceptable value: the schema allows an empty list (a konsep may have none).
  indicators: indicatorList.refine((l) => l.length > 0, { message: 'a revision lists its indicators', params: { code: revisionWithoutIndicators } }),
}).strict().openapi('ReviseAgreement');

const notSubmitted = () => new AppError('AGREEMENT_NOT_SUBMITTED', 409, 'Perjanjian belum diajukan untuk ditandatangani, atau prosesnya sudah selesai.');
const isGone = (error: unknown) => error instanceof WorkflowNotFoundError || (error instanceof Error && /already completed/i.test(error.message));

/** routingAction for a read of an agreement's workflow: none running means the agreement was never submitted (or its year is closed). */
function agreementAction<T>(call: () => Promise<T>): Promise<T> {
  return routingAction(() => call().catch((error: unknown) => {
    if (isGone(error)) throw notSubmitted();
    throw error;
  }));
}

const diproses = <T>(answer: T | Diproses): answer is Diproses => (answer as { state?: unknown }).state === 'diproses';

/**
 * A click on an agreement (a quarter's realisation, a revision), never lost to a worker restart: the
 * workflow's answer within `waitMs`, else "diproses" (202) once the click is in its history.
 */
async function durableAgreementAction<T>(workflows: NaskahWorkflows, agreementId: number, command: AgreementCommand, waitMs: number): Promise<T | (Diproses & { id: number })> {
  try {
    const answer: T | Diproses = await workflows.agreement(String(agreementId)).act<T>(command, waitMs);
    return diproses(answer) ? { ...answer, id: agreementId } : answer;
  } catch (error) {
    if (isGone(error)) throw notSubmitted();
    return problemFor(error);
  }
}

async function agreementOf(em: EntityManager, agreementId: number): Promise<AgreementRecord> {
  const agreement = await loadAgreement(em, agreementId);
  if (!agreement) throw notFound();
  return agreement;
}

function ownAgency(viewer: Viewer, agreement: AgreementRecord): void {
  if (agreement.agencyId !== viewer.agencyId) throw new AppError('FORBIDDEN', 403, 'Perjanjian diajukan dan direvisi oleh instansi yang membuatnya.');
}

const toIndicator = (i: { code: string; name: string; unit: string; direction: Indicator['direction']; targetYear: number; targetQuarters: [number, number, number, number] }): Indicator => ({
  code: i.code, name: i.name, unit: i.unit, direction: i.direction, yearlyTarget: i.targetYear, quarterlyTargets: i.targetQuarters,
});

/**
 * The agreement's naskah as it will be routed: a konsep of the submitter's with a PDF, and every party of the
 * agreement among its signers (both parties sign a perjanjian kinerja).
 */
async function agreementDocument(em: EntityManager, viewer: Viewer, agreement: AgreementRecord, documentId: number): Promise<RoutingInput> {
  const doc = await documentForRouting(em, documentId);
  if (doc.drafter_id !== viewer.personId) throw new AppError('FORBIDDEN', 403, 'Naskah perjanjian diajukan oleh pengonsepnya.', { field: 'documentId' });
  if (doc.status !== 'draft') throw new AppError('INVALID_STATE', 409, `Naskah ${documentId} berstatus ${doc.status}; hanya konsep yang diajukan.`, { field: 'documentId' });
  const routing = await routingInputFor(em, doc, doc.latest);
  const signers = new Set(routing.signerGroups.flat());
  const missing = agreement.parties.find((p) => !signers.has(String(p)));
  if (missing !== undefined) throw new AppError('VALIDATION_FAILED', 422, `Jabatan ${missing} adalah pihak perjanjian tetapi bukan penanda tangan naskahnya.`, { field: 'documentId' });
  // Its RoutingWorkflow (the agreement's child) moves it to in_review as its first activity.
  return routing;
}

/** Submission: the konsep's process starts; its naskah goes for paraf and the signature of every party. */
export async function submitAgreement(em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, agreementId: number, input: z.infer<typeof submitAgreementBody>): Promise<{ id: number; status: string; documentId: number }> {
  const agreement = await agreementOf(em, agreementId);
  ownAgency(viewer, agreement);
  if (agreement.status !== 'draft') throw new AppError('AGREEMENT_NOT_DRAFT', 409, `Perjanjian berstatus ${agreement.status}; hanya konsep yang diajukan.`, { field: 'status' });
  if (agreement.indicators.length === 0) throw new AppError('VALIDATION_FAILED', 422, 'Perjanjian belum memuat indikator kinerja.', { field: 'indicators' });
  const document = await agreementDocument(em, viewer, agreement, input.documentId);
  await workflows.startAgreement({
    agreementId: String(agreement.id), agencyCode: agreement.agencyCode, year: agreement.year, drafterPersonId: String(viewer.personId),
    partyPositionIds: agreement.parties.map(String), document, indicators: agreement.indicators.map(toIndicator),
  }).catch((error: unknown) => {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw new AppError('AGREEMENT_NOT_DRAFT', 409, 'Perjanjian sudah diajukan.', { field: 'status' });
    throw error;
  });
  // Answered from what was started, not a query (a query needs a worker; the submission is already durable).
  return { id: agreement.id, status: 'signing', documentId: input.documentId };
}

export async function agreementState(workflows: NaskahWorkflows, agreementId: number): Promise<AgreementState> {
  return agreementAction(() => workflows.agreement(String(agreementId)).state());
}

/** A quarter's realisation (with bukti dukung) for every indicator, while its window is open. */
export async function reportRealisation(
  em: EntityManager, store: ObjectStore, workflows: NaskahWorkflows, viewer: Viewer, agreementId: number, input: z.infer<typeof realisationBody>, waitMs: number,
): Promise<QuarterReport | (Diproses & { id: number })> {
  if (!(await mayReportRealisation(em, viewer, agreementId))) throw new AppError('FORBIDDEN', 403, 'Realisasi diisi oleh pihak perjanjian atau sekretariat instansinya.');
  const agreement = await agreementOf(em, agreementId);
  const units = new Map(agreement.indicators.map((i) => [i.code, i.unit]));
  for (const [i, r] of input.realisations.entries()) {
    const unit = units.get(r.code);
    // An unknown code is the workflow's to refuse (it knows the indicators of the version in force).
    const problem = unit === undefined ? undefined : indicatorValueProblem(unit, r.value);
    if (problem) throw new AppError(valueOutOfRange, 422, problem, { field: `realisations.${i}.value` });
  }
  // The workflow gets the file's reference (read back from the store), never the bytes.
  const realisations = await Promise.all(input.realisations.map(async ({ evidenceFile, ...r }, i) => ({
    ...r, ...(evidenceFile ? { evidenceFile: await evidenceReference(store, agreementId, evidenceFile, `realisations.${i}.evidenceFile`) } : {}),
  })));
  return durableAgreementAction(workflows, agreementId, { kind: 'report', req: { personId: String(viewer.personId), ...input, realisations } }, waitMs);
}

/**
 * A revision of the targets: a new naskah signed by every party, then a new version of the same
 * agreement. The workflow decides whether a revision may start (signed, none pending) and answers 409
 * naming the rule; the naskah stays a konsep until its routing's first activity puts it in review.
 */
export async function reviseAgreement(
  em: EntityManager, workflows: NaskahWorkflows, viewer: Viewer, agreementId: number, input: z.infer<typeof reviseAgreementBody>, waitMs: number,
): Promise<AgreementState | (Diproses & { id: number })> {
  const agreement = await agreementOf(em, agreementId);
  ownAgency(viewer, agreement);
  if (agreement.status === 'draft') throw new AppError('AGREEMENT_NOT_SUBMITTED', 409, 'Konsep diubah langsung; hanya perjanjian yang sudah ditandatangani yang direvisi.', { field: 'status' });
  // The record's status (its workflow's activities write it) names the rule without asking a worker; the workflow checks again.
  if (agreement.status !== 'active' && agreement.status !== 'reporting') {
    throw new AppError('AGREEMENT_NOT_ACTIVE', 409, `Perjanjian berstatus ${agreement.status}: hanya perjanjian yang sudah ditandatangani semua pihak yang direvisi.`, { field: 'status' });
  }
  const document = await agreementDocument(em, viewer, agreement, input.documentId);
  return durableAgreementAction(workflows, agreementId, { kind: 'revise', req: { personId: String(viewer.personId), document, indicators: input.indicators.map(toIndicator) } }, waitMs);
}
