// Process entry: `tsx services/api/src/server.ts`. Reads the config (refusing
// development secrets in production), listens, and stops cleanly on SIGINT/SIGTERM.
import { ConfigError, loadConfig } from '@naskah/config';
import { start } from './app.js';

try {
  const config = loadConfig();
  const api = await start(config);
  api.deps.logger.info(`api: listening on port ${new URL(api.url).port}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      api.stop().then(() => process.exit(0), () => process.exit(1));
    });
  }
} catch (error) {
  if (error instanceof ConfigError) console.error(`api: configuration error: ${error.message}`);
  else console.error('api: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
}
