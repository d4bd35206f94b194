import type { DomainEntityManager as EntityManager, InboxQueue, InboxRow, Viewer } from '@naskah/domain';
import { readInbox } from '@naskah/domain';
import { isoTimestamps } from '../http/list-records.js';

export { inboxQueues, type InboxQueue } from '@naskah/domain';

/** An inbox row as clients get it: timestamps in ISO 8601. */
export type InboxItem = Omit<InboxRow, 'at' | 'deadline'> & { at: string | null; deadline: string | null };

/** One queue's page and every queue's badge count (the reads live in the domain's inbox module). */
export async function getInbox(em: EntityManager, viewer: Viewer, queue: InboxQueue, offset: number, limit: number): Promise<{ items: InboxItem[]; total: number | null; hasNextPage: boolean; counts: Record<InboxQueue, number> }> {
  const inbox = await readInbox(em, viewer, queue, offset, limit);
  return { ...inbox, items: inbox.items.map((i) => isoTimestamps(i as unknown as Record<string, unknown>) as unknown as InboxItem) };
}
