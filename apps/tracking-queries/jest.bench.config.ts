/* eslint-disable */
// Measurements on the real broker and database, run on demand only (never by npm test): npx jest -c apps/tracking-queries/jest.bench.config.ts
export default {
  displayName: 'tracking-queries:bench',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testTimeout: 600000,
};
