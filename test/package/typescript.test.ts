import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../support/repo";

/**
 * Users type-check against the built typings with their own TypeScript: a fresh project gets TypeScript 6 (the
 * highest that the peer ranges of @pulumi/pulumi 3.276 and ts-jest 29.4, `<7`, allow), an older one may have 5.9.
 * With each, installed from the registry (once, into node_modules/.cache), the examples type-check with their own
 * tsconfig.json, and so does a fresh CommonJS project whose index.ts imports every public name, with a jest test,
 * against `dist/`: with README's tsconfig, with `pulumi new`'s, and with `tsc --init`'s after README's two changes (as
 * written, it breaks).
 */
const VERSIONS = ["5.9.3", "6.0.3"];
const OWN_VERSION = require("typescript/package.json").version as string;
const PACKAGE = require(path.join(REPO_ROOT, "package.json")).name as string;
const workspace = mkdtempSync(path.join(tmpdir(), "zt-typescript-"));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** README's tsconfig for a CommonJS Pulumi project with jest tests (section "Install"). */
const README_TSCONFIG = { compilerOptions: { strict: true, target: "es2022", module: "node16", types: ["node", "jest"], outDir: "bin" } };

/** The `tsc` of one TypeScript version, installed from the registry into a cache folder on first use. */
function tscOf(version: string): string {
  const dir = path.join(REPO_ROOT, "node_modules", ".cache", "typescript-versions", version);
  const tsc = path.join(dir, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `typescript@${version}`], { cwd: dir, stdio: "ignore" });
  }
  return tsc;
}

function typecheck(version: string, project: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [tscOf(version), "--noEmit", "--pretty", "false", "-p", project], { encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** The names an entry exports: values (at run time) and types (the rest of its typings' exports). */
function publicNames(subpath: string): { values: string[]; types: string[] } {
  const target = require(path.join(REPO_ROOT, "package.json")).exports[subpath] as { types: string };
  const entry = path.join(REPO_ROOT, target.types);
  const program = ts.createProgram([entry], { skipLibCheck: true });
  const checker = program.getTypeChecker();
  const all = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!).map((symbol) => symbol.name);
  const values = Object.keys(require(path.posix.join(PACKAGE, subpath)));
  return { values, types: all.filter((name) => !values.includes(name)) };
}

/** A fresh project's program: imports every public name, and uses the package the way README does. */
function freshProgram(): string {
  const imports = [".", "./testing"].flatMap((subpath) => {
    const { values, types } = publicNames(subpath);
    const from = JSON.stringify(path.posix.join(PACKAGE, subpath));
    return [`import { ${values.join(", ")} } from ${from};`, `import type { ${types.join(", ")} } from ${from};`, `export { ${values.join(", ")} };`, `export type { ${types.join(", ")} };`];
  });
  return [
    `import * as pulumi from "@pulumi/pulumi";`,
    ...imports,
    `const config = new pulumi.Config();`,
    `const zeroTrust = new HardenedZeroTrustOrganization("zero-trust", {`,
    `  accountId: config.require("accountId"),`,
    `  mfaConfig: { sessionDuration: "8h" },`,
    `});`,
    `export const organizationId = zeroTrust.organization.id;`,
    `export const home = process.env.HOME;`,
    "",
  ].join("\n");
}

/** What `pulumi new typescript` writes (pulumi/templates, typescript/tsconfig.json since 2026-03-25). */
const PULUMI_TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true, outDir: "bin", target: "es2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true,
    experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** A test of that program, with jest's globals. */
const FRESH_TEST = `import { FakeCloudflare } from "${PACKAGE}/testing";

describe("the stack", () => {
  it("has a local Cloudflare API to run against", async () => {
    const fake = await FakeCloudflare.start();
    expect(fake.baseUrl).toMatch(/^http:/);
    await fake.close();
  });
});
`;

/** A new CommonJS project (no "type" in package.json) with the repository's node_modules: the package is dist/. */
function freshProject(name: string, tsconfig?: object): string {
  const project = path.join(workspace, name);
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true }));
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
  writeFileSync(path.join(project, "index.ts"), freshProgram());
  writeFileSync(path.join(project, "index.test.ts"), FRESH_TEST);
  if (tsconfig) writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  return project;
}

describe.each(VERSIONS)("TypeScript %s", (version) => {
  // `npm run typecheck` checks them with the repository's own TypeScript
  const itUnlessOwn = version === OWN_VERSION ? it.skip : it;
  itUnlessOwn("type-checks every example with its own tsconfig.json", () => {
    for (const example of readdirSync(path.join(REPO_ROOT, "examples"))) {
      expect({ example, ...typecheck(version, path.join(REPO_ROOT, "examples", example)) }).toEqual({ example, status: 0, output: "" });
    }
  }, 180_000);

  it("type-checks a fresh project importing every public name, and its test, with README's tsconfig (no skipLibCheck)", () => {
    expect(typecheck(version, freshProject(`readme-${version}`, README_TSCONFIG))).toEqual({ status: 0, output: "" });
  }, 120_000);

  it("type-checks the program with the tsconfig pulumi new typescript writes", () => {
    expect(typecheck(version, freshProject(`pulumi-new-${version}`, PULUMI_TEMPLATE_TSCONFIG))).toEqual({ status: 0, output: "" });
  }, 120_000);

  it("type-checks it with tsc --init's tsconfig after README's two changes; as written, it breaks", () => {
    const project = freshProject(`init-${version}`);
    execFileSync(process.execPath, [tscOf(version), "--init"], { cwd: project, stdio: "ignore" });
    const written = readFileSync(path.join(project, "tsconfig.json"), "utf8");
    const broken = typecheck(version, project);
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain("error TS1295: ECMAScript imports and exports cannot be written in a CommonJS file under 'verbatimModuleSyntax'");
    expect(broken.output).toContain("index.test.ts(3,1): error TS2593: Cannot find name 'describe'");

    // README: drop verbatimModuleSyntax, and name the globals the files use in types
    expect(written).toMatch(/\n\s*"verbatimModuleSyntax": true,\n/);
    expect(written).toContain(`"types": [],`);
    writeFileSync(
      path.join(project, "tsconfig.json"),
      written.replace(/\n\s*"verbatimModuleSyntax": true,\n/, "\n").replace(`"types": [],`, `"types": ["node", "jest"],`),
    );
    expect(typecheck(version, project)).toEqual({ status: 0, output: "" });
  }, 120_000);
});
