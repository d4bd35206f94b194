// The login (app_user) as sign-in and sessions read it.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface LoginUserRow {
  id: number; person_id: number; username: string; password_hash: string; roles: string[] | string; active: boolean;
  name: string; agency_id: number; agency_code: string; agency_name: string;
}

const userSql = `select u.id, u.person_id, u.username, u.password_hash, u.roles, u.active,
  p.name, a.id as agency_id, a.code as agency_code, a.name as agency_name
  from app_user u join person p on p.id = u.person_id join agency a on a.id = p.agency_id`;

/** The login with this exact username, with its person and agency. */
export async function loginUserByName(em: EntityManager, username: string): Promise<LoginUserRow | undefined> {
  const [row] = await em.execute<LoginUserRow[]>(`${userSql} where u.username = ?`, [username]);
  return row;
}

export async function loginUserById(em: EntityManager, id: number): Promise<LoginUserRow | undefined> {
  const [row] = await em.execute<LoginUserRow[]>(`${userSql} where u.id = ?`, [id]);
  return row;
}

export async function recordLastLogin(em: EntityManager, userId: number): Promise<void> {
  await em.execute('update app_user set last_login_at = now() where id = ?', [userId]);
}
