/* eslint-disable */
// Cross-service tests: the BUILT apps run as real processes (node dist/apps/<app>/main.js) against the real broker
// and database, on per-run topics (ALPES_TOPIC_PREFIX) and databases; the tests talk to them over HTTP only.
export default {
  displayName: 'ecosystem:integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
  testTimeout: 180000,
};
