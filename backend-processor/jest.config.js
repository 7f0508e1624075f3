/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest'],
    // augurs ships ES modules only; jest's module system needs them as CommonJS.
    '/node_modules/@bsull/augurs/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@bsull/augurs/)'],
  // Tests read the shared contract from its sources, so they need no build of it first.
  moduleNameMapper: { '^@llm-hub/query-contract$': '<rootDir>/../query-contract/src' },
  // Integration tests start real services; the first start of Kafka or PostgreSQL takes a while.
  testTimeout: 120_000,
};
