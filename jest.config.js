const SHARED_PACKAGES = ['cdk8s', 'cdk8s-plus-27', 'constructs', 'yaml', 'js-yaml', 'bcryptjs', 'ajv', '@kubernetes-models', 'kubernetes-models'].join('|');

const DOCS_CHECKS = require('./test/env/docs-checks');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/test/env/shared-lib-environment.js',
  // Every core (jest's default leaves one to itself: a single worker on a 2-core machine).
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The documentation checks run in `npm run docs:check` instead (test/env/docs-checks.js).
  testPathIgnorePatterns: ['/node_modules/', ...DOCS_CHECKS],
  // Test files only: transpiled (tsconfig `isolatedModules`); `tsc --noEmit` type-checks them.
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    [`(/lib/|/node_modules/(${SHARED_PACKAGES})/).+\\.js$`]: '<rootDir>/test/env/shared-lib-transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${SHARED_PACKAGES})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The library under test is the compiled lib/ (`npm test` builds first; test/global-setup.js
  // refuses a stale one): no per-worker transpiling of src/, and the code tested is the code shipped.
  // Examples import the package by name, as a downstream user would.
  moduleNameMapper: {
    '^gitpod-cdk8s$': '<rootDir>/lib/src/index.js',
    '^(?:\\.\\./)+src(/.*)?$': '<rootDir>/lib/src$1',
  },
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
};
