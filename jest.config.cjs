// Jest runs every suite in the monorepo. TypeScript is compiled by swc (fast, no type check:
// `npm run typecheck` does that). Suites are grouped by level, as STYLE.md names them:
//   unit: *.unit.spec.ts (pure, no I/O)
//   int:  *.int.spec.ts  (real adapters; real servers where a suite says so)
//   e2e:  *.e2e.spec.ts  (several processes, real servers, a browser)
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = {
  transform,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/frontend/'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/**/*.int.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/**/*.e2e.spec.ts'] },
  ],
  // testTimeout is a global option (ignored per project): generous for real servers; e2e suites raise it.
  testTimeout: 60_000,
  // skip-guard: under CANDOR_REQUIRE_INFRA=1 a skipped test fails the run unless its reason is allowed
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs', '<rootDir>/test/support/skip-guard.cjs'],
  maxWorkers: 2,
};
