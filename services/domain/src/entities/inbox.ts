import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Position } from './organisation.js';

/**
 * Per position, the sent documents (distributed or archived) with a sign step
 * at it, each document once: a lower bound of Naskah Keluar that tells, in one
 * row read, that a head's badge has reached its cap. Kept by triggers on
 * routing_step and document (migration 20261207180000), so every writer,
 * plain SQL included, moves it in the transaction that moves the rows.
 */
export const InboxSentSigned = defineEntity({
  name: 'InboxSentSigned',
  properties: {
    position: () => p.manyToOne(Position).primary().updateRule('no action').deleteRule('cascade'),
    documents: p.integer(),
  },
});
export type InboxSentSigned = InferEntity<typeof InboxSentSigned>;
