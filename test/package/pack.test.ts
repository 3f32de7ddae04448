import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/repo";

/**
 * Users install the packed tarball, and the serialized providers `require("pulumi-cloudflare-zero-trust/host")`
 * from their project: that file, and everything it requires, must be in the tarball and reachable via `exports`.
 */
describe("the published package", () => {
  const files: string[] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" }),
  )[0].files.map((f: { path: string }) => f.path);

  it("contains the compiled entry points and nothing from the tests", () => {
    const pkg = require(path.join(REPO_ROOT, "package.json"));
    for (const entry of [pkg.main, pkg.types, pkg.exports["./host"].default, pkg.exports["./host"].types]) {
      expect(files).toContain(entry.replace(/^\.\//, ""));
    }
    expect(files.filter((f) => f.startsWith("test/") || f.startsWith("provider/"))).toEqual([]);
  });

  it("ships every module the host entry loads", () => {
    const loaded = execFileSync(
      process.execPath,
      ["-e", 'require("pulumi-cloudflare-zero-trust/host"); console.log(JSON.stringify(Object.keys(require.cache)))'],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    const own = (JSON.parse(loaded) as string[])
      .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`))
      .map((file) => path.relative(REPO_ROOT, file));
    expect(own.length).toBeGreaterThan(5);
    for (const file of own) {
      expect(files).toContain(file);
      expect(existsSync(path.join(REPO_ROOT, file))).toBe(true);
    }
  });
});
