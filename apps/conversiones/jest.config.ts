/* eslint-disable */
export default {
  displayName: 'conversiones',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
