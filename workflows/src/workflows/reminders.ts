// The reminder and escalation schedule of one waiting period: a reminder to the
// waiting actors at half the deadline, a notice to their superiors at the
// deadline, then a reminder every further deadline. Times are workflow time.
import type { Actor } from '../messages.js';
import type { Notification } from '../activities/ports.js';

export interface WaitingParty {
  stepKey: string;
  actors: Actor[];
}

export class ReminderSchedule {
  private fired = 0;
  constructor(
    private readonly startedAt: number,
    private readonly deadlineMs: number,
  ) {}

  /** Workflow time of the next reminder or escalation. */
  nextAt(): number {
    return this.fired === 0 ? this.startedAt + this.deadlineMs / 2 : this.startedAt + this.fired * this.deadlineMs;
  }

  /** The notifications due now, each with a key unique to this step and occurrence, so a retry sends nothing twice. */
  fire(workflowId: string, parties: WaitingParty[], ref: string, subject: string): Notification[] {
    const occurrence = this.fired++;
    const escalation = occurrence === 1;
    return parties.flatMap(({ stepKey, actors }) =>
      actors.flatMap((actor) =>
        (escalation ? actor.superiorPersonIds : [actor.personId]).map((personId) => ({
          key: `${workflowId}:${stepKey}:${escalation ? 'escalation' : `reminder-${occurrence}`}:${personId}`,
          personId,
          kind: escalation ? ('escalation' as const) : ('reminder' as const),
          subject: escalation ? `Melewati tenggat: ${subject} (${actor.personId})` : `Pengingat: ${subject}`,
          ref,
        })),
      ),
    );
  }

  get escalated(): boolean {
    return this.fired > 1;
  }
}

/** Earliest moment a delegation among the actors stops being valid, if any. */
export function earliestDelegationEnd(parties: WaitingParty[]): number | undefined {
  const ends = parties
    .flatMap((p) => p.actors)
    .map((a) => (a.delegation?.validUntil ? Date.parse(a.delegation.validUntil) : undefined))
    .filter((t): t is number => t !== undefined);
  return ends.length ? Math.min(...ends) : undefined;
}
