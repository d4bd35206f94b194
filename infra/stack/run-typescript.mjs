// Runs a TypeScript entry point in this very process: tsx registered through
// its API, then the entry imported. The pid the stack records is the server's
// own, so a signal or SIGKILL reaches it (the `tsx` command would run it in a
// child), and no `--import` flag has to be remembered by whoever starts it.
//   node infra/stack/run-typescript.mjs services/api/src/server.ts
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node infra/stack/run-typescript.mjs ENTRY.ts [args…]');
  process.exit(64);
}
// The entry sees its own arguments where `node ENTRY.ts args…` would put them.
process.argv.splice(1, 1);
process.argv[1] = path.resolve(entry);
register();
await import(pathToFileURL(process.argv[1]).href);
