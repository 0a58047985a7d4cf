/* eslint-disable */
// Integration tests: real Pulsar broker and real MySQL/MariaDB (per-run topics and a throw-away database).
export default {
  displayName: 'marketing-comisiones:integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 120000,
};
