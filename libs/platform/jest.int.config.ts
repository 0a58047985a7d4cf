/* eslint-disable */
// Integration tests: real Pulsar broker and real MySQL/MariaDB (started by scripts/test.sh).
export default {
  displayName: 'platform:integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 120000,
};
