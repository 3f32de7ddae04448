/**
 * The suite in layers (README, Development). A test file's layer is where it runs, not what it is about:
 * - unit: the sources in-process (schemas, values, the client against the local API on loopback, the rate budget,
 *   retries, actions, the component and the policy pack under Pulumi's mocks, the command line's main, properties
 *   that need no host). No build needed: a unit test never reads dist/.
 * - host: the built dist/ through Pulumi's dynamic-provider host, the built command line, the policy pack served.
 *   Refused while dist/ is older than provider/ (`npm run build` first).
 * - package: `npm pack` and installs from the npm registry (test/package). Opt-in: ZT_PACKAGE_TESTS=1 (or `npm run
 *   test:package`; CI always runs them); otherwise each file is reported as one skipped test that says so.
 * test/e2e, under the real Pulumi CLI, has its own configuration (`npm run test:e2e`).
 * test/layers.test.ts checks that every test file is in exactly one layer, and that no unit test starts a host.
 */
const HOST = [
  "test/**/*.host.test.ts",
  "test/cli/main.test.ts", // the built command line
  "test/examples/*.test.ts",
  "test/index.test.ts", // the built entry's typings
  "test/model/declarations.test.ts", // the built declarations
  "test/policy/served.test.ts",
  "test/properties/{preview,pairPreview}.test.ts",
  "test/resources/{concurrency,faults,runtime,secrets}.test.ts",
  "test/resources/*/host.test.ts",
  "test/resources/doh/unknownFields.test.ts",
  "test/resources/organization/{apiCalls,exactNumbers,mergedClaims,model,plan,safety,terraformCases}.test.ts",
  "test/scripts/demo.test.ts",
  "test/testing/stack.test.ts",
];
const PACKAGE = ["test/package/*.test.ts"];
const OWN_CONFIG = ["test/e2e/**"];

const PACKAGE_TESTS = process.env.ZT_PACKAGE_TESTS === "1";

// absolute: jest replaces <rootDir> only at the start of a pattern, so not in a negated one
const inRoot = (globs) => globs.map((glob) => `${__dirname}/${glob}`);
const not = (globs) => inRoot(globs).map((glob) => `!${glob}`);

/** What every layer shares. */
const common = {
  testEnvironment: "node",
  // where jest looks for files (not where modules resolve from): not the whole tree with its node_modules and dist/
  roots: ["<rootDir>/test"],
  // tsconfig sets isolatedModules, so ts-jest transpiles each file alone (fast); tsc checks types.
  transform: { "^.+\\.ts$": "ts-jest" },
  // every fast-check property: the fixed seed unless ZT_SEED says otherwise, and how to replay a failure
  setupFilesAfterEnv: ["<rootDir>/test/support/properties.ts"],
};

/** @type {import('jest').Config} */
module.exports = {
  // Two cores: jest's default (cores - 1 = 1) runs every file in its own process, one after another, and that
  // process only grows. Two workers, each replaced once its heap holds more than the limit after a file (its resident
  // memory is two to three times its heap: at 600MB one reached 2 GB).
  maxWorkers: 2,
  workerIdleMemoryLimit: "300MB",
  // a project's own testTimeout is not applied: this one is every layer's
  testTimeout: 30000,
  projects: [
    { ...common, displayName: "unit", testMatch: [...inRoot(["test/**/*.test.ts"]), ...not([...HOST, ...PACKAGE, ...OWN_CONFIG])] },
    // host-based tests run dist/: refuse a build older than its sources
    { ...common, displayName: "host", testMatch: inRoot(HOST), globalSetup: "<rootDir>/test/support/freshBuild.ts" },
    PACKAGE_TESTS
      ? { ...common, displayName: "package", testMatch: inRoot(PACKAGE), globalSetup: "<rootDir>/test/support/freshBuild.ts" }
      : { ...common, displayName: "package", testMatch: inRoot(PACKAGE), transform: { "^.+\\.ts$": "<rootDir>/test/support/packageTestsSkipped.js" } },
  ],
};
