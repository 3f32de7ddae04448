/**
 * The end-to-end suite (`npm run test:e2e`): the real Pulumi CLI (scripts/pulumi-cli.sh) runs programs that install
 * the packed package, against the local Cloudflare API in its own process. Not part of `npm test`: it needs the CLI.
 * One file at a time, so that the rollout's figures are not skewed by another file's CLI commands.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  maxWorkers: 1,
  // each test's result in the log, as the report lists them
  verbose: true,
  // a CLI command takes seconds; a rollout of 200 accounts, a minute
  testTimeout: 300000,
  globalSetup: "<rootDir>/test/e2e/support/globalSetup.ts",
  globalTeardown: "<rootDir>/test/e2e/support/globalTeardown.ts",
};
