import * as pulumi from "@pulumi/pulumi";
import { HardenedZeroTrustOrganization, ZeroTrustOrganization } from "../../provider";
import { LocalStack, type Step } from "../../provider/testing";
import { runProgram } from "../../provider/testing/program";
import { ACCOUNT, handMadeOrganization } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { REPO_ROOT } from "../support/repo";

/** The kit's LocalStack: a user's program through Pulumi's dynamic-provider host, as the CLI would run it. */
const fake = useFakeCloudflare();
const PROJECT = "acme-zero-trust";
const ORG = "pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization";
const COMPONENT = "cloudflare-zero-trust:index:HardenedZeroTrustOrganization";

/** A user's program: the account from stack config, only MFA managed. */
function mfaOnly(): ZeroTrustOrganization {
  return new ZeroTrustOrganization("org", {
    accountId: new pulumi.Config().require("accountId"),
    mfaConfig: { allowedAuthenticators: ["security_key"], sessionDuration: "12h" },
  });
}

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});
const start = () =>
  LocalStack.start({
    project: PROJECT,
    stack: "prod",
    cwd: REPO_ROOT,
    env: { ...fake().env, CLOUDFLARE_MIN_BACKOFF: "0.01", CLOUDFLARE_MAX_BACKOFF: "0.02" },
    config: { accountId: ACCOUNT },
  });
const only = (steps: Step[]) => {
  expect(steps).toHaveLength(1);
  return steps[0]!;
};

describe("runProgram", () => {
  it("gives resources the URNs the engine would: the user's project and stack, parents' types first", async () => {
    const registered = await runProgram(() => new HardenedZeroTrustOrganization("zt", { accountId: ACCOUNT }), { project: "acme", stack: "prod" });
    expect(registered.map((r) => r.urn)).toEqual([
      `urn:pulumi:prod::acme::${COMPONENT}::zt`,
      `urn:pulumi:prod::acme::${COMPONENT}$${ORG}::zt`,
    ]);
  });

  it("puts a bare config key in the project's namespace, as `pulumi config set` does", async () => {
    const [registration] = await runProgram(mfaOnly, { project: PROJECT, config: { accountId: ACCOUNT, "cloudflare-zero-trust:rps": "2" } });
    expect(registration!.inputs.accountId).toBe(ACCOUNT);
    expect(new pulumi.Config("cloudflare-zero-trust").get("rps")).toBe("2");
  });
});

describe("LocalStack", () => {
  it("previews an adoption with its plan lines and writes nothing; up adopts; a second preview finds nothing to do", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    stack = await start();

    const preview = only(await stack.preview(mfaOnly));
    expect(preview).toMatchObject({ urn: `urn:pulumi:prod::${PROJECT}::${ORG}::org`, op: "create" });
    expect(preview.log.join("\n")).toMatch(/adopts .*Widget Corps Internal Applications/);
    expect(preview.log.join("\n")).toMatch(/mfaConfig\.sessionDuration: \(unset\) → 12h/);
    expect(fake().requests.filter((r) => r.method !== "GET")).toEqual([]);

    const up = only(await stack.up(mfaOnly));
    expect(up).toMatchObject({ op: "create", id: `accounts/${ACCOUNT}`, outputs: { adopted: true, denyUnmatchedRequests: true } });
    expect(up.log.join("\n")).toMatch(/Adopted the existing Zero Trust organization/);
    expect(stack.outputs("org")).toEqual(up.outputs);

    const calls = fake().requests.length;
    expect(only(await stack.preview(mfaOnly))).toMatchObject({ op: "same", log: [] });
    expect(fake().requests.length).toBe(calls);
    // every line the host printed belongs to exactly one step
    expect([...preview.log, ...up.log].join("\n")).toBe(stack.host.output.trim());
  });

  it("sees a dashboard edit after refresh, puts back only what it manages, and deletes what the program drops", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    stack = await start();
    await stack.up(mfaOnly);
    fake().dashboardEdit("accounts", ACCOUNT, { mfa_config: { allowed_authenticators: ["totp"], session_duration: "24h" }, session_duration: "1h" });

    expect(only(await stack.preview(mfaOnly)).op).toBe("same"); // the stack does not know yet
    expect(only(await stack.refresh())).toMatchObject({ op: "refresh", outputs: { sessionDuration: "1h" } });
    const drift = only(await stack.preview(mfaOnly));
    expect(drift.op).toBe("update");
    expect(drift.log.join("\n")).toMatch(/mfaConfig\.sessionDuration: 24h → 12h/);
    expect(only(await stack.up(mfaOnly)).op).toBe("update");
    expect(fake().organization("accounts", ACCOUNT)).toMatchObject({
      mfa_config: { allowed_authenticators: ["security_key"], session_duration: "12h" },
      session_duration: "1h", // not managed: the dashboard's value stays
      deny_unmatched_requests: true,
    });

    const dropped = only(await stack.up(() => []));
    expect(dropped).toMatchObject({ op: "delete", id: `accounts/${ACCOUNT}` });
    expect(stack.outputs("org")).toBeUndefined();
  });

  it("shows each retry as the resource's info line", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    stack = await start();
    fake().inject({ kind: "status", status: 429, retryAfter: "1", method: "PUT" }, { kind: "status", status: 503, method: "GET" });
    const up = only(await stack.up(mfaOnly));
    expect(up.log).toEqual(
      expect.arrayContaining([
        `info: [runtime] GET /accounts/${ACCOUNT}/access/organizations: HTTP 503, retry 1 of 4 in 0.0s`,
        `info: [runtime] PUT /accounts/${ACCOUNT}/access/organizations: HTTP 429, retry 1 of 4 in 1.0s`,
      ]),
    );
    expect(up.outputs).toMatchObject({ mfaConfig: { sessionDuration: "12h" } });
  });

  it("refuses a program whose check fails, naming the resource and the field", async () => {
    stack = await start();
    const broken = () => new ZeroTrustOrganization("org", { accountId: ACCOUNT, mfaConfig: { sessionDuration: "1000h" } });
    await expect(stack.up(broken)).rejects.toThrow(/::org: mfaConfig\.sessionDuration/);
    expect(fake().requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});

describe("the local API's kit helpers", () => {
  it("offers its credential as the provider's environment", () => {
    expect(fake().env).toEqual({ CLOUDFLARE_API_TOKEN: fake().token, CLOUDFLARE_BASE_URL: fake().baseUrl });
  });

  it("applies a dashboard edit like the dashboard: zone fields only for a zone, timestamps kept by the server", async () => {
    const zone = "00112233445566778899aabbccddeeff";
    fake().seedOrganization("zones", zone, { name: "www", auth_domain: "www.cloudflareaccess.com" });
    const before = fake().organization("zones", zone)!;
    await new Promise((resolve) => setTimeout(resolve, 2));
    fake().dashboardEdit("zones", zone, { is_ui_read_only: true, session_duration: "1h" });
    const after = fake().organization("zones", zone)!;
    expect(after).toMatchObject({ name: "www", is_ui_read_only: true, created_at: before.created_at });
    expect(after).not.toHaveProperty("session_duration");
    expect(after.updated_at! > before.updated_at!).toBe(true);
    expect(() => fake().dashboardEdit("accounts", ACCOUNT, { name: "x" })).toThrow(/seed one first/);
  });

  it("seeds and reads an account's DoH settings, which the API then serves", async () => {
    const token = { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "doh", client_id: "88bf3b6d86161464f6509f7219099e57.access" };
    expect(() => fake().seedDoh(ACCOUNT, { service_token_id: token.id })).toThrow(/addServiceToken/);
    fake().addServiceToken(ACCOUNT, token);
    fake().seedDoh(ACCOUNT, { service_token_id: token.id, doh_jwt_duration: "800h" });
    expect(fake().dohSettings(ACCOUNT)).toMatchObject({ service_token_id: token.id, doh_jwt_duration: "800h" });
    const answer = await fetch(`${fake().baseUrl}/accounts/${ACCOUNT}/access/organizations/doh`, { headers: { authorization: `Bearer ${fake().token}` } });
    expect(((await answer.json()) as { result: unknown }).result).toMatchObject({ id: token.id, client_id: token.client_id, doh_jwt_duration: "800h" });
  });
});
