import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { FAKE_TOKEN } from "../provider/testing/server";
import { ACCOUNT } from "./support/client";
import { useFakeCloudflare } from "./support/fake";
import { REPO_ROOT } from "./support/repo";

const fake = useFakeCloudflare();
const CLI = path.join(REPO_ROOT, "dist", "cli.js");

/** Runs the built command as a user would, with only the given environment. */
async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const env = () => ({ CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl, CLOUDFLARE_MIN_BACKOFF: "0.01", CLOUDFLARE_MAX_BACKOFF: "0.02" });

describe("npx pulumi-cloudflare-zero-trust revoke-user", () => {
  it("revokes, with --devices and --warp-reauth, and exits 0", async () => {
    const run = await cli(["revoke-user", "--account", ACCOUNT, "--email", "leaver@example.com", "--devices", "--warp-reauth"], env());
    expect(run).toMatchObject({ code: 0, stdout: `Revoked every Access token of leaver@example.com on account ${ACCOUNT}, and their devices.\n` });
    expect(fake().revocations).toEqual([
      { scope: `accounts/${ACCOUNT}`, email: "leaver@example.com", devices: "true", body_devices: true, warp_session_reauth: true },
    ]);
  });

  it("retries transient failures before it answers", async () => {
    fake().inject({ kind: "status", status: 503 }, { kind: "status", status: 429, retryAfter: "0.1" });
    const run = await cli(["revoke-user", "--account", ACCOUNT, "--email", "leaver@example.com"], env());
    expect(run.code).toBe(0);
    expect(fake().requests.map((r) => r.status)).toEqual([503, 429, 200]);
    expect(fake().revocations).toHaveLength(1);
  });

    it("prints help and exits 0", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: pulumi-cloudflare-zero-trust revoke-user/);
    expect(run.stdout).toMatch(/Exit codes: 0 revoked; 1 Cloudflare refused or could not be reached; 2 invalid usage/);
  });

  it.each([
    [["revoke-user", "--account", ACCOUNT]], // no email
    [["revoke-user", "--account", "../x", "--email", "a@example.com"]],
    [["revoke-user", "--account", ACCOUNT, "--email", "a@example.com", "--colour"]],
    [["revoke"]],
    [[]],
  ])("exits 2 on bad usage %j, sending nothing", async (args) => {
    const run = await cli(args, env());
    expect(run.code).toBe(2);
    expect(run.stderr.length).toBeGreaterThan(0);
    expect(fake().requests).toEqual([]);
  });

  it("exits 2 without credentials, saying which variables to set", async () => {
    const run = await cli(["revoke-user", "--account", ACCOUNT, "--email", "a@example.com"], { CLOUDFLARE_BASE_URL: fake().baseUrl });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No Cloudflare credential found: set CLOUDFLARE_API_TOKEN/);
  });

  it("exits 1 when Cloudflare answers that it did not revoke", async () => {
    fake().configure({ revokeUserResult: false });
    const run = await cli(["revoke-user", "--account", ACCOUNT, "--email", "leaver@example.com"], env());
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `Cloudflare did not revoke the Access tokens of leaver@example.com on account ${ACCOUNT} (it answered result: false).\n`,
    });
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 200"]);
  });

  it("exits 1 with the status and code when Cloudflare refuses, never printing the token", async () => {
    const token = "revoked-token-abcdef0123456789";
    const run = await cli(["revoke-user", "--account", ACCOUNT, "--email", "a@example.com"], { ...env(), CLOUDFLARE_API_TOKEN: token });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 401 \[1000\] Invalid API Token/);
    expect(run.stdout + run.stderr).not.toContain(token);
  });
});
