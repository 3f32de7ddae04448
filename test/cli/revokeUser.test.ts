import { ACCOUNT, ZONE } from "../support/client";
import { command, fakeEnv } from "../support/command";
import { useFakeCloudflare } from "../support/fake";

const fake = useFakeCloudflare();
const env = () => fakeEnv(fake());

describe("npx pulumi-cloudflare-zero-trust revoke-user", () => {
  it("revokes, with --devices and --warp-reauth, exits 0 and says every effect", async () => {
    const run = await command(["revoke-user", "--account", ACCOUNT, "--email", "leaver@example.com", "--devices", "--warp-reauth"], env());
    expect(run).toEqual({
      code: 0,
      stdout: `Revoked every Access token of leaver@example.com on account ${ACCOUNT}, and their devices. WARP will ask them to re-authenticate.\n`,
      stderr: "",
    });
    expect(fake().revocations).toEqual([
      { scope: `accounts/${ACCOUNT}`, email: "leaver@example.com", devices: "true", body_devices: true, warp_session_reauth: true },
    ]);
  });

  it("says only what it did when given no extra effect", async () => {
    const run = await command(["revoke-user", "--zone", ZONE, "--email", "leaver@example.com"], env());
    expect(run.stdout).toBe(`Revoked every Access token of leaver@example.com on zone ${ZONE}.\n`);
  });

  it.each([" o'brien@example.com ", "a~b@example.com"])("takes the email %j as RFC 5322 allows, trimmed", async (email) => {
    const run = await command(["revoke-user", "--account", ACCOUNT, "--email", email], env());
    expect(run).toMatchObject({ code: 0, stdout: `Revoked every Access token of ${email.trim()} on account ${ACCOUNT}.\n` });
    expect(fake().revocations).toEqual([{ scope: `accounts/${ACCOUNT}`, email: email.trim() }]);
  });

  it("retries transient failures before it answers", async () => {
    fake().inject({ kind: "status", status: 503 }, { kind: "status", status: 429, retryAfter: "0.1" });
    const run = await command(["revoke-user", "--account", ACCOUNT, "--email", "leaver@example.com"], env());
    expect(run.code).toBe(0);
    expect(fake().requests.map((r) => r.status)).toEqual([503, 429, 200]);
    expect(fake().revocations).toHaveLength(1);
  });

  it.each([
    [["revoke-user", "--account", ACCOUNT], "--email is required"],
    [["revoke-user", "--email", "a@example.com"], "--account: set --account or --zone"],
    [["revoke-user", "--account", ACCOUNT, "--zone", ZONE, "--email", "a@example.com"], "--zone: --account and --zone are exclusive: set exactly one"],
    [["revoke-user", "--zone", ZONE, "--email", "a@example.com", "--warp-reauth"], "--warp-reauth: is an account option; the zone endpoint takes only --email"],
    [["revoke-user", "--account", "../x", "--email", "a@example.com"], "--account: must be a 32-character hexadecimal Cloudflare id"],
    [["revoke-user", "--account", ACCOUNT, "--email", "not an email"], "--email: must be an email address"],
    [["revoke-user", "--account", ACCOUNT, "--email", "a@example.com", "--colour"], "unknown option --colour"],
    [["revoke-user", "--account", ACCOUNT, "--email", "a@example.com", "--email", "b@example.com"], "--email is given more than once; give it once"],
    [["revoke-user", "--account", ACCOUNT, "--email"], "--email needs a value"],
    [["revoke-user", "--account", ACCOUNT, "--email", "a@example.com", "--devices=yes"], "--devices takes no value"],
    [["revoke-user", "--account", ACCOUNT, "--email", "a@example.com", "extra"], 'unexpected argument "extra": every value follows its flag, as in --email <address>'],
  ])("exits 2 on %j naming the flag, sending nothing", async (args, message) => {
    const run = await command(args, env());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${message}\n(see \`pulumi-cloudflare-zero-trust revoke-user --help\`)\n`);
    expect(run.stderr).not.toMatch(/accountId|zoneId|warpSessionReauth|userUid/);
    expect(fake().requests).toEqual([]);
  });

  it("exits 2 without credentials, saying which variables to set", async () => {
    const run = await command(["revoke-user", "--account", ACCOUNT, "--email", "a@example.com"], { CLOUDFLARE_BASE_URL: fake().baseUrl });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No Cloudflare credential found: set CLOUDFLARE_API_TOKEN/);
    expect(run.stderr).toMatch(/\(see `pulumi-cloudflare-zero-trust revoke-user --help`\)\n$/);
  });

  it("exits 1 when Cloudflare answers that it did not revoke", async () => {
    fake().configure({ revokeUserResult: false });
    const run = await command(["revoke-user", "--account", ACCOUNT, "--email", "leaver@example.com"], env());
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `Cloudflare did not revoke the Access tokens of leaver@example.com on account ${ACCOUNT} (it answered result: false).\n`,
    });
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 200"]);
  });

  it("exits 2 when Cloudflare rejects the token (a credential problem), with the status and code, never printing the token", async () => {
    const token = "revoked-token-abcdef0123456789";
    const run = await command(["revoke-user", "--account", ACCOUNT, "--email", "a@example.com"], { ...env(), CLOUDFLARE_API_TOKEN: token });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/HTTP 401 \[1000\] Invalid API Token[^]*\n\(see `pulumi-cloudflare-zero-trust revoke-user --help`\)\n$/);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it("exits 1 when Cloudflare refuses the request (403), with the status and code", async () => {
    fake().inject({ kind: "status", status: 403, code: 10000, message: "Authentication error", method: "POST" });
    const run = await command(["revoke-user", "--account", ACCOUNT, "--email", "a@example.com"], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 403 \[10000\] Authentication error[^]*\n\(see `pulumi-cloudflare-zero-trust revoke-user --help`\)\n$/);
  });
});
