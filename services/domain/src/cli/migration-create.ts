// Generates a migration from the difference between the entities and the committed snapshot.
// Usage: npm run -w @naskah/domain migration:create -- [name]
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../orm.js';
import { databaseUrlFromEnv } from './database-url.js';

const orm = await MikroORM.init(ormConfig({ databaseUrl: databaseUrlFromEnv(), migrationSnapshot: true }));
try {
  const result = await orm.migrator.createMigration(undefined, false, false, process.argv[2]);
  console.log(result.fileName ? `created ${result.fileName}; add it to src/migrations/index.ts` : 'no changes');
} finally {
  await orm.close(true);
}
