/* eslint-disable */
// Measurements on the real broker and database, run on demand only (never by npm test): npx jest -c apps/marketing-comisiones/jest.bench.config.ts
export default {
  displayName: 'marketing-comisiones:bench',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testTimeout: 600000,
};
