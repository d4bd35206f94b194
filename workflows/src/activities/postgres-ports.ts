// The ports on the real records: PostgreSQL through @naskah/domain, bytes in
// MinIO. Every write runs in one transaction with its audit event and a
// once-per-key marker (an `outbox` row under topic `workflow.step`, written
// already processed), so a retried activity finds the marker and does nothing.
import type { Client as MinioClient } from 'minio';
import {
  agreementAgency,
  allocateNumber,
  cancelNumber,
  claimWorkflowStep,
  completeRoutingStep,
  currentVersionWithDrafter,
  delegationValidTo,
  dispositionIdOfBranch,
  distributedDocument,
  documentRecipients,
  incomingLetterAgency,
  insertDistributedLetter,
  kepadaInOtherAgencies,
  letterRegistrar,
  lockDocument,
  markDocumentSigned,
  markPendingSteps,
  markRecipientsDelivered,
  markSubmitted,
  newestVersionFile,
  nextAgendaNumber,
  numberingSubject,
  parafMarkedContent,
  positionHolder,
  recordAudit,
  recordDocumentVersion,
  recordClaimedNotifications,
  type ClaimedNotification,
  recordQuarterRealisations,
  reopenParafSteps,
  resolveActor,
  returnParafSteps,
  reviseAgreementTargets,
  setAgreementStatus,
  pemdaTimeZone,
  setDocumentStatus,
  rollUpDocumentChange,
  superiorHolderIds,
  renderedVersionReasons,
  upsertDispositionBranch,
  type AuditActor,
  type DomainEntityManager,
  type DomainOrm,
} from '@naskah/domain';
import { dinasDate } from '@naskah/domain/rulebook';
import type { Actor, RoutingEvent, RoutingStatus } from '../messages.js';
import { archivePort, putVersion } from '@naskah/archive';
import { renderDocument, type DocumentContentInput } from '@naskah/templates';
import type { ArchivePort, NaskahPorts, Notification, ParafMark, StepKey } from './ports.js';

const system: AuditActor = { id: null, name: 'workflow' };

/** Claims `key` inside the transaction; false when an earlier attempt already did this step. */
const claim = claimWorkflowStep;

/** Which step kind may be acted on while the document is in `status`; none while the drafter revises, numbering runs or after signing. */
const actionableKind: Partial<Record<RoutingStatus, 'paraf' | 'sign'>> = { in_review: 'paraf', signing: 'sign' };


const stepId = (k: StepKey) => `${k.workflowId}/${k.stepKey}`;


function auditActor(event: RoutingEvent): AuditActor {
  if (!event.personId) return system;
  const onBehalfOf = event.delegation ? `${event.delegation.kind} for person ${event.delegation.forPersonId}` : null;
  return { id: Number(event.personId), name: `person ${event.personId}`, onBehalfOf };
}

/** A notification as claimed by its key (`notify:<key>`), with its e-mail once per key. */
function claimedNotification(n: Notification): ClaimedNotification {
  const [subjectType = 'document', subjectId = '0'] = n.ref.split(':');
  return {
    claimKey: `notify:${n.key}`, claimPayload: { personId: n.personId, kind: n.kind, subject: n.subject, ref: n.ref },
    recipientId: Number(n.personId), kind: n.kind, subjectType, subjectId: Number.parseInt(subjectId, 10) || 0, title: n.subject,
    mailKey: `mail:${n.key}`, mailPayload: n,
  };
}

async function notifyIn(em: DomainEntityManager, ...notifications: Notification[]): Promise<void> {
  await recordClaimedNotifications(em, notifications.map(claimedNotification));
}

/**
 * A letter addressed (kepada) to another agency arrives there as a surat masuk:
 * one incoming letter per receiving agency, registered in its secretariat's
 * name with the next agenda number, addressed to the first kepada position
 * there, the signed PDF as its scan. Runs inside distribute's claimed
 * transaction, so a retry registers nothing twice.
 */
async function registerIncomingLetters(em: DomainEntityManager, documentId: number): Promise<{ agencyId: number; incomingLetterId: number; agendaNumber: string }[]> {
  const doc = await distributedDocument(em, documentId);
  if (!doc) return [];
  const pdf = await newestVersionFile(em, documentId);
  const addressed = await kepadaInOtherAgencies(em, documentId, doc.agency_id);
  const registered = [];
  for (const { agency_id: agencyId, position_id: addressedToId } of addressed) {
    // The secretariat registers surat masuk; without one, the addressee holds the letter.
    const registrar = await letterRegistrar(em, agencyId, addressedToId);
    if (!registrar) continue;
    // The agency's one agenda series, as registration by hand (register-incoming-letter in the API) numbers it.
    const receivedAt = new Date();
    const agendaNumber = await nextAgendaNumber(em, agencyId, receivedAt);
    const letter = await insertDistributedLetter(em, {
      agencyId, agendaNumber, senderName: doc.sender, senderNumber: doc.number ?? `naskah ${documentId}`, senderDate: doc.signed_at ?? receivedAt, receivedAt,
      sifat: doc.sifat, classification: doc.classification, hal: doc.hal, addressedToId,
      scanObjectKey: pdf?.object_key ?? null, scanSha256: pdf?.sha256 ?? null, scanSize: pdf ? Number(pdf.size) : null, registeredById: registrar.id,
    });
    await recordAudit(em, {
      actor: system, action: 'incoming_letter.registered', subjectType: 'incoming_letter', subjectId: letter.id, agencyId,
      data: { agendaNumber, documentId, senderName: doc.sender, senderNumber: doc.number, hal: doc.hal },
    });
    registered.push({ agencyId, incomingLetterId: letter.id, agendaNumber });
  }
  return registered;
}

export interface PostgresPortsOptions {
  orm: DomainOrm;
  minio: MinioClient;
  buckets: { documents: string; archive: string };
}

/** A server-rendered version: its render input can be rendered again (with a paraf, with the number). */
const isRendered = (reason: string): boolean => (renderedVersionReasons as readonly string[]).includes(reason);

export function postgresPorts({ orm, minio, buckets }: PostgresPortsOptions): NaskahPorts {
  const tx = <T>(work: (em: DomainEntityManager) => Promise<T>) => orm.em.fork().transactional(work);

  // The archive package owns locked storage, JRA retention and the manifest; idempotent per document.
  const archive: ArchivePort = archivePort({ orm, storage: { client: minio, buckets: { versions: buckets.documents, arsip: buckets.archive } } });

  /**
   * The version the signer signs. When the current version was rendered by the
   * server, the same template data is rendered again as final (no DRAF, the
   * allocated nomor, today's tanggal, the same lampiran) and stored as the next
   * version, reason `numbered`, in the caller's transaction. An uploaded PDF
   * cannot be re-rendered: it stays current and carries no printed number.
   * Idempotent without a claim marker (a withdrawn and resubmitted document
   * runs the same workflow id and step key again, and must be numbered again):
   * the document row is locked and a retry finds its `numbered` version, with
   * this nomor, current. Rendering is deterministic and the store
   * content-addressed, so a rolled-back attempt's bytes are the same object.
   */
  async function renderNumberedVersion(em: DomainEntityManager, key: StepKey, documentId: number, agencyId: number, nomor: string) {
    // Not a signature: numbering (a local activity) runs again when its workflow task is replayed after a
    // worker died, possibly after the signature was stored; it must answer the version it numbered, not that one.
    const current = await currentVersionWithDrafter(em, documentId, { beforeSignatures: true });
    if (!current?.render_input || !isRendered(current.reason)) return current;
    const input = current.render_input;
    // A retry (or a second attempt queued on the row lock) finds its own `numbered` version current and returns it.
    // One printed with another number (withdrawn after numbering, that number cancelled) is rendered again.
    if (current.reason === 'numbered' && input.content['nomor'] === nomor) return current;
    const lampiranPdf = [];
    for (const l of input.lampiran) lampiranPdf.push({ base64: Buffer.from(await objectBytes(l.objectKey)).toString('base64') });
    // Dated in the Pemda's zone (its settings), as the API dates drafts.
    const content = { ...input.content, nomor, tanggal: dinasDate(new Date(), await pemdaTimeZone(em)), lampiranPdf } as DocumentContentInput;
    const rendered = await renderDocument(content, { final: true });
    // Content-addressed like every version: a retried attempt stores the same bytes under the same key.
    const stored = await putVersion({ client: minio, buckets: { versions: buckets.documents } }, rendered.pdf);
    const { no } = await recordDocumentVersion(em, {
      documentId, agencyId, objectKey: stored.key, sha256: stored.sha256, size: stored.size, reason: 'numbered', authorId: current.drafter_id,
      actor: { ...system, name: `workflow ${stepId(key)}` }, renderInput: { content: { ...input.content, nomor }, lampiran: input.lampiran },
      signatureSlots: rendered.signatureSlots,
    });
    return { no, sha256: stored.sha256 };
  }

  /**
   * The reviewer's paraf printed in their box: the current server-rendered version (the draft, or the
   * one carrying the earlier parafs) rendered again with this mark as the next version, reason `paraf`,
   * authored by the reviewer. The time is the workflow's (the same on every retry), so a retry finds
   * the current version already carrying this very mark and returns it; rendering is deterministic
   * and the store content-addressed, so a rolled-back attempt's bytes are the same object.
   */
  async function printParafVersion(em: DomainEntityManager, key: StepKey, documentId: number, mark: ParafMark) {
    await lockDocument(em, documentId);
    const current = await currentVersionWithDrafter(em, documentId);
    const doc = await numberingSubject(em, documentId);
    if (!doc || !current) return null;
    // The draft as rendered, or with the earlier parafs: a numbered or uploaded version is not printed on.
    const marked = await parafMarkedContent(em, current, mark);
    if (!marked) return null;
    if (marked.alreadyPrinted) return { version: current.no, sha256: current.sha256 };
    const { content } = marked;
    const input = current.render_input!;
    const lampiranPdf = [];
    for (const l of input.lampiran) lampiranPdf.push({ base64: Buffer.from(await objectBytes(l.objectKey)).toString('base64') });
    const rendered = await renderDocument({ ...content, lampiranPdf } as DocumentContentInput, { final: false });
    const stored = await putVersion({ client: minio, buckets: { versions: buckets.documents } }, rendered.pdf);
    const { no } = await recordDocumentVersion(em, {
      documentId, agencyId: doc.agency_id, objectKey: stored.key, sha256: stored.sha256, size: stored.size, reason: 'paraf',
      authorId: Number(mark.personId), actor: { id: Number(mark.personId), name: `workflow ${stepId(key)}` }, renderInput: { content, lampiran: input.lampiran },
      signatureSlots: rendered.signatureSlots,
    });
    return { version: no, sha256: stored.sha256 };
  }

  async function objectBytes(objectKey: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await minio.getObject(buckets.documents, objectKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  return {
    routing: {
      async resolveActor(positionId, at): Promise<Actor> {
        const em = orm.em.fork();
        const actor = await resolveActor(em, Number(positionId), at);
        if (!actor) throw new Error(`position ${positionId} has no holder and no Plt`);
        const superiors = await superiorHolderIds(em, Number(positionId));
        let delegation: Actor['delegation'];
        if (actor.delegationId !== null && actor.via !== 'holder') {
          const validTo = await delegationValidTo(em, actor.delegationId);
          const holder = await positionHolder(em, Number(positionId));
          const kind = ({ plh: 'Plh', plt: 'Plt', an: 'a.n.', ub: 'u.b.' } as const)[actor.via];
          delegation = { kind, forPersonId: holder ? String(holder.id) : null, validUntil: validTo ? new Date(validTo).toISOString() : null };
        }
        return { personId: String(actor.personId), positionId: String(positionId), delegation, superiorPersonIds: superiors.map(String) };
      },

      async recordStep(key, documentId, status, event) {
        await tx(async (em) => {
          if (!(await claim(em, stepId(key)))) return;
          const id = Number(documentId);
          // The leaders' dashboard's per-day figures move with the document, in this transaction.
          await rollUpDocumentChange(em, id, async () => {
            // The routing's status is the document's: written as the workflow carries it, no translation.
            await setDocumentStatus(em, id, status);
            if (event.action === 'submit') await markSubmitted(em, id);
            if ((event.action === 'paraf' || event.action === 'sign') && event.positionId) {
              // The step rows the API's inbox queues read; the lowest open one of this kind and position.
              await completeRoutingStep(em, id, event.action, Number(event.positionId), Number(event.personId), event.note ?? null);
              if (event.action === 'sign') await markDocumentSigned(em, id);
            } else if (event.action === 'return' && event.positionId) {
              await returnParafSteps(em, id, Number(event.positionId), Number(event.personId), event.note ?? null);
            } else if (event.action === 'revise') {
              await reopenParafSteps(em, id);
            }
          });
          // The inbox queues (Perlu Paraf / Perlu Tanda Tangan) read `pending` step rows of the kind the workflow now waits for.
          await markPendingSteps(em, id, actionableKind[status]);
          await recordAudit(em, {
            actor: auditActor(event),
            action: `document.${event.action}`,
            subjectType: 'document',
            subjectId: id,
            data: { step: stepId(key), status, version: event.version ?? null, note: event.note ?? null, positionId: event.positionId ?? null },
          });
        });
      },

      async printParaf(key, documentId, mark) {
        return tx((em) => printParafVersion(em, key, Number(documentId), mark));
      },

      async allocateNumber(key, documentId) {
        return tx(async (em) => {
          const id = Number(documentId);
          // Attempts of this step queue here, so a retry sees the numbered version an earlier one committed.
          await lockDocument(em, id);
          const doc = await numberingSubject(em, id);
          if (!doc) throw new Error(`document ${id} not found`);
          const allocated = await allocateNumber(em, {
            documentId: id,
            agencyId: doc.agency_id,
            archiveCode: doc.archive_code,
            unitCode: doc.code,
            year: new Date().getUTCFullYear(),
            actor: { ...system, name: `workflow ${stepId(key)}` },
          });
          const numbered = await renderNumberedVersion(em, key, id, doc.agency_id, allocated.number);
          return { number: allocated.number, version: numbered?.no ?? 1, sha256: numbered?.sha256 ?? '' };
        });
      },

      async cancelNumber(key, documentId, reason) {
        await tx(async (em) => {
          if (!(await claim(em, stepId(key)))) return;
          await cancelNumber(em, Number(documentId), reason, system);
        });
      },

      async distribute(key, documentId) {
        return tx(async (em) => {
          const id = Number(documentId);
          const recipients = await documentRecipients(em, id);
          if (!(await claim(em, stepId(key)))) return { recipients: recipients.length };
          await markRecipientsDelivered(em, id);
          await notifyIn(em, ...recipients.flatMap((r) => r.person_id === null ? [] : [
            { key: `${stepId(key)}:${r.id}`, personId: String(r.person_id), kind: 'info' as const, subject: r.kind === 'kepada' ? 'Naskah masuk' : 'Tembusan masuk', ref: `document:${id}` },
          ]));
          const letters = await registerIncomingLetters(em, id);
          await recordAudit(em, { actor: system, action: 'document.distributed', subjectType: 'document', subjectId: id, data: { step: stepId(key), recipients: recipients.length, incomingLetters: letters } });
          return { recipients: recipients.length };
        });
      },
    },

    archive,

    notifications: {
      async notify(n) {
        await tx((em) => notifyIn(em, n));
      },
    },

    disposition: {
      async recordBranch(key, incomingLetterId, event, branch) {
        return tx(async (em) => {
          const letterId = Number(incomingLetterId);
          const letterAgencyId = await incomingLetterAgency(em, letterId);
          if (letterAgencyId === undefined) throw new Error(`incoming letter ${letterId} not found`);
          const parentId = branch.parentBranchId ? await dispositionIdOfBranch(em, key.workflowId, branch.parentBranchId) : null;
          // One row per branch: inserted once, then brought to the state the workflow reports (a retry writes the same values).
          const { id: dispositionId } = await upsertDispositionBranch(em, {
            incomingLetterId: letterId, parentId, fromPositionId: Number(branch.fromPositionId), fromPersonId: Number(branch.fromPersonId),
            toPositionId: Number(branch.toPositionId), instruction: branch.instruction, note: branch.note, deadline: branch.deadline, state: branch.status,
            workflowId: key.workflowId, branchId: branch.branchId, readAt: branch.readAt, followUp: branch.followUp, followUpAt: branch.followUpAt,
            followUpStatus: branch.followUpStatus ?? null, followUpObjectKey: branch.attachmentKey ?? null,
          });
          if (await claim(em, stepId(key))) {
            const actor: AuditActor = event === 'overdue' || event === 'escalated' ? system
              : { id: Number(event === 'sent' || event === 'withdrawn' ? branch.fromPersonId : branch.toPersonId) || null, name: `workflow ${stepId(key)}` };
            await recordAudit(em, {
              actor, action: `disposition.${event}`, subjectType: 'disposition', subjectId: dispositionId, agencyId: letterAgencyId,
              data: { incomingLetterId: letterId, branchId: branch.branchId, fromPositionId: Number(branch.fromPositionId), toPositionId: Number(branch.toPositionId),
                instruction: branch.instruction, deadline: branch.deadline, state: branch.status, followUp: branch.followUp, followUpStatus: branch.followUpStatus ?? null, attachmentSha256: branch.attachmentSha256 },
            });
          }
          return { dispositionId };
        });
      },
      async recordLetterDone(key, incomingLetterId) {
        await tx(async (em) => {
          if (!(await claim(em, stepId(key)))) return;
          await recordAudit(em, { actor: system, action: 'incoming_letter.done', subjectType: 'incoming_letter', subjectId: incomingLetterId });
        });
      },
    },

    agreement: {
      async recordStatus(key, agreementId, status, documentId) {
        await tx(async (em) => {
          if (!(await claim(em, stepId(key)))) return;
          const id = Number(agreementId);
          await setAgreementStatus(em, id, status, documentId === undefined ? undefined : Number(documentId));
          await recordAudit(em, { actor: system, action: 'agreement.status', subjectType: 'agreement', subjectId: id, agencyId: await agreementAgency(em, id), data: { step: stepId(key), status, documentId: documentId ?? null } });
        });
      },
      async recordQuarterReport(key, agreementId, report) {
        await tx(async (em) => {
          if (!(await claim(em, stepId(key)))) return;
          const id = Number(agreementId);
          const percent = new Map(report.achievements.map((a) => [a.code, a.percent]));
          await recordQuarterRealisations(em, id, report.quarter, Number(report.reportedBy), report.realisations.map((r) => ({ ...r, achievement: percent.get(r.code) ?? 0 })));
          const files = report.realisations.flatMap((r) => (r.evidenceFile ? [{ code: r.code, sha256: r.evidenceFile.sha256, name: r.evidenceFile.name }] : []));
          await setAgreementStatus(em, id, 'active');
          await recordAudit(em, {
            actor: { id: Number(report.reportedBy) || null, name: `workflow ${stepId(key)}` }, action: 'agreement.quarter_reported', subjectType: 'agreement', subjectId: id,
            agencyId: await agreementAgency(em, id), data: {
              quarter: report.quarter, achievements: report.achievements, averagePercent: report.averagePercent,
              // The bukti dukung files by hash: the trail proves which file backed which realisation.
              ...(files.length > 0 ? { evidenceFiles: files } : {}),
            },
          });
        });
      },
      async recordQuarterLate(key, agreementId, quarter, officialPersonId, escalatedTo) {
        await tx(async (em) => {
          if (!(await claim(em, stepId(key)))) return;
          const id = Number(agreementId);
          await recordAudit(em, {
            actor: system, action: 'agreement.quarter_late', subjectType: 'agreement', subjectId: id, agencyId: await agreementAgency(em, id),
            data: { quarter, officialPersonId: Number(officialPersonId), escalatedTo: escalatedTo.map(Number) },
          });
        });
      },
      async recordRevision(key, agreementId, revision) {
        await tx(async (em) => {
          if (!(await claim(em, stepId(key)))) return;
          await reviseAgreementTargets(em, { id: Number(revision.personId) || null, name: `workflow ${stepId(key)}` }, Number(agreementId), revision.agreementVersion, Number(revision.documentId),
            revision.indicators.map((i) => ({ code: i.code, name: i.name, unit: i.unit, direction: i.direction, targetYear: i.yearlyTarget, targetQuarters: i.quarterlyTargets })));
        });
      },
      async closeYear(key, agreementId, summary) {
        await tx(async (em) => {
          if (!(await claim(em, stepId(key)))) return;
          const id = Number(agreementId);
          await setAgreementStatus(em, id, 'closed');
          await recordAudit(em, { actor: system, action: 'agreement.year_closed', subjectType: 'agreement', subjectId: id, agencyId: await agreementAgency(em, id), data: { ...summary } });
        });
      },
    },
  };
}
