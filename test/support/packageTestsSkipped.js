/**
 * Jest's transform for test/package when ZT_PACKAGE_TESTS is not 1 (jest.config.js): each file becomes one skipped
 * test that says why, so a plain `npx jest` neither installs from the npm registry nor runs the file's setup.
 */
const REASON = "skipped: packs the package and installs from the npm registry; ZT_PACKAGE_TESTS=1 runs it (npm run test:package)";

module.exports = {
  process: () => ({ code: `test.skip(${JSON.stringify(REASON)}, () => undefined);` }),
};
