/* eslint-disable */
export default {
  displayName: 'tracking-queries',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
