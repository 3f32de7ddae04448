import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { globsToMatcher } from "jest-util";
import { REPO_ROOT } from "./support/repo";

/**
 * The layers of jest.config.js (README, Development) hold every test file exactly once, and the unit layer runs
 * without a build and without a host: a file that starts Pulumi's provider host, runs the built command line or packs
 * the package belongs to host or package.
 */
const config = require(path.join(REPO_ROOT, "jest.config.js")) as { projects: Array<{ displayName: string; testMatch: string[] }> };
const layers = config.projects.map(({ displayName, testMatch }) => ({
  name: displayName,
  matches: globsToMatcher(testMatch),
}));
const files = testFiles(path.join(REPO_ROOT, "test")).filter((file) => !file.startsWith(path.join(REPO_ROOT, "test", "e2e") + path.sep));
const layerOf = (file: string) => layers.filter((layer) => layer.matches(file)).map((layer) => layer.name);

/** What only a host or package test does: start a host, run the built command line or dist/, pack the package. */
const NEEDS_A_BUILD = /\b(ProviderHost|OrganizationHost|LocalStack)\.start\(|\/support\/(cli|pack)"|REPO_ROOT, "dist"/;

describe("the test layers", () => {
  it("are unit, host and package", () => {
    expect(layers.map((layer) => layer.name)).toEqual(["unit", "host", "package"]);
  });

  it("hold every test file exactly once (test/e2e has its own configuration)", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((file) => layerOf(file).length !== 1).map((file) => `${path.relative(REPO_ROOT, file)}: ${layerOf(file).join(", ") || "none"}`)).toEqual([]);
  });

  it("keep the unit layer free of hosts, the built command line and dist/", () => {
    const unit = files.filter((file) => layerOf(file)[0] === "unit" && file !== __filename); // this file names the markers
    expect(unit.filter((file) => NEEDS_A_BUILD.test(readFileSync(file, "utf8"))).map((file) => path.relative(REPO_ROOT, file))).toEqual([]);
    // and the marker finds what it is meant to
    expect(files.filter((file) => NEEDS_A_BUILD.test(readFileSync(file, "utf8"))).length).toBeGreaterThan(20);
  });
});

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(file);
    return entry.name.endsWith(".test.ts") ? [file] : [];
  });
}
