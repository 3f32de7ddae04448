/**
 * `npm run mutation`'s tests (stryker.config.mjs): the unit tests that cover the core, gathered in one file
 * (test/mutation/core.suite.ts says why). Sources through ts-jest: no dist/, no dynamic-provider host, no network, no
 * child process, and none loads Pulumi's runtime, so a run takes seconds.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  rootDir: __dirname,
  // only what the suite loads: not Stryker's sandboxes (.stryker-tmp), dist/ or the examples
  roots: ["<rootDir>/provider", "<rootDir>/test"],
  testMatch: ["<rootDir>/test/mutation/core.suite.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
};
