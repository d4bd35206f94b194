// node:fs plus globSync, served to MikroORM on Node 20 by register.mjs's hook.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
require('./fs-glob.cjs');
const fs = require('node:fs');
export * from 'node:fs';
export const globSync = fs.globSync;
export default fs;
