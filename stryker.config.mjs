/**
 * Mutation testing of the core (`npm run mutation`): the code whose every rule a user relies on without seeing it.
 * Stryker changes one thing at a time in these files (a comparison, a constant, a condition) and runs the unit
 * tests that cover it (jest.mutation.config.js); a change no test notices is a rule nothing checks.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: [
    // the model floor, all of it: the settings table and all it derives (schemas, wire names, comparison rules,
    // strictness), values, bodies, the baseline and presets, errors
    "provider/model/**/*.ts",
    // the resource's state: its outputs and bookkeeping, and the names of the arguments given as secrets that the
    // outputs record (no Pulumi in any of them)
    "provider/resources/organization/state.ts",
    "provider/resources/planInput.ts",
    // the client's retry policy (status, Retry-After in both forms, deadline), the rate-limit headers, the wait bound
    "provider/client/retryPolicy.ts",
    "provider/client/rateLimitHeaders.ts",
    "provider/client/clock.ts",
  ],
  testRunner: "jest",
  jest: { configFile: "jest.mutation.config.js", enableFindRelatedTests: false },
  coverageAnalysis: "perTest",
  concurrency: 2,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // the run fails below 90 % (the core's target)
  thresholds: { high: 95, low: 90, break: 90 },
  // the sandbox needs the sources, the tests and the configs; not the build, the examples or the bench
  ignorePatterns: ["dist", "examples", "bench", "reports", "coverage", "test/e2e", "*.tgz"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
