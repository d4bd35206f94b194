// Loads the Tanah Bumbu demo organisation: npm run -w @naskah/domain seed (safe to run again).
import { openOrm } from '../orm.js';
import { seedDemo } from '../seed/seed.js';
import { databaseUrlFromEnv } from './database-url.js';

const orm = await openOrm({ databaseUrl: databaseUrlFromEnv() });
try {
  const result = await seedDemo(orm.em.fork());
  console.log(`demo seed: ${result.created} row(s) created, ${Object.keys(result.userIds).length} logins (password naskah-demo, development only)`);
} finally {
  await orm.close(true);
}
