// Jest runs the TypeScript sources as native ESM (oidc-provider is ESM-only), compiled by SWC.
// Type checking is done separately by `npm run typecheck` (tsc), so tests stay fast.
export default {
  testEnvironment: '<rootDir>/test/support/jest-environment.js',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  setupFiles: ['<rootDir>/test/support/fast-check-setup.js'],
  testTimeout: 30000,
};
