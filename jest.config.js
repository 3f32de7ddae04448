/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // the end-to-end suite needs the Pulumi CLI: `npm run test:e2e` (jest.e2e.config.js)
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
  // tsconfig sets isolatedModules, so ts-jest transpiles each file alone (fast); tsc checks types.
  transform: { "^.+\\.ts$": "ts-jest" },
  testTimeout: 30000,
  // host-based tests run dist/: refuse a build older than its sources
  globalSetup: "<rootDir>/test/support/freshBuild.ts",
};
