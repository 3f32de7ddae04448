import { readFileSync } from "node:fs";
import path from "node:path";
import { cli } from "../support/cli";
import { ACCOUNT, compliantOrganization } from "../support/client";
import { fakeEnv } from "../support/command";
import { useFakeCloudflare } from "../support/fake";
import { REPO_ROOT } from "../support/repo";

const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };

describe("npx pulumi-cloudflare-zero-trust", () => {
  it.each([[["--help"]], [["-h"]]])("%j lists the commands and exits 0", async (args) => {
    const run = await cli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: pulumi-cloudflare-zero-trust <command> \[options\]/);
    expect(run.stdout).toMatch(/^ {2}revoke-user +revoke every Cloudflare Access token/m);
    expect(run.stdout).toMatch(/^ {2}audit +compare Zero Trust organizations with a baseline/m);
  });

  it.each([
    [["revoke-user", "--email", "x", "--help"], /^Usage: pulumi-cloudflare-zero-trust revoke-user .*\n[^]*Exit codes: 0 revoked; 1 Cloudflare refused or could not be reached; 2 invalid usage/],
    [["audit", "--preset", "x", "--help"], /^Usage: pulumi-cloudflare-zero-trust audit --accounts [^]*Exit codes: 0 every organization complies; 3 some deviate/],
  ])("%j shows that command's help, whatever else is given", async (args, help) => {
    const run = await cli(args);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(help);
  });

  it.each([[["--version"]], [["-v"]], [["audit", "--version"]], [["revoke-user", "-v"]]])("%j prints the package's version", async (args) => {
    expect(await cli(args)).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it.each([
    [[], "no command given"],
    [["revoke"], 'unknown command "revoke"; the commands are revoke-user, audit'],
    [["--colour"], "unknown option --colour"],
  ])("%j exits 2 and says why", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`${message}\n(see \`pulumi-cloudflare-zero-trust --help\`)\n`);
  });
});

/**
 * What only the built command in a process of its own shows: standard input, and progress lines while Cloudflare is
 * really slow (ProgressLine waits a second before its first line). Every other behaviour of the commands is tested on
 * the sources, in process (revokeUser.test.ts, audit.test.ts).
 */
describe("the built command against a slow local API", () => {
  const fake = useFakeCloudflare();
  const env = () => fakeEnv(fake());
  const account = (i: number) => `${i}`.padStart(32, "a");

  it("revoke-user shows a progress line on stderr while Cloudflare is slow, and the retries it makes", async () => {
    fake().configure({ latencyMs: [1100, 1100] });
    fake().inject({ kind: "status", status: 503 });
    const run = await cli(["revoke-user", "--account", ACCOUNT, "--email", "leaver@example.com"], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/HTTP 503, retry 1 of 4/);
    expect(run.stderr).toMatch(new RegExp(`^Waiting for Cloudflare to revoke leaver@example.com on account ${ACCOUNT}… \\ds$`, "m"));
    expect(run.stdout).toBe(`Revoked every Access token of leaver@example.com on account ${ACCOUNT}.\n`);
  });

  it("audit reads ids from standard input (@-), and shows progress on stderr while it runs, never on stdout", async () => {
    fake().configure({ latencyMs: [150, 150] });
    const accounts = Array.from({ length: 12 }, (_, i) => i + 1);
    for (const i of accounts) fake().seedOrganization("accounts", account(i), compliantOrganization({ auth_domain: `a${i}.cloudflareaccess.com` }));
    const run = await cli(["audit", "--json", "--concurrency", "1", "--accounts", "@-"], env(), `${accounts.map(account).join("\n")}\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Audited \d+ of 12 organizations: \d+ compliant, 0 deviating, 0 without an organization, 0 unreadable$/m);
    expect(run.stdout.trimEnd().split("\n").map((line) => (JSON.parse(line) as { status: string; id: string }).id)).toEqual(accounts.map(account));
    expect(run.stdout.trimEnd().split("\n").map((line) => (JSON.parse(line) as { status: string }).status)).toEqual(accounts.map(() => "compliant"));
  });
});
