/* eslint-disable */
export default {
  displayName: 'marketing-comisiones',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
