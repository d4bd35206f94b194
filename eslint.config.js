// Lint baseline (../shared/style.md, like temporalio/sdk-typescript): type-aware
// no-floating-promises, consistent type imports, no import cycles, and no Node
// built-ins inside workflow code (it runs in Temporal's deterministic sandbox).
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

/** Tests and their harnesses: they may reach any layer (a test starts the API, the worker and the stack). */
const testFiles = ['**/*.test.ts', '**/*.test.tsx', '**/test-*.ts', '**/testing.ts', '**/testing/**'];

/** A package is imported by its name: a relative path into another package skips its public surface. */
const crossPackage = {
  group: [
    '**/services/*/src/**', '**/services/*/test/**', '**/workflows/src/**', '**/workflows/test/**', '**/admin-ui/src/**',
    // A sibling package under services/ reached from inside one (`../../signing/src/...`).
    '../../*/src/**', '../../*/test/**', '../../../*/src/**', '../../../*/test/**',
  ],
  message: 'Import another package by its name (@naskah/...), never by a relative path into it.',
};
/** Product code never depends on test harnesses or on the local-stack scripts. */
const harnesses = {
  group: ['**/test-*.js', '@naskah/*/testing', '@naskah/*/testing/*', '@naskah/infra', '@naskah/infra/*'],
  message: 'Test harnesses and infra scripts serve tests and the local stack; product code cannot depend on them.',
};
/** `allowed`: the @naskah import paths this layer may use (exact), everything else of ours is refused. */
const never = (allowed, why) => ({
  regex: `^@naskah/(?!(${allowed.map((a) => a.replace('@naskah/', '').replace('/', '\\/')).join('|')})$)`,
  message: `${why} (../shared/design.md, "Shape").`,
});

/**
 * Per package, what its product code never imports. The arrows: the console talks HTTP only (it shares
 * the rulebook's vocabularies); the API talks to Temporal through the workflows' client, never their
 * worker or activities; workflows never call the API; archive, templates and domain sit below them;
 * signing owns trust and knows no records, nor the internal CA (pki) that issues for it; the CA
 * builds on the signing core only; config knows nothing.
 */
const layers = {
  'services/config': [never([], 'Configuration depends on no other package')],
  'services/signing': [never([], 'Signing owns trust and knows no records, processes, HTTP or the internal CA')],
  'services/pki': [never(['@naskah/signing', '@naskah/signing/cms'], 'The internal CA builds on the signing core only')],
  'services/domain': [never(['@naskah/config'], 'The domain is the bottom layer: records and rules only')],
  'services/templates': [never(['@naskah/domain/rulebook', '@naskah/config'], 'Templates lay out letters from the rulebook only')],
  'services/archive': [never(['@naskah/config', '@naskah/domain', '@naskah/domain/rulebook', '@naskah/signing', '@naskah/pki'], 'The archive sits below the processes: records, trust and configuration only')],
  workflows: [never(['@naskah/config', '@naskah/domain', '@naskah/domain/rulebook', '@naskah/signing', '@naskah/templates', '@naskah/archive', '@naskah/archive/scan/workflows', '@naskah/archive/ltv/workflows'], 'Workflows never call the API or the console')],
  'services/api': [never(['@naskah/config', '@naskah/domain', '@naskah/domain/rulebook', '@naskah/signing', '@naskah/pki', '@naskah/templates', '@naskah/archive', '@naskah/workflows/client'], 'The API talks to Temporal through the workflows\' client only')],
  'admin-ui': [never(['@naskah/domain/rulebook'], 'The console talks HTTP; it imports only the rulebook')],
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**', '**/.tsbuild/**', '**/node_modules/**', '.tools/**', '.data/**', '.test-data/**', 'coverage/**',
      'bench/results/**', 'admin-ui/e2e/screenshots/**', '**/*.tmp.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        // Root-level bench scripts have a project of their own (bench/tsconfig.json).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle parses each imported file; without these it silently skips TypeScript ones.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
          conditionNames: ['import', 'node', 'default'],
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      // `import('x').T` in a type position is fine; what matters is that value imports carry no types.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // The "never" arrows of ../shared/design.md ("Shape"), as import rules; see layers above.
  {
    files: ['**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [crossPackage] }] },
  },
  ...Object.entries(layers).map(([dir, forbidden]) => ({
    files: [`${dir}/src/**/*.{ts,tsx}`],
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: [crossPackage, harnesses, ...forbidden] }] },
  })),
  {
    // Workflow code is replayed deterministically in a sandbox: no I/O, no clocks, no randomness from Node.
    files: ['workflows/src/workflows/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          crossPackage, harnesses, ...layers.workflows,
          { group: ['node:*'], message: 'Workflow code runs in the Temporal sandbox: do I/O in an activity.' },
        ],
        paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code runs in the Temporal sandbox: do I/O in an activity.' })),
      }],
    },
  },
  {
    files: ['admin-ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
