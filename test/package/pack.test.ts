import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { packTarball } from "../support/pack";
import { REPO_ROOT } from "../support/repo";

const pkg = require(path.join(REPO_ROOT, "package.json"));

/**
 * Users install the packed tarball, and the serialized providers `require("pulumi-cloudflare-zero-trust/host")`
 * from their project: that file, and everything it requires, must be in the tarball and reachable via `exports`.
 * Nothing else ships: no sources, tests or source maps.
 */
describe("the published package", () => {
  const files: string[] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" }),
  )[0].files.map((f: { path: string }) => f.path);

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
    const allowed = /^(dist\/.+\.(js|d\.ts)|dist\/model\/cloudflare-access-organizations\.openapi\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
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

/**
 * A tarball needs no build step: the package.json npm packs has no `prepare` (prepack takes it out, postpack puts it
 * back), so installing it shows no install-scripts warning for the package. A git install still builds
 * (installed.test.ts).
 */
describe("the tarball npm pack writes", () => {
  const workspace = mkdtempSync(path.join(tmpdir(), "zt-pack-"));
  const manifest = readFileSync(path.join(REPO_ROOT, "package.json"), "utf8");
  let packed: ReturnType<typeof packTarball>;
  beforeAll(() => (packed = packTarball(workspace)), 120_000);
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it("holds package.json without its prepare script, and nothing else changed", () => {
    const inTarball = JSON.parse(execFileSync("tar", ["-xzOf", packed.tarball, "package/package.json"], { encoding: "utf8" }));
    const { prepare, ...scripts } = JSON.parse(manifest).scripts;
    expect(prepare).toBe("npm run build");
    expect(inTarball.scripts.prepare).toBeUndefined();
    expect(inTarball).toEqual({ ...JSON.parse(manifest), scripts });
  });

  it("leaves package.json as it was, byte for byte, with nothing beside it", () => {
    expect(readFileSync(path.join(packed.copy, "package.json"), "utf8")).toBe(manifest);
    expect(readdirSync(packed.copy).filter((file) => file.includes("before-pack"))).toEqual([]);
  });

  it("installs with no install-scripts warning for the package, where one packed with its prepare gets one", () => {
    const project = path.join(workspace, "user-project");
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project", version: "1.0.0", private: true }));
    const install = (tarball: string) => {
      const run = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, "@pulumi/pulumi"], { cwd: project, encoding: "utf8" });
      expect(run.status).toBe(0);
      return (run.stdout + run.stderr).split("\n").filter((line) => line.includes("install-scripts") && line.includes(`${pkg.name}@`));
    };
    // the control: packed without pack's scripts, package.json keeps prepare, and npm 11 names it
    const control = path.join(workspace, "control");
    mkdirSync(control);
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", control], { cwd: REPO_ROOT, stdio: "ignore" });
    expect(install(path.join(control, readdirSync(control)[0]!))).toEqual([
      `npm warn install-scripts   ${pkg.name}@${pkg.version} (prepare: npm run build)`,
    ]);
    expect(install(packed.tarball)).toEqual([]);
    expect(require(path.join(project, "node_modules", pkg.name, "package.json")).scripts.prepare).toBeUndefined();
  }, 180_000);
});
