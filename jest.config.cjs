// swc compiles TypeScript (and the ESM-only @middy packages) to CommonJS for jest.
const transform = {
  '^.+\\.(t|j|mj)sx?$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const transformIgnorePatterns = ['/node_modules/(?!(@middy)/)'];
const common = {
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

module.exports = {
  // A safety net only (a global option: jest ignores it per project): tests wait on conditions, never on
  // the clock, and on a loaded 2-core machine a healthy test can take many times its usual time — jest's
  // 5 s default made correct tests fail there.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFiles: ['<rootDir>/test/integration/env.ts', '<rootDir>/test/aws-calls/record-in-jest.ts'],
    },
    // The security review's attacks replayed over HTTP against the local stack (docs/security.md).
    {
      ...common,
      displayName: 'security',
      testMatch: ['<rootDir>/test/security/**/*.test.ts'],
      globalSetup: '<rootDir>/test/security/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFiles: ['<rootDir>/test/integration/env.ts'],
    },
    // Faults injected through the stand-ins, a DynamoDB proxy and crashing ports; each scenario asserts what
    // the world holds afterwards (nothing lost, nothing doubled, exactly one decision).
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFiles: ['<rootDir>/test/integration/env.ts'],
    },
    // The local web page in headless Chromium (Debian's package; skipped visibly without it, unless
    // PIPEGATE_REQUIRE_BROWSER=1 as in CI). Starts its own dynalite.
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/integration/env.ts'],
    },
    // Packages serverless.yml once and asserts on the CloudFormation it generates.
    // The IAM check there also drives every function through the local stack, recording their AWS calls.
    {
      ...common,
      displayName: 'package',
      testMatch: ['<rootDir>/test/package/**/*.test.ts'],
      globalSetup: '<rootDir>/test/package/global-setup.ts',
      globalTeardown: '<rootDir>/test/package/global-teardown.ts',
      setupFiles: ['<rootDir>/test/integration/env.ts', '<rootDir>/test/aws-calls/record-in-jest.ts'],
    },
  ],
};
