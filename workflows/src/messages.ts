// Signals, queries and updates, defined once and shared by the workflows and
// the client the API uses, so both sides agree on names and payload shapes.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AgreementStatus, DispositionState as DispositionStatus, DocumentStatus, EvidenceFileRef, FollowUpStatus, IndicatorDirection, Sifat } from '@naskah/domain/rulebook';

/** Derajat kecepatan (the document's or letter's sifat, as the records spell it): sets the default deadline of every waiting step. */
export type Urgency = Sifat;

/** Deadline per urgency, as milliseconds. A reminder goes out at half of it, the escalation at the deadline. */
export type UrgencyDeadlines = Record<Urgency, number>;

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export const defaultUrgencyDeadlines: UrgencyDeadlines = {
  sangat_segera: 4 * HOUR,
  segera: 1 * DAY,
  biasa: 3 * DAY,
};

/** Plh (holder temporarily absent), Plt (post vacant), a.n. / u.b. (signs for a superior). */
export type DelegationKind = 'Plh' | 'Plt' | 'a.n.' | 'u.b.';

/** A person allowed to act for a position at one step, resolved with the delegations valid at that moment. */
export interface Actor {
  personId: string;
  positionId: string;
  /** Set when the person acts for someone else; the stamp prints `kind` before the position name. */
  delegation?: { kind: DelegationKind; forPersonId: string | null; validUntil: string | null };
  /** Who hears about it when the step passes its deadline. */
  superiorPersonIds: string[];
}

// ─── routing (one per outgoing document, id `doc-<documentId>`) ───────────────

export interface RoutingInput {
  documentId: string;
  agencyCode: string;
  drafterPersonId: string;
  urgency: Urgency;
  /** Paraf reviewers in hierarchy order (at most three in practice). */
  parafPositionIds: string[];
  /** Signature groups in order; positions inside one group sign in any order (e.g. both parties of an agreement). */
  signerGroups: string[][];
  /** The version the drafter submitted. */
  version: number;
  deadlines?: Partial<UrgencyDeadlines>;
}

/** The routing's status is the document's (the rulebook's one vocabulary): the activities write what the workflow carries. */
export type RoutingStatus = DocumentStatus;

export type RoutingStepKind = 'paraf' | 'revision' | 'sign';

export interface WaitingStep {
  kind: RoutingStepKind;
  /** Stable id of the step inside this workflow, e.g. `r1:paraf:2`; activities key idempotency on it. */
  stepKey: string;
  actors: Actor[];
  since: string;
}

export interface RoutingEvent {
  at: string;
  action: 'submit' | 'paraf' | 'return' | 'revise' | 'number' | 'sign' | 'distribute' | 'archive' | 'withdraw' | 'cancel' | 'remind' | 'escalate';
  personId?: string;
  positionId?: string;
  delegation?: Actor['delegation'];
  note?: string;
  version?: number;
}

export interface RoutingState {
  documentId: string;
  status: RoutingStatus;
  round: number;
  version: number;
  sha256: string | null;
  number: string | null;
  waiting: WaitingStep[];
  events: RoutingEvent[];
}

export interface ActorRequest {
  personId: string;
  /**
   * The click's id (the API makes one per request). The same click may reach the workflow twice, as
   * an Update that the server held while no worker ran and as the signal the API sent when it stopped
   * waiting: the workflow applies it once and answers both with the same outcome.
   */
  requestId?: string;
}
export interface ParafRequest extends ActorRequest {
  note?: string;
  /** A paraf stamp added as a new version, when the API stamped one. */
  version?: number;
  sha256?: string;
}
export interface ReturnRequest extends ActorRequest {
  note: string;
}
export interface ReviseRequest extends ActorRequest {
  version: number;
  sha256?: string;
}
/** What the API reports after it signed the PDF itself: never the passphrase, only the result. */
export interface SignedRequest extends ActorRequest {
  /** The version the signer signed on top of; must still be the current one. */
  baseVersion: number;
  version: number;
  sha256: string;
}
export interface WithdrawRequest extends ActorRequest {
  reason?: string;
}

export const routingStateQuery = defineQuery<RoutingState>('routingState');
export const parafUpdate = defineUpdate<RoutingState, [ParafRequest]>('paraf');
export const returnUpdate = defineUpdate<RoutingState, [ReturnRequest]>('return');
export const reviseUpdate = defineUpdate<RoutingState, [ReviseRequest]>('revise');
export const signedUpdate = defineUpdate<RoutingState, [SignedRequest]>('signed');
export const withdrawUpdate = defineUpdate<RoutingState, [WithdrawRequest]>('withdraw');
export const cancelUpdate = defineUpdate<RoutingState, [WithdrawRequest]>('cancel');

/** One routing action as data: what an Update carries, for the durable (signal) path. */
export type RoutingCommand =
  | { kind: 'paraf'; req: ParafRequest }
  | { kind: 'return'; req: ReturnRequest }
  | { kind: 'revise'; req: ReviseRequest }
  | { kind: 'signed'; req: SignedRequest }
  | { kind: 'withdraw' | 'cancel'; req: WithdrawRequest };

/**
 * A click the API could not hand over as an Update in time (no worker answered: it is restarting):
 * recorded in the workflow's history at once, applied in arrival order when the workflow next waits
 * for an action, validated then like an Update. One refused then is told to the person as a
 * notification, as they were already answered "diproses".
 */
export const routingCommandSignal = defineSignal<[RoutingCommand]>('routingCommand');

// ─── disposition (one per incoming letter, id `disposition-<incomingLetterId>`) ──

/**
 * How long before a branch's deadline its recipient is reminded, per the
 * letter's sifat: two days for biasa (the console's yellow mark), less for the
 * urgent ones, whose deadlines are short.
 */
export const dispositionReminderLead: UrgencyDeadlines = {
  sangat_segera: 2 * HOUR,
  segera: 12 * HOUR,
  biasa: 2 * DAY,
};

export interface DispositionInput {
  incomingLetterId: string;
  agencyCode: string;
  /** The position the letter is addressed to: whoever acts for it (holder, Plh, Plt) disposes first. */
  headPositionId: string;
  /** The letter's sifat: the default deadline of a branch, its reminder lead and the wait before the disposer's superior hears of it. */
  urgency: Urgency;
  deadlines?: Partial<UrgencyDeadlines>;
  /** Overrides dispositionReminderLead for this letter. */
  remindBeforeMs?: number;
}

export type BranchStatus = DispositionStatus;

export interface DispositionBranch {
  branchId: string;
  parentBranchId: string | null;
  /** The row the activities wrote for this branch, once written. */
  dispositionId: number | null;
  fromPositionId: string;
  fromPersonId: string;
  /** Who hears of an overdue branch after the disposer: the holder of the disposing position's superior, if any. */
  disposerSuperiorPersonId: string | null;
  toPositionId: string;
  /** The person acting for the recipient position when it was disposed (null: vacant, nobody is notified). */
  toPersonId: string | null;
  instruction: string;
  note: string;
  deadline: string;
  status: BranchStatus;
  readAt: string | null;
  followUp: string | null;
  followUpAt: string | null;
  attachmentSha256: string | null;
  /** Selesai or sebagian; absent in branches closed before the tindak lanjut had a status. */
  followUpStatus?: FollowUpStatus | null;
  /** The tindak lanjut's attachment (PDF or image) in the versions bucket; absent in older branches. */
  attachmentKey?: string | null;
  reminded: boolean;
  /** Past its deadline: the disposer was told. */
  overdue: boolean;
  /** Still open a further urgency period later: the disposer's superior was told. */
  escalated: boolean;
}

export interface DispositionState {
  incomingLetterId: string;
  status: 'in-progress' | 'done';
  branches: DispositionBranch[];
}

/** Who acts: the person and the positions they act for now (own, Plh, Plt), as the API resolved them. */
export interface DispositionActor extends ActorRequest {
  positionIds: string[];
}

export interface DisposeRequest extends DispositionActor {
  /** The branch the actor received; absent for the head's first disposition. */
  parentBranchId?: string;
  /** The position the actor disposes as (the letter's addressee, or the parent branch's recipient). */
  fromPositionId: string;
  disposerSuperiorPersonId: string | null;
  recipients: { positionId: string; personId: string | null }[];
  instruction: string;
  note?: string;
  /** ISO date-time; absent: the urgency's default deadline from now. */
  deadline?: string | null;
}
export interface BranchRequest extends DispositionActor {
  branchId: string;
}
export interface CloseBranchRequest extends BranchRequest {
  followUp: string;
  attachmentSha256?: string;
  /** Absent (older clients, recorded histories): selesai. */
  followUpStatus?: FollowUpStatus;
  /** The stored attachment's object key (`sha256/<hash>.<ext>`), its hash in attachmentSha256. */
  attachmentKey?: string;
}

export const dispositionStateQuery = defineQuery<DispositionState>('dispositionState');
export const disposeUpdate = defineUpdate<DispositionBranch[], [DisposeRequest]>('dispose');
export const readBranchUpdate = defineUpdate<DispositionBranch, [BranchRequest]>('readBranch');
export const withdrawBranchUpdate = defineUpdate<DispositionBranch, [BranchRequest]>('withdrawBranch');
export const closeBranchUpdate = defineUpdate<DispositionBranch, [CloseBranchRequest]>('closeBranch');
/** The head marks the letter done once no branch is open (e.g. every branch was withdrawn). */
export const finishLetterUpdate = defineUpdate<DispositionState, [DispositionActor]>('finishLetter');

/** One disposition action as data, for the durable (signal) path; `requestId` in `req` deduplicates it with its Update. */
export type DispositionCommand =
  | { kind: 'dispose'; req: DisposeRequest }
  | { kind: 'read' | 'withdraw'; req: BranchRequest }
  | { kind: 'close'; req: CloseBranchRequest }
  | { kind: 'finish'; req: DispositionActor };

/** A disposition click no worker took in time: validated and applied when it is delivered; a refusal is notified. */
export const dispositionCommandSignal = defineSignal<[DispositionCommand]>('dispositionCommand');

// ─── agreement (perjanjian kinerja / kerja sama, id `agreement-<agreementId>`) ──

export type { AgreementStatus, IndicatorDirection };

/** An indicator (IKU); `code` names it within the agreement and across its revisions. */
export interface Indicator {
  code: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  yearlyTarget: number;
  /** Cumulative or per-quarter target for Q1..Q4, as the agreement states it. */
  quarterlyTargets: [number, number, number, number];
}

export interface QuarterRealisation {
  code: string;
  value: number;
  /** Bukti dukung: what the reporter wrote, and the uploaded file's object key when there is one. */
  evidence: string;
  evidenceObjectKey: string | null;
  /** The uploaded file (absent in reports recorded before files were taken). */
  evidenceFile?: EvidenceFileRef | null;
}

export interface QuarterReport {
  quarter: 1 | 2 | 3 | 4;
  reportedBy: string;
  reportedAt: string;
  realisations: QuarterRealisation[];
  /** Capaian per indicator in percent (the rulebook's achievementPercent). */
  achievements: { code: string; percent: number }[];
  /** Capaian of the agreement in the quarter (the rulebook's averagePercent over its indicators). */
  averagePercent: number;
}

export interface AgreementInput {
  agreementId: string;
  agencyCode: string;
  year: number;
  drafterPersonId: string;
  /**
   * The parties' positions: the first is the official who commits and reports
   * each quarter (pihak pertama); their superior hears of a late report.
   */
  partyPositionIds: string[];
  /** The agreement document, routed (paraf, every party signs, number, distribution, archive) by a child routing workflow. */
  document: RoutingInput;
  indicators: Indicator[];
  /** How long a quarter's reporting window stays open after the quarter ends (default 10 days). */
  reportingWindowMs?: number;
  /** How long before the window closes the official is reminded (default 3 days). */
  reminderLeadMs?: number;
  /** Carried over by continue-as-new. */
  carried?: AgreementCarried;
}

export interface AgreementCarried {
  agreementVersion: number;
  indicators: Indicator[];
  reports: QuarterReport[];
  nextQuarter: 1 | 2 | 3 | 4 | 5;
  signedDocumentIds: string[];
  lateQuarters: number[];
}

export interface AgreementState {
  agreementId: string;
  status: AgreementStatus;
  agreementVersion: number;
  indicators: Indicator[];
  openQuarter: number | null;
  reports: QuarterReport[];
  revisionDocumentId: string | null;
  signedDocumentIds: string[];
  /** Quarters whose report came after the window closed (escalated). */
  lateQuarters: number[];
}

export interface ReportRealisationRequest extends ActorRequest {
  quarter: 1 | 2 | 3 | 4;
  realisations: { code: string; value: number; evidence?: string; evidenceObjectKey?: string | null; evidenceFile?: EvidenceFileRef | null }[];
}
export interface ReviseAgreementRequest extends ActorRequest {
  /** The revised agreement document, routed again for paraf and every signature. */
  document: RoutingInput;
  indicators: Indicator[];
}

export const agreementStateQuery = defineQuery<AgreementState>('agreementState');
export const reportRealisationUpdate = defineUpdate<QuarterReport, [ReportRealisationRequest]>('reportRealisation');
export const reviseAgreementUpdate = defineUpdate<AgreementState, [ReviseAgreementRequest]>('reviseAgreement');

/** One agreement action as data, for the durable (signal) path; `requestId` in `req` deduplicates it with its Update. */
export type AgreementCommand =
  | { kind: 'report'; req: ReportRealisationRequest }
  | { kind: 'revise'; req: ReviseAgreementRequest };

/** An agreement click no worker took in time: validated and applied when it is delivered; a refusal is notified. */
export const agreementCommandSignal = defineSignal<[AgreementCommand]>('agreementCommand');

/** Failure types a validator raises; the API maps each to one HTTP status. */
export const rejection = {
  outOfTurn: 'ACTION_OUT_OF_TURN',
  signerOutOfTurn: 'SIGNER_OUT_OF_TURN',
  delegationExpired: 'DELEGATION_EXPIRED',
  documentClosed: 'DOCUMENT_CLOSED',
  staleVersion: 'STALE_VERSION',
  notAllowed: 'ACTION_NOT_ALLOWED',
  invalidRequest: 'INVALID_REQUEST',
  /** Disposisi rules, each named: only an unread branch is withdrawn; a closed branch takes no action; the letter is done. */
  dispositionAlreadyRead: 'DISPOSITION_ALREADY_READ',
  dispositionClosed: 'DISPOSITION_CLOSED',
  dispositionBranchesOpen: 'DISPOSITION_BRANCHES_OPEN',
  /** A second open disposition from the same disposer to the same position on the same letter/branch. */
  dispositionDuplicate: 'DISPOSITION_DUPLICATE',
  letterDone: 'LETTER_DONE',
  /** Perjanjian kinerja rules, each named: a quarter is reported only while its window is open, and once; one revision at a time, only once signed. */
  quarterNotOpen: 'AGREEMENT_QUARTER_NOT_OPEN',
  quarterReported: 'AGREEMENT_QUARTER_REPORTED',
  revisionPending: 'AGREEMENT_REVISION_PENDING',
  agreementNotActive: 'AGREEMENT_NOT_ACTIVE',
} as const;
export type RejectionCode = (typeof rejection)[keyof typeof rejection];

export const workflowIds = {
  routing: (documentId: string) => `doc-${documentId}`,
  disposition: (incomingLetterId: string) => `disposition-${incomingLetterId}`,
  agreement: (agreementId: string) => `agreement-${agreementId}`,
};
export const taskQueue = 'naskah';
