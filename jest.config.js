// One jest run, four layers. `npm test` runs them all; `npm run test:<layer>` runs one.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
const withDatabase = {
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  // 60 s per test and hook instead of jest's 5 s (see the file for why)
  setupFilesAfterEnv: ['<rootDir>/test/setup/timeout.ts'],
};

module.exports = {
  projects: [
    // pure logic and libraries against in-process simulators: no database
    // (60 s per test too: simulator specs over real sockets took > 5 s on a CI machine running three workers)
    {
      ...base,
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeout.ts'],
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/*/src/**/*.spec.ts', '<rootDir>/libs/*/{src,test}/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
    },
    // services and repositories against real PostgreSQL
    { ...base, ...withDatabase, displayName: 'integration', testMatch: ['<rootDir>/apps/*/src/**/*.int-spec.ts', '<rootDir>/test/integration/**/*.int-spec.ts'] },
    // the whole app over HTTP with the simulators over real sockets
    { ...base, ...withDatabase, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // Playwright driving Debian's Chromium against the built SPA
    // (its environment screenshots the open pages when a test fails: test/setup/browser-environment.ts)
    { ...base, ...withDatabase, displayName: 'browser', testEnvironment: '<rootDir>/test/setup/browser-environment.ts', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
