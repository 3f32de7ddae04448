import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/repo";

/**
 * Users install the packed tarball, and the serialized providers `require("pulumi-cloudflare-zero-trust/host")`
 * from their project: that file, and everything it requires, must be in the tarball and reachable via `exports`.
 * Nothing else ships: no sources, tests or source maps.
 */
describe("the published package", () => {
  const files: string[] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" }),
  )[0].files.map((f: { path: string }) => f.path);
  const pkg = require(path.join(REPO_ROOT, "package.json"));

  it("contains every entry point: main, bin and each subpath export with its typings", () => {
    const subpaths = Object.values(pkg.exports).filter((target): target is { types: string; default: string } => typeof target === "object");
    const entries = [pkg.main, pkg.types, ...Object.values(pkg.bin), ...subpaths.flatMap((target) => [target.types, target.default])];
    expect(subpaths.length).toBeGreaterThanOrEqual(3);
    for (const entry of entries) expect(files).toContain(String(entry).replace(/^\.\//, ""));
  });

  it("names its repository: the URL README's install commands clone", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    expect(pkg.repository).toEqual({ type: "git", url: expect.any(String) });
    expect(readme).toContain(`git clone ${pkg.repository.url} `);
    expect(readme).toContain(`npm install "git+${pkg.repository.url}#`);
  });

  it("resolves each subpath's typings for TypeScript's node10 resolution too (typesVersions)", () => {
    for (const [subpath, [typings]] of Object.entries(pkg.typesVersions["*"] as Record<string, string[]>)) {
      expect(pkg.exports[`./${subpath}`].types).toBe(`./${typings}`);
    }
  });

  it("holds only compiled code, its typings, the OpenAPI document and the package's papers", () => {
    const allowed = /^(dist\/.+\.(js|d\.ts)|dist\/schemas\/cloudflare-access-organizations\.openapi\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
    expect(files.filter((file) => /\.map$|(^|\/)test\/|\.test\./.test(file))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "CHANGELOG.md", "README.md"]));
  });

  it.each(["host", "testing", "policy"])("ships every module the %s entry loads", (subpath) => {
    const loaded = execFileSync(
      process.execPath,
      ["-e", `require("pulumi-cloudflare-zero-trust/${subpath}"); console.log(JSON.stringify(Object.keys(require.cache)))`],
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
