/* eslint-disable */
export default {
  displayName: 'monitoreo',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
