/** @type {import('jest').Config} */
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
// Path aliases rewritten at compile time, so that globalSetup (which ignores moduleNameMapper) resolves them too.
const libs = ['core', 'database', 'queue', 'config', 'testing', 'worker'];
swcrc.jsc.baseUrl = __dirname;
swcrc.jsc.paths = Object.fromEntries(
  libs.flatMap((lib) => [
    [`@hirefair/${lib}`, [`libs/${lib}/src`]],
    [`@hirefair/${lib}/*`, [`libs/${lib}/src/*`]],
  ]),
);

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }],
    // content-disposition 3 (under @fastify/static) ships ESM only; Node 20 requires it natively, Jest cannot.
    '/node_modules/content-disposition/.+\\.js$': ['@swc/jest', { swcrc: false, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: { '^@hirefair/([a-z]+)(/.*)?$': '<rootDir>/libs/$1/src$2' },
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  setupFiles: ['<rootDir>/libs/testing/src/test-env.ts'],
  testTimeout: 300_000,
  maxWorkers: 3,
};
