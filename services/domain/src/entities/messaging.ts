import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Person } from './organisation.js';

/** A line in someone's notification inbox. */
export const Notification = defineEntity({
  name: 'Notification',
  properties: {
    id: p.integer().primary(),
    recipient: () => p.manyToOne(Person).updateRule('no action'),
    kind: p.string().length(48),
    subjectType: p.string().length(48),
    subjectId: p.integer(),
    title: p.string(),
    body: p.text().default(''),
    readAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['recipient', 'readAt'] }],
});
export type Notification = InferEntity<typeof Notification>;

/** Transactional outbox: written with the state change, delivered after commit. */
export const Outbox = defineEntity({
  name: 'Outbox',
  properties: {
    id: p.integer().primary(),
    topic: p.string().length(64),
    key: p.string().unique(),
    payload: p.json<Record<string, unknown>>(),
    attempts: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    processedAt: p.datetime().nullable().index(),
  },
});
export type Outbox = InferEntity<typeof Outbox>;
