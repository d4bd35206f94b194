// Applies the committed migrations: npm run -w @naskah/domain migrate
import { migrateUp, openOrm } from '../orm.js';
import { databaseUrlFromEnv } from './database-url.js';

const orm = await openOrm({ databaseUrl: databaseUrlFromEnv() });
try {
  const applied = await migrateUp(orm);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database schema is up to date');
} finally {
  await orm.close(true);
}
