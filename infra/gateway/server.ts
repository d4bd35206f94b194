// npx tsx infra/gateway/server.ts --port 8800 --pki .data/gateway [--base-url http://127.0.0.1:8800]
// Credentials: GATEWAY_USERNAME / GATEWAY_PASSWORD (development defaults
// "naskah" / "naskah-gateway-dev"). The first start creates the stand-in CA
// and registers the demo signers (registry.ts).
import { parseArgs } from 'node:util';
import express from 'express';
import { createStandInGateway } from './app.js';
import { DEV_GATEWAY_PASSWORD, DEV_GATEWAY_USERNAME } from './credentials.js';
import { DEMO_SIGNERS, openGatewayRegistry } from './registry.js';


const { values } = parseArgs({
  options: { port: { type: 'string', default: '8800' }, pki: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' } },
});
if (!values.pki) {
  process.stderr.write('usage: tsx infra/gateway/server.ts --port N --pki DIR [--host H]\n');
  process.exit(2);
}
const registry = await openGatewayRegistry(values.pki, { seed: DEMO_SIGNERS });
const gateway = createStandInGateway({
  registry,
  username: process.env.GATEWAY_USERNAME || DEV_GATEWAY_USERNAME,
  password: process.env.GATEWAY_PASSWORD || DEV_GATEWAY_PASSWORD,
});
// One line per request for the operator: method, path, size. Never a field of the form.
const logged = express();
logged.use((req, _res, next) => {
  process.stdout.write(`${new Date().toISOString()} ${req.method} ${req.path} ${req.headers['content-length'] ?? '-'} bytes\n`);
  next();
});
logged.use(gateway.app);
const server = logged.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  process.stdout.write(`stand-in signing gateway on http://${values.host}:${port} (root CA ${registry.rootPemPath})\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
