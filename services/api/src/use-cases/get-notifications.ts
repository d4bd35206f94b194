import { notificationsOf, type DomainEntityManager as EntityManager, type Viewer } from '@naskah/domain';

export interface NotificationItem {
  id: number;
  /** task, reminder, escalation, overdue, info: as the workflow's activity wrote it. */
  kind: string;
  /** What it is about: `disposition` / `document` / `agreement` and its id, so the console opens it. */
  subjectType: string;
  subjectId: number;
  title: string;
  at: string;
  read: boolean;
}

/**
 * The viewer's own notifications, newest first, and how many are unread: the
 * reminders and escalations the workflows' activities write (one row per key),
 * shown in the inbox beside the work queues. Only ever the viewer's own rows.
 */
export async function getNotifications(em: EntityManager, viewer: Viewer, offset: number, limit: number): Promise<{ items: NotificationItem[]; total: number; unread: number }> {
  const { rows, total, unread } = await notificationsOf(em, viewer.personId, offset, limit);
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, subjectType: r.subject_type, subjectId: r.subject_id, title: r.title, at: new Date(r.created_at).toISOString(), read: r.read })),
    total,
    unread,
  };
}
