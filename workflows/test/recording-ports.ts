// Ports for workflow-logic tests on the time-skipping server: they keep what
// the activities wrote in memory, with the same once-per-key rule as the real
// PostgreSQL ports, so a test can count numbers, signatures and notifications.
import type { Actor, DelegationKind, DispositionBranch, QuarterReport, RoutingEvent, RoutingStatus } from '../src/messages.js';
import type { AgreementYearSummary, NaskahPorts, Notification, ParafMark, StepKey } from '../src/activities/ports.js';
import { formatNumber } from '@naskah/domain/rulebook';

export interface TestPosition {
  holder: string;
  superior?: string;
  delegations?: { personId: string; kind: DelegationKind; from: Date; until: Date }[];
}

export class RecordingPorts {
  readonly positions = new Map<string, TestPosition>();
  readonly steps = new Map<string, { documentId: string; status: RoutingStatus; event: RoutingEvent }>();
  /** Paraf marks the workflow asked to print, by activity key (workflow id / step key). */
  readonly parafPrints = new Map<string, ParafMark>();
  readonly numbers = new Map<string, { number: string; cancelled: boolean }>();
  readonly distributions = new Map<string, number>();
  readonly archives = new Map<string, string>();
  readonly notifications = new Map<string, Notification>();
  /** Keyed by workflow id / branch id, as the rows are. */
  readonly branches = new Map<string, DispositionBranch>();
  /** Recorded disposition events by activity key (workflow id / step key). */
  readonly branchEvents = new Map<string, string>();
  readonly lettersDone = new Set<string>();
  /** Agreement status writes by activity key, as `<agreementId>:<status>`. */
  readonly agreementStatuses = new Map<string, string>();
  readonly quarterReports = new Map<string, QuarterReport>();
  readonly lateQuarters = new Map<string, number>();
  readonly revisions = new Map<string, number>();
  readonly yearSummaries = new Map<string, AgreementYearSummary>();
  private sequence = 0;

  notificationsFor(personId: string, kind?: Notification['kind']): Notification[] {
    return [...this.notifications.values()].filter((n) => n.personId === personId && (!kind || n.kind === kind));
  }

  ports(): NaskahPorts {
    const key = (k: StepKey) => `${k.workflowId}/${k.stepKey}`;
    return {
      routing: {
        resolveActor: async (positionId, at): Promise<Actor> => {
          const position = this.positions.get(positionId);
          if (!position) throw new Error(`no position ${positionId}`);
          const superiorPersonIds = position.superior ? [position.superior] : [];
          const delegation = position.delegations?.find((d) => d.from <= at && at < d.until);
          if (delegation) {
            return { personId: delegation.personId, positionId, superiorPersonIds, delegation: { kind: delegation.kind, forPersonId: position.holder, validUntil: delegation.until.toISOString() } };
          }
          return { personId: position.holder, positionId, superiorPersonIds };
        },
        recordStep: async (k, documentId, status, event) => {
          if (!this.steps.has(key(k))) this.steps.set(key(k), { documentId, status, event });
        },
        // As for an uploaded PDF: nothing to render again, the version stays.
        printParaf: async (k, _documentId, paraf) => {
          if (!this.parafPrints.has(key(k))) this.parafPrints.set(key(k), paraf);
          return null;
        },
        allocateNumber: async (_k, documentId) => {
          let entry = this.numbers.get(documentId);
          if (!entry) {
            this.sequence += 1;
            entry = { number: formatNumber('000.1', this.sequence, 'Diskominfo', 2026), cancelled: false };
            this.numbers.set(documentId, entry);
          }
          return { number: entry.number, version: 100, sha256: 'numbered' };
        },
        cancelNumber: async (_k, documentId) => {
          const entry = this.numbers.get(documentId);
          if (entry) entry.cancelled = true;
        },
        distribute: async (_k, documentId) => {
          this.distributions.set(documentId, 10);
          return { recipients: 10 };
        },
      },
      archive: {
        archiveDocument: async (_k, documentId) => {
          if (!this.archives.has(documentId)) this.archives.set(documentId, `archive-${documentId}`);
          return { archiveId: this.archives.get(documentId)! };
        },
      },
      notifications: {
        notify: async (n) => {
          if (!this.notifications.has(n.key)) this.notifications.set(n.key, n);
        },
      },
      disposition: {
        recordBranch: async (k, _letter, event, branch) => {
          const id = this.branches.get(`${k.workflowId}/${branch.branchId}`)?.dispositionId ?? this.branches.size + 1;
          this.branches.set(`${k.workflowId}/${branch.branchId}`, { ...branch, dispositionId: id });
          this.branchEvents.set(key(k), event);
          return { dispositionId: id };
        },
        recordLetterDone: async (_k, letter) => {
          this.lettersDone.add(letter);
        },
      },
      agreement: {
        recordStatus: async (k, agreementId, status) => {
          if (!this.agreementStatuses.has(key(k))) this.agreementStatuses.set(key(k), `${agreementId}:${status}`);
        },
        recordQuarterReport: async (k, _id, report) => {
          this.quarterReports.set(key(k), report);
        },
        recordQuarterLate: async (k, _id, quarter) => {
          this.lateQuarters.set(key(k), quarter);
        },
        recordRevision: async (_k, agreementId, revision) => {
          this.revisions.set(agreementId, revision.agreementVersion);
        },
        closeYear: async (_k, agreementId, summary) => {
          this.yearSummaries.set(agreementId, summary);
        },
      },
    };
  }
}
