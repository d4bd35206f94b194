// What the activities need from the rest of Naskah, as narrow ports. Each
// method must be idempotent on the key it is given (workflow id + step): the
// activity may run again after a worker crash, and a retry must find the
// earlier result instead of numbering, distributing, notifying or archiving twice.
import type { Actor, AgreementStatus, Indicator, QuarterReport, RoutingEvent, RoutingStatus, DispositionBranch } from '../messages.js';

export interface StepKey {
  workflowId: string;
  stepKey: string;
}

export interface RoutingRecords {
  /** The person acting for a position now: the holder, or a Plh/Plt whose delegation is valid at `at`. */
  resolveActor(positionId: string, at: Date): Promise<Actor>;
  /** Audit event + document status, written once per key. */
  recordStep(key: StepKey, documentId: string, status: RoutingStatus, event: RoutingEvent): Promise<void>;
  /**
   * The reviewer's paraf printed in their box of the rendered letter: the current server-rendered
   * version rendered again with it (and the earlier parafs) as the next version, reason `paraf`;
   * null when the current version is an uploaded PDF (it cannot be rendered again). Same result on retry.
   */
  printParaf(key: StepKey, documentId: string, paraf: ParafMark): Promise<{ version: number; sha256: string } | null>;
  /** Gap-free number in a transaction; a server-rendered document is rendered again with it as a new version (an uploaded PDF stays current); same result on retry. */
  allocateNumber(key: StepKey, documentId: string): Promise<{ number: string; version: number; sha256: string }>;
  /** Records the allocated number as cancelled (it is never reused). */
  cancelNumber(key: StepKey, documentId: string, reason: string): Promise<void>;
  /** One inbox record per kepada/tembusan recipient; other agencies get an incoming-letter queue entry. */
  distribute(key: StepKey, documentId: string): Promise<{ recipients: number }>;
}

/** Who initialled which reviewer's box (its index in the paraf chain) and when (the workflow's time). */
export interface ParafMark {
  index: number;
  /** The reviewer's position: the box is printed only when the letter's reviewer at `index` holds it. */
  positionId: string;
  personId: string;
  /** Plh/Plt/a.n./u.b. when the person initialled for the position's holder. */
  delegation?: string;
  at: string;
}

export interface DispositionRecords {
  /**
   * The branch's `disposition` row, inserted once per (workflow id, branch id) and brought to the branch's
   * state, plus one audit event per key; answers the row id.
   */
  recordBranch(key: StepKey, incomingLetterId: string, event: string, branch: DispositionBranch): Promise<{ dispositionId: number }>;
  recordLetterDone(key: StepKey, incomingLetterId: string): Promise<void>;
}

export interface AgreementRecords {
  /** The agreement's status as the workflow reports it (with the document being signed, when there is one), audited once per key. */
  recordStatus(key: StepKey, agreementId: string, status: AgreementStatus, documentId?: string): Promise<void>;
  /** One progress_report row per indicator for the quarter, the status back to active, and the audit event, once per key. */
  recordQuarterReport(key: StepKey, agreementId: string, report: QuarterReport): Promise<void>;
  /** A quarter's report missed its window: audited once, naming the official and who was told. */
  recordQuarterLate(key: StepKey, agreementId: string, quarter: number, officialPersonId: string, escalatedTo: string[]): Promise<void>;
  /** The revised targets, the version and the signed revision's document, with the earlier targets in the audit event. */
  recordRevision(key: StepKey, agreementId: string, revision: { agreementVersion: number; documentId: string; personId: string; indicators: Indicator[] }): Promise<void>;
  closeYear(key: StepKey, agreementId: string, summary: AgreementYearSummary): Promise<void>;
}

export interface AgreementYearSummary {
  year: number;
  agreementVersion: number;
  quarters: { quarter: number; averagePercent: number }[];
  yearPercent: number;
}

/** The archive service's contract; `services/archive` takes it over with object-locked storage. */
export interface ArchivePort {
  archiveDocument(key: StepKey, documentId: string): Promise<{ archiveId: string }>;
}

export type NotificationKind = 'task' | 'reminder' | 'escalation' | 'overdue' | 'info';

export interface Notification {
  /** Unique: a second notify with the same key is a no-op. */
  key: string;
  personId: string;
  kind: NotificationKind;
  subject: string;
  /** What it is about, e.g. `document:<id>`, `disposition:<branchId>`, `agreement:<id>`. */
  ref: string;
}

/** Inbox record plus an outbox row for e-mail later, sent once per key. */
export interface NotificationPort {
  notify(notification: Notification): Promise<void>;
}

/** The institution's electronic seal on a signed document of a type the admin marks as sealed (seal-port.ts). */
export interface SealPort {
  /** The sealed version (same on retry), or null: not a sealed type, or archived unsealed (the audit says why). */
  applySeal(key: StepKey, documentId: string): Promise<{ version: number; sha256: string } | null>;
}

export interface NaskahPorts {
  routing: RoutingRecords;
  disposition: DispositionRecords;
  agreement: AgreementRecords;
  archive: ArchivePort;
  notifications: NotificationPort;
  /** Absent (a test's ports): nothing is sealed. */
  seal?: SealPort;
}
