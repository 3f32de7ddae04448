import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../support/repo";

/** scripts/packedManifest.ts, as prepack and postpack run it in the package's directory. */
const dir = mkdtempSync(path.join(tmpdir(), "zt-packed-manifest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MANIFEST = path.join(dir, "package.json");
const KEPT = path.join(dir, ".package.json.before-pack");

function run(command: string): { status: number | null; stderr: string } {
  const tsx = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const result = spawnSync(process.execPath, [tsx, path.join(REPO_ROOT, "scripts", "packedManifest.ts"), command], { cwd: dir, encoding: "utf8" });
  return { status: result.status, stderr: result.stderr };
}

// formatted unlike JSON.stringify, so that only a byte-for-byte restore gives it back
const ORIGINAL = `{ "name": "p", "version": "1.0.0",\n  "scripts": { "build": "tsc", "prepare": "npm run build", "test": "jest" } }\n`;
beforeEach(() => {
  rmSync(KEPT, { force: true });
  writeFileSync(MANIFEST, ORIGINAL);
});

describe("scripts/packedManifest.ts", () => {
  it("strip takes prepare out of package.json and nothing else; restore gives the file back byte for byte", () => {
    expect(run("strip").status).toBe(0);
    expect(JSON.parse(readFileSync(MANIFEST, "utf8"))).toEqual({ name: "p", version: "1.0.0", scripts: { build: "tsc", test: "jest" } });
    expect(run("restore").status).toBe(0);
    expect(readFileSync(MANIFEST, "utf8")).toBe(ORIGINAL);
    expect(existsSync(KEPT)).toBe(false);
  });

  it("after an interrupted pack, strip refuses and touches neither file", () => {
    expect(run("strip").status).toBe(0);
    const stripped = readFileSync(MANIFEST, "utf8");
    const again = run("strip");
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain("a pack was interrupted. It holds package.json as it was: check it, move it back, and pack again.");
    expect([readFileSync(MANIFEST, "utf8"), readFileSync(KEPT, "utf8")]).toEqual([stripped, ORIGINAL]);
  });

  it("leaves a package.json without prepare alone", () => {
    writeFileSync(MANIFEST, `{"name":"p","scripts":{"build":"tsc"}}`);
    expect(run("strip").status).toBe(0);
    expect(readFileSync(MANIFEST, "utf8")).toBe(`{"name":"p","scripts":{"build":"tsc"}}`);
    expect(existsSync(KEPT)).toBe(false);
  });

  it("refuses an unknown command", () => {
    expect(run("unstrip")).toMatchObject({ status: 1, stderr: expect.stringContaining("usage: tsx scripts/packedManifest.ts strip|restore") });
  });
});
