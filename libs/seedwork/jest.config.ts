/* eslint-disable */
export default {
  displayName: 'seedwork',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
