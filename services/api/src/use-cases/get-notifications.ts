import type { DomainEntityManager as EntityManager, Viewer } from '@naskah/domain';

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
  const [items, [counts]] = await Promise.all([
    em.execute<{ id: number; kind: string; subject_type: string; subject_id: number; title: string; created_at: Date; read: boolean }[]>(
      `select id, kind, subject_type, subject_id, title, created_at, read_at is not null as read from notification
        where recipient_id = ? order by id desc offset ? limit ?`, [viewer.personId, offset, limit]),
    em.execute<{ total: number; unread: number }[]>(
      'select count(*)::int as total, count(*) filter (where read_at is null)::int as unread from notification where recipient_id = ?', [viewer.personId]),
  ]);
  return {
    items: items.map((r) => ({ id: r.id, kind: r.kind, subjectType: r.subject_type, subjectId: r.subject_id, title: r.title, at: new Date(r.created_at).toISOString(), read: r.read })),
    total: counts?.total ?? 0,
    unread: counts?.unread ?? 0,
  };
}
