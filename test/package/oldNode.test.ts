import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REQUIRED_NODE, unsupportedNodeMessage } from "../../provider/node/version";
import { REPO_ROOT } from "../support/repo";

/**
 * On a Node.js older than the package needs, each built entry refuses to load with the versions needed and found,
 * before any dependency loads (undici 8 would fail with `Cannot read properties of undefined (reading 'bind')`),
 * and the command line exits 2 with that message. Run under a real old Node: this machine's own (20), or OLD_NODE.
 */
const oldNode = findOldNode();
const describeOnOldNode = oldNode ? describe : describe.skip;

function findOldNode(): { bin: string; version: string } | undefined {
  const candidates = [
    process.env.OLD_NODE,
    "/usr/local/bin/node",
    "/usr/bin/node",
    ...(process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, "node")),
  ];
  for (const bin of candidates) {
    if (!bin || !existsSync(bin)) continue;
    const version = execFileSync(bin, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
    if (unsupportedNodeMessage(version)) return { bin, version };
  }
  return undefined;
}

if (!oldNode) {
  it.skip(`needs a Node.js older than ${REQUIRED_NODE} (none in OLD_NODE, /usr/local/bin, /usr/bin or PATH): skipped`, () => undefined);
}

describeOnOldNode(`the built package on Node.js ${oldNode?.version} (${oldNode?.bin})`, () => {
  const expected = () => `pulumi-cloudflare-zero-trust needs Node.js ${REQUIRED_NODE} or later, and this is Node.js ${oldNode!.version}.`;

  // every library entry of the exports map: main, /host, /testing
  const pkg = require(path.join(REPO_ROOT, "package.json"));
  const entries = Object.entries(pkg.exports as Record<string, unknown>)
    .filter(([, target]) => typeof target === "object")
    .map(([subpath]) => path.posix.join(pkg.name, subpath));

  it.each(entries)("%s refuses to load, naming both versions, before any dependency has loaded", (entry) => {
    const script = `try { require(${JSON.stringify(entry)}); console.log("loaded") } catch (error) {
      console.log(JSON.stringify({ message: error.message, loaded: Object.keys(require.cache) })) }`;
    const { message, loaded } = JSON.parse(execFileSync(oldNode!.bin, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" }));
    expect(message).toContain(expected());
    // loaded: the version check and package.json (where the version is written); no dependency, no other module
    // (the modules that failed, the entry and the check that threw, are not kept)
    expect((loaded as string[]).map((file) => path.relative(REPO_ROOT, file)).sort()).toEqual([path.join("dist", "node", "version.js"), "package.json"]);
  });

  it("the command line prints that message alone and exits 2", () => {
    const run = spawnSync(oldNode!.bin, [path.join(REPO_ROOT, "dist", "cli.js"), "audit", "--accounts", "0123456789abcdef0123456789abcdef"], {
      encoding: "utf8",
    });
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`${unsupportedNodeMessage(oldNode!.version)}\n`);
    expect(run.stderr).toContain(expected());
    expect(run.status).toBe(2);
  });

  it("npm ci in the repository refuses at once, naming the version needed (.npmrc: engine-strict)", () => {
    // a copy of what npm ci reads, so that a failure to refuse installs nothing here
    const copy = mkdtempSync(path.join(tmpdir(), "zt-engine-strict-"));
    try {
      for (const file of ["package.json", "package-lock.json", ".npmrc"]) copyFileSync(path.join(REPO_ROOT, file), path.join(copy, file));
      const run = spawnSync("npm", ["ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"], {
        cwd: copy,
        encoding: "utf8",
        env: { ...process.env, PATH: `${path.dirname(oldNode!.bin)}${path.delimiter}${process.env.PATH}` },
      });
      expect(run.stderr).toContain(`Required: {"node":">=${REQUIRED_NODE}"}`);
      expect(run.stderr).toContain(`Actual:   {"node":"v${oldNode!.version}"`);
      expect(run.status).not.toBe(0);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
