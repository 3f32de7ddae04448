import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ZeroTrustOrganization } from "../../provider";
import { FAKE_TOKEN } from "../../provider/testing/server";
import { ACCOUNT, handMadeOrganization } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { ProviderHost, urnOf } from "../../provider/testing/host";
import { REPO_ROOT } from "../support/repo";
import { serializedResource } from "../../provider/testing/program";

/**
 * As users (and acceptance checks) use it: the `npm pack` tarball installed into a fresh project, and Pulumi's
 * dynamic-provider host run from that project, with no path of this repository reachable.
 */
const fake = useFakeCloudflare();
let project: string;
let host: ProviderHost | undefined;

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), "zt-user-project-"));
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", project], { cwd: REPO_ROOT, stdio: "ignore" });
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"))!;
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project", version: "1.0.0", private: true }));
  const pulumiVersion: string = require("@pulumi/pulumi/package.json").version;
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `./${tarball}`, `@pulumi/pulumi@${pulumiVersion}`], {
    cwd: project,
    stdio: "ignore",
  });
}, 180_000);
afterAll(async () => {
  await host?.stop();
  rmSync(project, { recursive: true, force: true });
});

describe("the packed package installed in a user's project", () => {
  it("serves the serialized provider through the project's own dynamic-provider host", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { type, provider, inputs } = await serializedResource(() => new ZeroTrustOrganization("org", { accountId: ACCOUNT, sessionDuration: "6h" }));
    expect(provider).not.toContain(REPO_ROOT);
    host = await ProviderHost.start({ cwd: project, env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({});
    const urn = urnOf(type, "org");
    const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
    const created = await host.create(urn, checked.inputs);
    expect(created.properties).toMatchObject({ sessionDuration: "6h", denyUnmatchedRequests: true, adopted: true });
    // it really ran the installed copy
    const loaded = execFileSync(process.execPath, ["-e", 'console.log(require.resolve("pulumi-cloudflare-zero-trust/host"))'], { cwd: project, encoding: "utf8" });
    expect(loaded.startsWith(project)).toBe(true);
  });
});
