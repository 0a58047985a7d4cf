/* eslint-disable */
export default {
  displayName: 'afiliados',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
