// Notifications (notification): what the workflows' activities and the
// archive's scans tell a person, and the person's own list.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface NewNotification { kind: string; subjectType: string; subjectId: number; title: string; body: string }

/** One notification to every active admin; returns how many were told. Runs in the caller's transaction. */
export async function notifyActiveAdmins(em: EntityManager, n: NewNotification): Promise<number> {
  const admins = await em.execute<{ person_id: number }[]>("select person_id from app_user where active and 'admin' = any(roles)");
  for (const admin of admins) {
    await em.execute(
      'insert into notification (recipient_id, kind, subject_type, subject_id, title, body, created_at) values (?, ?, ?, ?, ?, ?, now())',
      [admin.person_id, n.kind, n.subjectType, n.subjectId, n.title, n.body]);
  }
  return admins.length;
}

export interface NotificationRow { id: number; kind: string; subject_type: string; subject_id: number; title: string; created_at: Date; read: boolean }

/** A person's own notifications, newest first, with how many there are and how many unread. */
export async function notificationsOf(em: EntityManager, personId: number, offset: number, limit: number): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
  const [rows, [counts]] = await Promise.all([
    em.execute<NotificationRow[]>(
      `select id, kind, subject_type, subject_id, title, created_at, read_at is not null as read from notification
        where recipient_id = ? order by id desc offset ? limit ?`, [personId, offset, limit]),
    em.execute<{ total: number; unread: number }[]>(
      'select count(*)::int as total, count(*) filter (where read_at is null)::int as unread from notification where recipient_id = ?', [personId]),
  ]);
  return { rows, total: counts?.total ?? 0, unread: counts?.unread ?? 0 };
}
