// Loads the Tanah Bumbu demo organisation: npm run -w @naskah/domain seed (safe to run again).
// Signers get certificates from the internal CA under NASKAH_DATA_DIR (default <repo>/.data):
// <data>/pki and <data>/keystore/<NIK>.p12, passphrase naskah-demo-ttd (development only).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@naskah/config';
import { openOrm } from '../orm.js';
import { seedDemo } from '../seed/seed.js';
import { internalCaIssuer } from '../seed/demo-certificates.js';
import { databaseUrlFromEnv } from './database-url.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const dataDir = process.env['NASKAH_DATA_DIR'] ?? path.join(repoRoot, '.data');

// The same PUBLIC_BASE_URL the API runs with: the demo certificates name its /api/pki services.
const { publicBaseUrl } = loadConfig().http;
const orm = await openOrm({ databaseUrl: databaseUrlFromEnv() });
try {
  const result = await seedDemo(orm.em.fork(), { issueCertificate: await internalCaIssuer(dataDir, { publicBaseUrl }), publicBaseUrl });
  console.log(`demo seed: ${result.created} row(s) created, ${Object.keys(result.userIds).length} logins (password naskah-demo, development only); signer keystores in ${path.join(dataDir, 'keystore')}`);
} finally {
  await orm.close(true);
}
