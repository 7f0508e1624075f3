/**
 * The jest setup of every plugin (create-plugin's, shared): TypeScript/TSX through swc, jsdom for
 * components, Testing Library's matchers. A plugin's jest.config.js is `require(this)(__dirname)`.
 */
const path = require('node:path');

// Packages the plugins and Grafana's libraries use that ship ES modules only: jest needs them as CommonJS.
const ESM_ONLY = [
  '@grafana/schema',
  '@wojtekmaj/date-utils',
  'd3',
  'd3-color',
  'd3-dispatch',
  'd3-force',
  'd3-interpolate',
  'd3-quadtree',
  'd3-scale-chromatic',
  'd3-timer',
  'get-user-locale',
  'marked',
  'memoize',
  'mimic-function',
  'ol',
  'react-calendar',
  'react-colorful',
  'rxjs',
  'uuid',
];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

const testing = path.join(__dirname, '..', 'plugin-testing');

/**
 * @param {string} pluginDir the plugin's folder
 * @param {{ demoProcessor?: boolean }} options demoProcessor: start the demo processor once for all
 *   test files (plugin-testing/globalSetup.ts); they find it with plugin-testing/testProcessor.ts
 * @returns {import('jest').Config}
 */
module.exports = (pluginDir, { demoProcessor = false } = {}) => ({
  rootDir: pluginDir,
  testEnvironment: 'jest-environment-jsdom',
  testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}', '<rootDir>/tests/**/*.test.{ts,tsx}'],
  setupFilesAfterEnv: [path.join(__dirname, 'jest-setup.js')],
  moduleNameMapper: {
    '\\.(css|scss|sass)$': 'identity-obj-proxy',
    '^@llm-hub/query-contract$': path.join(__dirname, '..', 'query-contract', 'src'),
  },
  transform: { '^.+\\.(mjs|[tj]sx?)$': swc },
  transformIgnorePatterns: [`node_modules/(?!.*(${ESM_ONLY.join('|')})/.*)`],
  ...(demoProcessor
    ? {
        globalSetup: path.join(testing, 'globalSetup.ts'),
        globalTeardown: path.join(testing, 'globalTeardown.ts'),
      }
    : {}),
  // The tests start a real processor and a browser: the first start takes a while.
  testTimeout: 120_000,
});
