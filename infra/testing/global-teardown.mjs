// The test stack stays up between runs so the next `npm test` starts in
// seconds; CI (or anyone) asks for a stop with NASKAH_STOP_TEST_STACK=1.
import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  if (process.env.NASKAH_STOP_TEST_STACK !== '1') return;
  const { stackProfile, stopStack } = await tsImport('../stack/index.ts', import.meta.url);
  await stopStack(stackProfile('test'));
  // infra/scale/multi-process.test.ts starts the scale profile's four-drive MinIO beside it.
  await stopStack(stackProfile('scale'));
}
