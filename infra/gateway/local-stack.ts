// `npm start` with STANDIN_GATEWAY_PORT set: run the stand-in gateway beside
// the API and, unless SIGNING_GATEWAYS_FILE names a real one, point every
// agency at it. Credentials go to a 0600 file the gateways file names; none
// are written into the gateways file itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_GATEWAY_PASSWORD, DEV_GATEWAY_USERNAME } from './credentials.js';

export interface StandInLaunch {
  entry: string;
  args: string[];
  /** Added to the API's and worker's environment. */
  env: Record<string, string>;
  url: string;
}

export function standInGatewayLaunch(env: NodeJS.ProcessEnv, dataDir: string): StandInLaunch | undefined {
  const port = env.STANDIN_GATEWAY_PORT;
  if (!port) return undefined;
  const dir = join(dataDir, 'gateway');
  mkdirSync(dir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  const added: Record<string, string> = {};
  if (!env.SIGNING_GATEWAYS_FILE) {
    const credentials = join(dir, 'credentials.json');
    writeFileSync(credentials, JSON.stringify({ username: env.GATEWAY_USERNAME || DEV_GATEWAY_USERNAME, password: env.GATEWAY_PASSWORD || DEV_GATEWAY_PASSWORD }), { mode: 0o600 });
    const file = join(dir, 'gateways.json');
    writeFileSync(file, JSON.stringify({ '*': { name: 'BSrE (stand-in)', url, credentialsFile: 'credentials.json', rootCaFile: 'pki/root-ca.pem' } }, null, 2));
    added.SIGNING_GATEWAYS_FILE = file;
  }
  return { entry: 'infra/gateway/server.ts', args: ['--port', port, '--pki', dir], env: added, url };
}
