/* eslint-disable */
// Measurements on the real broker and database, run on demand only (never by npm test): npx jest -c apps/monitoreo/jest.bench.config.ts
export default {
  displayName: 'monitoreo:bench',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testTimeout: 900000,
};
