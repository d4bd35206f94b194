import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One link of the tamper-evident audit chain. Actor fields are copies (not
 * foreign keys) so the trail survives whatever happens to the rows it names.
 */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  properties: {
    id: p.bigint('number').primary(),
    /** Position in the chain: 1, 2, 3 ... with no gaps. */
    seq: p.bigint('number').unique(),
    actorId: p.integer().nullable().index(),
    actorName: p.string().default(''),
    /** The position acted for under Plh/Plt/a.n./u.b.; responsibility stays with it. */
    onBehalfOf: p.string().nullable(),
    action: p.string().length(64),
    subjectType: p.string().length(48),
    subjectId: p.string().length(64),
    agencyId: p.integer().nullable(),
    at: p.datetime(),
    data: p.json<Record<string, unknown>>(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
  },
  indexes: [{ properties: ['subjectType', 'subjectId'] }, { properties: ['action'] }, { properties: ['at'] }],
});
export type AuditEvent = InferEntity<typeof AuditEvent>;
