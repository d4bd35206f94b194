// One jest run for every back-end package. Sources are ESM TypeScript, turned
// into ESM JavaScript by SWC (fast, no type-check: `npm run typecheck` does that).
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2023', transform: { react: { runtime: 'automatic' } } },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  // Relative imports carry `.js` (NodeNext); map them back to the TS source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/{services,workflows,infra,admin-ui}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tools/', '/.data/', '/.test-data/'],
  // Starts (or reuses) the test stack and exports its coordinates as env vars: see infra/README.md.
  globalSetup: '<rootDir>/infra/testing/global-setup.mjs',
  globalTeardown: '<rootDir>/infra/testing/global-teardown.mjs',
  testTimeout: 120_000,
  // `npm test` runs the files one at a time (they share one stack) in one worker process, which
  // jest replaces once it holds more than workerIdleMemoryLimit after a file: each file's ESM
  // module graph (vm modules) is otherwise kept to the end and a full run outgrew a 4 GB heap.
  // In CI a leaked handle (a socket, a child process) must not hang the run until the CI time limit;
  // locally jest still reports "did not exit" so leaks get fixed.
  forceExit: Boolean(process.env.CI),
};
