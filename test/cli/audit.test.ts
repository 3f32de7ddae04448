import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FakeCloudflare } from "../../provider/testing/server";
import { command, fakeEnv } from "../support/command";
import { compliantOrganization, handMadeOrganization, ZONE } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { REPO_ROOT } from "../support/repo";

const fake = useFakeCloudflare();
const env = () => fakeEnv(fake());
const account = (i: number) => `${i}`.padStart(32, "a");
const ids = (...n: number[]) => n.map(account).join(",");
/** Table lines with the column padding shown as " | ", so a test reads like the table. */
const columns = (text: string) => text.trimEnd().split("\n").map((line) => line.replace(/(?<=\S) {2,}(?=\S)/g, " | "));

function seedFleet(f: FakeCloudflare): void {
  f.seedOrganization("accounts", account(1), compliantOrganization({ name: "One", auth_domain: "one.cloudflareaccess.com" }));
  f.seedOrganization("accounts", account(2), compliantOrganization({ name: "Two", auth_domain: "two.cloudflareaccess.com", session_duration: "48h", mfa_config: { allowed_authenticators: ["totp", "piv_key"], session_duration: "12h" } }));
  // account 3 has no organization
  f.seedOrganization("accounts", account(4), compliantOrganization({ name: "Four", auth_domain: "four.cloudflareaccess.com" }));
  f.seedOrganization("zones", ZONE, handMadeOrganization({ name: "Zone", auth_domain: "zone.cloudflareaccess.com" }));
  f.inject({ kind: "status", status: 403, code: 10000, message: "Authentication error", path: account(4) });
}

describe("npx pulumi-cloudflare-zero-trust audit", () => {
  it("prints one row per organization with its deviations, and exits 1 when one could not be read", async () => {
    seedFleet(fake());
    const run = await command(["audit", "--accounts", ids(1, 2, 3, 4), "--zones", ZONE], env());
    expect(run.code).toBe(1);
    expect(columns(run.stdout)).toEqual([
      "ACCOUNT OR ZONE | ORGANIZATION | RESULT",
      `account ${account(1)} | One (one.cloudflareaccess.com) | compliant`,
      `account ${account(2)} | Two (two.cloudflareaccess.com) | 2 deviations`,
      "  - sessionDuration: 48h (baseline wants 24h or shorter)",
      "  - mfaConfig.allowedAuthenticators: totp, piv_key (baseline wants a subset of security_key, biometrics, totp)",
      `account ${account(3)} | — | no organization`,
      `account ${account(4)} | — | not read: HTTP 403 [10000] Authentication error`,
      `zone ${ZONE} | Zone (zone.cloudflareaccess.com) | compliant`,
      "",
      "5 organizations against the recommended baseline: 2 compliant, 1 deviating, 1 without an organization, 1 unreadable.",
      "HTTP 401/403: the token is not valid for that account, or lacks the Access: Organizations, Identity Providers, and Groups Read permission there.",
    ]);
    // nothing on stderr but the progress line, which a run slower than a second shows (a loaded machine)
    expect(run.stderr.split("\n").filter((line) => line && !/^Audited \d+ of 5 organizations: /.test(line))).toEqual([]);
    expect(new Set(fake().requests.map((r) => r.method))).toEqual(new Set(["GET"]));
  });

  it.each([
    ["every organization complies", [1], 0],
    ["one deviates", [1, 2], 3],
    ["one has no organization", [1, 3], 3],
    ["one could not be read, whatever the others", [2, 3, 4], 1],
  ])("exit code when %s", async (_, accounts, code) => {
    seedFleet(fake());
    expect((await command(["audit", "--accounts", ids(...accounts)], env())).code).toBe(code);
  });

  it("--json prints one stable object per organization on stdout, and the summary on stderr", async () => {
    seedFleet(fake());
    const run = await command(["audit", "--json", "--preset", "strict", "--accounts", ids(1, 3, 4)], env());
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        scope: "account",
        id: account(1),
        status: "deviates",
        name: "One",
        authDomain: "one.cloudflareaccess.com",
        deviations: expect.arrayContaining([{ path: "sessionDuration", live: "1440m", baseline: "8h", wants: "8h or shorter" }]),
        error: null,
      },
      { scope: "account", id: account(3), status: "missing", name: null, authDomain: null, deviations: null, error: null },
      {
        scope: "account",
        id: account(4),
        status: "error",
        name: null,
        authDomain: null,
        deviations: null,
        error: { httpStatus: 403, codes: [10000], message: "HTTP 403 [10000] Authentication error" },
      },
    ]);
    expect(run.stderr).toMatch(/^3 organizations against the strict baseline: 0 compliant, 1 deviating, 1 without an organization, 1 unreadable\.\nHTTP 401\/403: /);
  });

  it("reads ids from @file: comments, lines, commas, each id once", async () => {
    seedFleet(fake());
    const file = path.join(mkdtempSync(path.join(tmpdir(), "audit-")), "accounts.txt");
    writeFileSync(file, `# production\n${account(1)}  # eu\n${account(2)},${account(1)}\n\n`);
    const fromFile = await command(["audit", "--json", "--accounts", `@${file}`], env());
    expect(fromFile.stdout.trimEnd().split("\n").map((line) => (JSON.parse(line) as { id: string }).id)).toEqual([account(1), account(2)]);
  });

  it.each([
    [["--accounts", "1234,../x"], '--accounts: "1234" (item 1) must be a 32-character hexadecimal Cloudflare id\n--accounts: "../x" (item 2) must be a 32-character hexadecimal Cloudflare id'],
    [[], "--accounts: give at least one account or zone id"],
    [["--accounts", ids(1), "--preset", "lenient"], "--preset: must be recommended or strict"],
    [["--accounts", ids(1), "--concurrency", "many"], '--concurrency must be a whole number (got "many")'],
    [["--accounts", ids(1), "--concurrency", "0"], "--concurrency: must be a whole number from 1 to 64"],
    [["--accounts", ids(1), "--concurrency", "65"], "--concurrency: must be a whole number from 1 to 64"],
    [["--accounts"], "--accounts needs a value"],
    [["--accounts", "--json"], "--accounts needs a value"],
    [["--json=yes", "--accounts", ids(1)], "--json takes no value"],
    [["--accounts", ids(1), "--accounts", ids(2)], "--accounts is given more than once; give it once"],
    [["--accounts", "@/no/such/file"], "--accounts: cannot read /no/such/file (ENOENT)"],
    [["--account", ids(1)], "unknown option --account"],
  ])("exits 2 on %j naming the flag, reading nothing", async (args, message) => {
    const run = await command(["audit", ...args], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${message}\n(see \`pulumi-cloudflare-zero-trust audit --help\`)\n`);
    expect(fake().requests).toEqual([]);
  });

  it("exits 2 without credentials", async () => {
    const run = await command(["audit", "--accounts", ids(1)], { CLOUDFLARE_BASE_URL: fake().baseUrl });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No Cloudflare credential found[^]*\n\(see `pulumi-cloudflare-zero-trust audit --help`\)\n$/);
  });

  it("exits 2 when Cloudflare rejects the token (HTTP 401: a credential problem), still printing every row", async () => {
    seedFleet(fake());
    const run = await command(["audit", "--accounts", ids(1, 2)], { ...env(), CLOUDFLARE_API_TOKEN: "not-the-token" });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`^account ${account(1)} +— +not read: HTTP 401 \\[1000\\]`, "m"));
    expect(run.stdout).toMatch(/^HTTP 401\/403: the token is not valid/m);
  });
});

describe("README's audit sample", () => {
  /** The fleet the sample shows: the accounts of a company as Cloudflare answers for them. */
  function seedReadmeFleet(f: FakeCloudflare): void {
    const id = (digit: number) => `${digit}`.repeat(32);
    f.seedOrganization("accounts", id(1), compliantOrganization({ name: "Acme Prod", auth_domain: "acme.cloudflareaccess.com" }));
    // set up by hand: long sessions, MFA optional, TOTP and biometrics, no PIV keys (so no PIV-key requirement applies)
    f.seedOrganization("accounts", id(2), {
      name: "Acme Labs",
      auth_domain: "acme-labs.cloudflareaccess.com",
      session_duration: "168h",
      mfa_required_for_all_apps: false,
      mfa_config: { allowed_authenticators: ["totp", "biometrics"], session_duration: "24h" },
    });
    // with PIV keys for SSH: their requirements apply
    f.seedOrganization("accounts", id(3), compliantOrganization({
      name: "Acme Infra",
      auth_domain: "acme-infra.cloudflareaccess.com",
      mfa_config: { allowed_authenticators: ["security_key", "piv_key"], session_duration: "12h" },
      mfa_piv_key_requirements: { pin_policy: "never", touch_policy: "cached", ssh_key_type: ["ecdsa", "rsa"], ssh_key_size: [384, 2048] },
    }));
    // account 4 has no organization
    f.seedOrganization("accounts", id(5), compliantOrganization({ name: "Acme Sales", auth_domain: "acme-sales.cloudflareaccess.com" }));
    f.inject({ kind: "status", status: 403, code: 10000, message: "Authentication error", path: id(5), times: 10 });
  }

  it("is what the command prints for that fleet", async () => {
    seedReadmeFleet(fake());
    const run = await command(["audit", "--accounts", "11111111111111111111111111111111,22222222222222222222222222222222,33333333333333333333333333333333,44444444444444444444444444444444,55555555555555555555555555555555"], env());
    expect(run.code).toBe(1);
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const sample = /<!-- audit-sample: the output of test\/cli\/audit\.test\.ts -->\n```\n([^]*?)```/.exec(readme)?.[1];
    expect(sample).toBe(run.stdout);
  });
});
