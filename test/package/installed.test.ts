import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ZeroTrustOrganization } from "../../provider";
import { FAKE_TOKEN } from "../../provider/testing/server";
import { ACCOUNT, handMadeOrganization } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { ProviderHost, urnOf } from "../../provider/testing/host";
import { packTarball } from "../support/pack";
import { REPO_ROOT } from "../support/repo";
import { serializedResource } from "../../provider/testing/program";

/**
 * Each documented way to install, as users (and acceptance checks) do it: the `npm pack` tarball, with the oldest
 * `@pulumi/pulumi` the peer range allows and the one this repository builds with, and a git URL (npm runs the
 * `prepare` build). Each project runs its own copy of Pulumi's dynamic-provider host, with no path of this
 * repository reachable. Then examples/testing, copied out and pointed at the tarball, runs its own tests.
 */
const fake = useFakeCloudflare();
const pkg = require(path.join(REPO_ROOT, "package.json"));
const OLDEST_PULUMI: string = pkg.peerDependencies["@pulumi/pulumi"].replace(/^\^/, "");
const LATEST_PULUMI: string = require("@pulumi/pulumi/package.json").version;
const workspace = mkdtempSync(path.join(tmpdir(), "zt-installs-"));
let tarball: string;

beforeAll(() => {
  tarball = packTarball(workspace).tarball;
}, 120_000);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** A new Pulumi project with the given packages installed, the way the README says. */
function userProject(name: string, specs: string[]): string {
  const project = path.join(workspace, name);
  execFileSync("mkdir", ["-p", project]);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...specs], { cwd: project, stdio: "ignore" });
  return project;
}

/** Adopts an organization through the project's own provider host, and proves the project's copy served it. */
async function adoptThroughHost(project: string): Promise<void> {
  fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
  const { type, provider, inputs } = await serializedResource(() => new ZeroTrustOrganization("org", { accountId: ACCOUNT, sessionDuration: "6h" }));
  expect(provider).not.toContain(REPO_ROOT);
  const host = await ProviderHost.start({ cwd: project, env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
  try {
    await host.configure({});
    const urn = urnOf(type, "org");
    const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
    const created = await host.create(urn, checked.inputs);
    expect(created.properties).toMatchObject({ sessionDuration: "6h", denyUnmatchedRequests: true, adopted: true });
  } finally {
    await host.stop();
  }
  const resolve = (request: string) =>
    execFileSync(process.execPath, ["-e", `console.log(require.resolve(${JSON.stringify(request)}))`], { cwd: project, encoding: "utf8" }).trim();
  expect(resolve("pulumi-cloudflare-zero-trust/host").startsWith(project)).toBe(true);
  expect(resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js").startsWith(project)).toBe(true);
}

describe.each([OLDEST_PULUMI, LATEST_PULUMI])("the packed tarball with @pulumi/pulumi %s", (pulumiVersion) => {
  it("installs, and serves the serialized provider through that project's dynamic-provider host", async () => {
    const project = userProject(`user-project-${pulumiVersion}`, [tarball, `@pulumi/pulumi@${pulumiVersion}`]);
    expect(require(path.join(project, "node_modules/@pulumi/pulumi/package.json")).version).toBe(pulumiVersion);
    await adoptThroughHost(project);
  }, 180_000);
});

describe("an install from git (this repository's HEAD commit)", () => {
  it("builds dist with the prepare script and serves the provider", async () => {
    const project = userProject("user-project-git", [`git+file://${REPO_ROOT}`, `@pulumi/pulumi@${LATEST_PULUMI}`]);
    const installed = path.join(project, "node_modules", pkg.name);
    expect(existsSync(path.join(installed, pkg.main))).toBe(true);
    expect(readdirSync(installed).sort()).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "dist", "package.json"]);
    await adoptThroughHost(project);
  }, 300_000);
});

describe("examples/testing as a user's project, with the package from the tarball", () => {
  it("installs, type-checks and passes its own tests", () => {
    const project = path.join(workspace, "user-testing");
    cpSync(path.join(REPO_ROOT, "examples", "testing"), project, { recursive: true, filter: (source) => !source.includes("node_modules") });
    const manifest = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8"));
    manifest.dependencies[pkg.name] = `file:${tarball}`;
    writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest));
    const run = (...args: string[]) => execFileSync("npm", args, { cwd: project, encoding: "utf8", stdio: "pipe" });
    run("install", "--no-audit", "--no-fund", "--prefer-offline");
    expect(require(path.join(project, "node_modules", pkg.name, "package.json")).version).toBe(pkg.version);
    run("run", "typecheck");
    run("test");
  }, 300_000);
});

/** The code blocks README marks `<!-- testing-kit: <file> -->`, by file name, in README's order. */
function readmeTestingKit(): Map<string, string> {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  return new Map([...readme.matchAll(/<!-- testing-kit: (\S+) -->\n```\w*\n([^]*?)```/g)].map(([, file, code]) => [file!, code!]));
}

describe("README's 'Testing your program', word for word, in a fresh project", () => {
  it("installs the way README says, and the test README gives passes", () => {
    const blocks = readmeTestingKit();
    expect([...blocks.keys()]).toEqual(["setup.sh", "jest.config.js", "tsconfig.json", "zeroTrust.ts", "zeroTrust.test.ts"]);
    // a Pulumi project with the package installed as Install says (the tarball, and @pulumi/pulumi)
    const project = userProject("user-readme-testing", [tarball, `@pulumi/pulumi@${LATEST_PULUMI}`]);
    writeFileSync(path.join(project, "Pulumi.yaml"), "name: zero-trust\nruntime: nodejs\n");
    for (const [file, code] of blocks) if (file !== "setup.sh") writeFileSync(path.join(project, file), code);
    for (const line of blocks.get("setup.sh")!.trim().split("\n")) {
      // bounded: a test that hangs (a host left running) fails here instead of blocking jest's own timeout
      execFileSync("sh", ["-c", line], { cwd: project, encoding: "utf8", stdio: "pipe", env: { ...process.env, CI: "true" }, timeout: 240_000 });
    }
  }, 300_000);
});
