import pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';

// Every API process keeps the viewers it loaded (roles, acting positions, subordinates)
// for a few seconds. A change of roles, delegations or the org chart made through one
// process must reach the others at once, not after their cache expires: PostgreSQL's
// LISTEN/NOTIFY carries the news, and the short expiry stays as the backstop for a
// listener that lost its connection.
const channel = 'naskah_viewers_changed';

/** Tells every listening process that viewers loaded before now may be stale. */
export async function announceViewerChange(em: EntityManager): Promise<void> {
  await em.getConnection().execute(`select pg_notify('${channel}', '')`);
}

export interface ViewerChangeWatch { stop(): Promise<void> }

/**
 * Calls `onChange` whenever any process announces a change. A lost connection
 * calls `onChange` once (everything may be stale) and `onLost`; the caller's
 * cache expiry then bounds staleness until the process restarts.
 */
export async function watchViewerChanges(databaseUrl: string, onChange: () => void, onLost: (error: Error) => void): Promise<ViewerChangeWatch> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('notification', (message) => { if (message.channel === channel) onChange(); });
  client.on('error', (error) => { onChange(); onLost(error); });
  await client.connect();
  await client.query(`listen ${channel}`);
  return { stop: () => client.end().catch(() => undefined) };
}
