/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Examples import the package by name, as a downstream user would.
  moduleNameMapper: { '^gitpod-cdk8s$': '<rootDir>/src/index.ts' },
};
