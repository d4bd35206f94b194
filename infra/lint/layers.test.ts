// The "never" arrows of ../shared/design.md ("Shape") hold because `npm run lint` refuses them:
// each case adds one import to a real file of a layer and expects the refusal (or its absence),
// as the design's picture draws it, not as eslint.config.js happens to say.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Only the import rule, without type information: the layering is about specifiers, and the
// type-aware program per file would make this test minutes long.
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

/** The restricted-import messages ESLint gives `file` with `specifier` imported at its top. */
async function refusals(file: string, specifier: string): Promise<string[]> {
  const filePath = path.join(root, file);
  const text = `import * as probe from '${specifier}';\nvoid probe;\n${readFileSync(filePath, 'utf8')}`;
  const [result] = await eslint.lintText(text, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.line === 1).map((m) => m.message);
}

const cases: { file: string; specifier: string; refused: boolean; why: string }[] = [
  { file: 'services/signing/src/sign.ts', specifier: '@naskah/domain', refused: true, why: 'signing knows no records' },
  { file: 'services/signing/src/sign.ts', specifier: '@naskah/api', refused: true, why: 'signing knows no HTTP' },
  { file: 'services/signing/src/sign.ts', specifier: '@naskah/pki', refused: true, why: 'the signing core never imports the CA' },
  { file: 'services/signing/src/cms/revocation.ts', specifier: '@naskah/pki', refused: true, why: 'the signing core never imports the CA' },
  { file: 'services/pki/src/authority.ts', specifier: '@naskah/signing', refused: false, why: 'the CA builds on the signing core' },
  { file: 'services/pki/src/authority.ts', specifier: '@naskah/signing/cms', refused: false, why: 'the CA encodes with the core\'s DER and CMS pieces' },
  { file: 'services/pki/src/authority.ts', specifier: '@naskah/domain', refused: true, why: 'the CA knows no records' },
  { file: 'services/pki/src/http.ts', specifier: '@naskah/api', refused: true, why: 'the API mounts the CA, not the other way' },
  { file: 'services/pki/src/authority.ts', specifier: '../../signing/src/cms/der.js', refused: true, why: 'the CA uses the core by its name' },
  { file: 'services/api/src/routes/pki.ts', specifier: '@naskah/pki', refused: false, why: 'the API mounts the internal CA' },
  { file: 'services/domain/src/index.ts', specifier: '@naskah/api', refused: true, why: 'the domain is the bottom layer' },
  { file: 'services/domain/src/index.ts', specifier: '@naskah/workflows/client', refused: true, why: 'the domain is the bottom layer' },
  { file: 'services/domain/src/index.ts', specifier: '@naskah/config', refused: false, why: 'configuration is below everything' },
  { file: 'services/archive/src/index.ts', specifier: '@naskah/workflows/client', refused: true, why: 'the archive is below the processes' },
  { file: 'services/archive/src/index.ts', specifier: '@naskah/domain', refused: false, why: 'the archive keeps records' },
  { file: 'workflows/src/worker.ts', specifier: '@naskah/api', refused: true, why: 'workflows never call the API' },
  { file: 'workflows/src/worker.ts', specifier: '@naskah/archive', refused: false, why: 'activities archive' },
  { file: 'workflows/src/workflows/routing.ts', specifier: 'node:fs', refused: true, why: 'workflow code runs in the sandbox' },
  { file: 'workflows/src/workflows/routing.ts', specifier: '@naskah/api', refused: true, why: 'workflows never call the API' },
  { file: 'services/api/src/app.ts', specifier: '@naskah/workflows/worker', refused: true, why: 'the API talks to Temporal, not to the worker' },
  { file: 'services/api/src/app.ts', specifier: '@naskah/workflows/activities', refused: true, why: 'activities are the worker\'s' },
  { file: 'services/api/src/app.ts', specifier: '@naskah/workflows/client', refused: false, why: 'the API starts and signals workflows' },
  { file: 'services/api/src/app.ts', specifier: '@naskah/api/testing', refused: true, why: 'product code never imports a test harness' },
  { file: 'services/api/src/app.ts', specifier: '@naskah/api/testing/api', refused: true, why: 'product code never imports a test harness, nor a part of one' },
  { file: 'services/api/src/app.ts', specifier: '../test/test-api.js', refused: true, why: 'product code never reaches into the test folder' },
  { file: 'services/domain/src/index.ts', specifier: '@naskah/domain/testing', refused: true, why: 'product code never imports a test harness' },
  { file: 'services/api/src/app.ts', specifier: '@naskah/infra/testing', refused: true, why: 'product code never imports the test stack' },
  { file: 'admin-ui/src/main.tsx', specifier: '@naskah/domain', refused: true, why: 'the console talks HTTP' },
  { file: 'admin-ui/src/main.tsx', specifier: '@naskah/domain/rulebook', refused: false, why: 'the console shares the rulebook' },
  { file: 'workflows/src/worker.ts', specifier: '../../services/archive/src/index.js', refused: true, why: 'packages are imported by name' },
  { file: 'workflows/src/worker-startup.test.ts', specifier: '@naskah/infra/testing', refused: false, why: 'a test may start the stack' },
  { file: 'workflows/src/worker-startup.test.ts', specifier: '../../services/archive/src/index.js', refused: true, why: 'packages are imported by name, in tests too' },
];

describe('the layering rules of the design, enforced by lint', () => {
  test.each(cases)('$file importing $specifier: refused $refused ($why)', async ({ file, specifier, refused }) => {
    const messages = await refusals(file, specifier);
    expect(messages.length > 0).toBe(refused);
  }, 60_000);
});
