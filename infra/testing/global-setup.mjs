// jest globalSetup: make sure the test stack runs (start it, or reuse a running
// one) and hand its coordinates to every test file through the environment
// variables `@naskah/config` reads. Plain ESM because jest loads global hooks
// outside its module mapper; tsx loads the TypeScript stack code.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { installTools, stackEnv, stackProfile, startStack, toolsInstalled } = await tsImport('../stack/index.ts', import.meta.url);
  // `npm ci && npm test` on a fresh machine: install the tools once, as `npm start` does.
  if (!toolsInstalled()) installTools();
  const profile = stackProfile('test');
  await startStack(profile);
  Object.assign(process.env, stackEnv(profile), { NODE_ENV: 'test' });
}
