/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // 'js' first, as in Jest's default order: dependencies (the Temporal SDK's among them) resolve
  // to their compiled .js; the project's own .ts files have no .js twin to shadow them.
  moduleFileExtensions: ['js', 'ts', 'tsx', 'json'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // The asset UI's pages: hono's JSX (server-rendered HTML), as tsconfig.json's jsxImportSource.
    '^.+\\.tsx$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic', importSource: 'hono/jsx' } } } }],
  },
  moduleNameMapper: {
    '^assetflow$': '<rootDir>/index.ts',
    '^assetflow/testing$': '<rootDir>/testing.ts',
    '^assetflow/postgres$': '<rootDir>/postgres.ts',
  },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tools/', '/.assetflow/', '/bench/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
  // Temporal's native runtime keeps the worker process alive after the last worker stops.
  forceExit: true,
};
