#!/usr/bin/env node
// `naskah` runs straight from the TypeScript sources (no build step after `npm ci`).
import { register } from 'tsx/esm/api';

register();
const [command] = process.argv.slice(2);
// `render` belongs to the templates package; `pki` and `sign` (whose `--pki D` needs the internal CA)
// to the pki package; everything else (verify) to signing.
const entry = command === 'render' ? '../services/templates/src/cli.ts'
  : command === 'pki' || command === 'sign' ? '../services/pki/src/cli.ts'
    : '../services/signing/src/cli.ts';
await import(new URL(entry, import.meta.url).href);
