/* eslint-disable */
// Integration tests: real Pulsar broker and real MySQL/MariaDB (started by scripts/test.sh).
export default {
  displayName: 'monitoreo:integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 120000,
};
