import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Agency } from './organisation.js';

/**
 * The leaders' dashboard per agency per calendar day in the Pemda's zone:
 * what the year view sums instead of reading every document and disposition.
 * Written in the same transaction as the record that moves a figure
 * (dashboard/dashboard-days.ts); rebuilt from the records by the backfill,
 * a zone change and the nightly reconciliation.
 */
export const DashboardDay = defineEntity({
  name: 'DashboardDay',
  properties: {
    agency: () => p.manyToOne(Agency).primary().updateRule('no action'),
    day: p.date().primary(),
    /** Documents created that day. */
    created: p.integer(),
    /** Finished by TTE (signed, distributed or archived) with the last signature that day. */
    signed: p.integer(),
    /** Cancelled after submission, last changed that day. */
    cancelled: p.integer(),
    /** Of `signed`, those with a recorded submit time. */
    timed: p.integer(),
    /** Submit-to-sign hours of the timed ones (every value, so percentiles over any period stay exact). */
    hours: p.array<number>(Number).columnType('float8[]'),
    /** Dispositions made that day still open (sent, read or forwarded). */
    opened: p.integer(),
    /** The deadlines of those open ones that have one: overdue is counted against the time of reading. */
    openDeadlines: p.array<string>().columnType('timestamptz[]'),
  },
});
export type DashboardDay = InferEntity<typeof DashboardDay>;

/** One row: the last nightly reconciliation, which rebuilt the days before `completeBefore` back to a week earlier. */
export const DashboardRollup = defineEntity({
  name: 'DashboardRollup',
  properties: {
    id: p.integer().primary(),
    completeBefore: p.date(),
    refreshedAt: p.datetime(),
  },
});
export type DashboardRollup = InferEntity<typeof DashboardRollup>;
