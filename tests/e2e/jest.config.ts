// Unit tests of the end-to-end suite's own logic (scripts/e2e/**/*.spec.ts): what "matches" means, and the expected
// statistics and amounts it compares the services with. The suite itself runs in the `integration` target.
export default {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  rootDir: '.',
  roots: ['<rootDir>/../../scripts/e2e'],
  testMatch: ['**/*.spec.ts'],
};
