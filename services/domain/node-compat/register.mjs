// `node --import ./services/domain/node-compat/register.mjs`: lets MikroORM 7 run on Node 20.
import { register } from 'node:module';
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) register('./hooks.mjs', import.meta.url);
