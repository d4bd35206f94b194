import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Agency } from './organisation.js';

/**
 * The leaders' dashboard per agency per calendar day (WITA): what the year
 * view sums instead of reading every document. Written only by
 * refreshDashboardDays (a Temporal schedule calls it); days from the
 * watermark on are read from the documents themselves.
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
    /** Submit-to-sign hours of the timed ones, ascending: percentiles over any period stay exact. */
    hours: p.array<number>(Number).columnType('float8[]'),
  },
});
export type DashboardDay = InferEntity<typeof DashboardDay>;

/** One row: every day before `completeBefore` is in dashboard_day. */
export const DashboardRollup = defineEntity({
  name: 'DashboardRollup',
  properties: {
    id: p.integer().primary(),
    completeBefore: p.date(),
    refreshedAt: p.datetime(),
  },
});
export type DashboardRollup = InferEntity<typeof DashboardRollup>;
