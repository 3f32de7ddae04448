import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization, type ZeroTrustOrganizationArgs } from "../../../provider";
import { ProviderHost, urnOf } from "../../../provider/testing/host";
import { serializedResource } from "../../../provider/testing/program";
import { FAKE_TOKEN } from "../../../provider/testing/server";
import { unknownValue } from "@pulumi/pulumi/runtime";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { ACCOUNT, ACCOUNT_2, ZONE, handMadeOrganization } from "../../support/client";
import { useFakeCloudflare } from "../../support/fake";

const fake = useFakeCloudflare();
/** The host the test runs, and where its output starts (a shared host printed earlier tests' lines before). */
let host: ProviderHost;
let outputStart = 0;
/** The host with the default environment and config: tests that need no other share it (a start costs seconds). */
let shared: ProviderHost | undefined;
afterEach(() => (host === shared ? undefined : host?.stop()));
afterAll(() => shared?.stop());

type Props = Record<string, unknown>;

/** A host with the given environment and config, started for the test; without them, the shared one. */
async function start(env?: Record<string, string>, config: Record<string, string> = { "cloudflare:apiToken": FAKE_TOKEN }) {
  const launch = async () => {
    const started = await ProviderHost.start({ env: { CLOUDFLARE_BASE_URL: fake().baseUrl, CLOUDFLARE_RETRIES: "1", CLOUDFLARE_MIN_BACKOFF: "0.01", CLOUDFLARE_MAX_BACKOFF: "0.01", ...env } });
    await started.configure(config);
    return started;
  };
  host = env === undefined ? (shared ??= await launch()) : await launch();
  outputStart = host.output.length;
}

/** What the host printed during this test. */
const printed = () => host.output.slice(outputStart);

/** Waits for this test's output to match (the provider's lines arrive after its gRPC answer). */
async function waitFor(pattern: RegExp): Promise<void> {
  await host.waitForOutput(pattern, outputStart);
}

/** The resource's inputs as the engine hands them to a provider that does not accept secrets: secrets unwrapped. */
async function resource(args: ZeroTrustOrganizationArgs, name = "org-acme") {
  const { type, provider, inputs } = await serializedResource(() => new ZeroTrustOrganization(name, args));
  const unwrap = (value: unknown): unknown => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    if ((value as Props)[specialSigKey] === specialSecretSig) return (value as Props).value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
  };
  return { urn: urnOf(type, name), news: { ...(unwrap(inputs) as Props), __provider: provider } };
}

/** The plan lines the host has printed (the CLI shows each as an info line), without pulumi.log's prefix. */
function planLines(): string[] {
  return printed()
    .split("\n")
    .filter((line) => line.startsWith("info: [runtime] org-acme ("))
    .map((line) => line.slice("info: [runtime] ".length));
}

async function requestsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const before = fake().requests.length;
  await work();
  return fake().requests.slice(before).map((r) => `${r.method} ${r.path}`);
}

describe("the plan a preview prints", () => {
  it("adoption: reads once and lists every change and how many settings stay unmanaged", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "24h", mfaConfig: { allowedAuthenticators: ["totp", "security_key"], sessionDuration: "12h" } });
    await start();
    expect(await requestsDuring(() => host.check(urn, {}, news))).toEqual([`GET /accounts/${ACCOUNT}/access/organizations`]);
    await waitFor(/mfaConfig.sessionDuration/);
    expect(planLines()).toEqual([
      "org-acme (accounts/01234567…): adopts \"Widget Corps Internal Applications\" (widgetcorp.cloudflareaccess.com): 3 settings change, 9 unmanaged settings kept",
      "org-acme (accounts/01234567…): mfaConfig.allowedAuthenticators: (unset) → [security_key, totp]",
      "org-acme (accounts/01234567…): mfaConfig.sessionDuration: (unset) → 12h",
      "org-acme (accounts/01234567…): sessionDuration: 12h → 24h",
    ]);
  });

  it("adoption that changes nothing says so", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "720m", denyUnmatchedRequests: true });
    await start();
    await host.check(urn, {}, news);
    await waitFor(/adopts/);
    expect(planLines()).toEqual([
      "org-acme (accounts/01234567…): adopts \"Widget Corps Internal Applications\" (widgetcorp.cloudflareaccess.com): no setting changes, 8 unmanaged settings kept",
    ]);
  });

  it("nothing to adopt: a create, or a failure naming the fields a create needs", async () => {
    const { urn, news } = await resource({ accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com", sessionDuration: "8h" });
    await start();
    expect(await requestsDuring(() => host.check(urn, {}, news))).toHaveLength(1);
    await waitFor(/sessionDuration/);
    expect(planLines()).toEqual([
      "org-acme (accounts/01234567…): creates a new organization Acme (acme.cloudflareaccess.com)",
      "org-acme (accounts/01234567…): authDomain: (unset) → acme.cloudflareaccess.com",
      "org-acme (accounts/01234567…): name: (unset) → Acme",
      "org-acme (accounts/01234567…): sessionDuration: (unset) → 8h",
    ]);

    const nameless = await resource({ accountId: ACCOUNT, name: "Acme", sessionDuration: "8h" });
    const reason = `account ${ACCOUNT} has no Zero Trust organization yet: set name and authDomain so one can be created`;
    expect((await host.check(nameless.urn, {}, nameless.news)).failures).toEqual([{ property: "authDomain", reason }]);
  });

  it("an adoption that create would refuse fails the preview, naming the field, after the one read", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { urn, news } = await resource({ accountId: ACCOUNT, authDomain: "acme.cloudflareaccess.com", sessionDuration: "8h" });
    await start();
    let failures: Array<{ property: string; reason: string }> = [];
    expect(await requestsDuring(async () => (failures = (await host.check(urn, {}, news)).failures))).toHaveLength(1);
    expect(failures).toEqual([{ property: "authDomain", reason: expect.stringMatching(/^is "acme.cloudflareaccess.com", but the existing .* uses "widgetcorp.cloudflareaccess.com"; adopting never changes the team domain/) }]);
    const atUp = await host.create(urn, news).then(() => "no error", (error: Error) => error.message);
    expect(atUp).toContain(failures[0]!.reason); // the same rule, in the same words, as at up
    expect(planLines()).toEqual([]);
  });

  it("update: diff prints every change against the last apply, with no API call", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "12h", mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: "12h" } });
    await start();
    const first = (await host.check(urn, {}, news)).inputs;
    const created = await host.create(urn, first);
    const edited = await resource({ accountId: ACCOUNT, sessionDuration: "12h", mfaConfig: { allowedAuthenticators: ["totp", "security_key"], sessionDuration: "24h" } });
    const calls = await requestsDuring(async () => {
      const checked = (await host.check(urn, first, edited.news)).inputs;
      expect(await host.diff(created.id, urn, created.properties, checked)).toEqual({ changes: "some", replaces: [] });
    });
    expect(calls).toEqual([]);
    await waitFor(/updates/);
    expect(planLines().slice(-3)).toEqual([
      "org-acme (accounts/01234567…): updates 2 settings",
      "org-acme (accounts/01234567…): mfaConfig.allowedAuthenticators: [totp] → [security_key, totp]",
      "org-acme (accounts/01234567…): mfaConfig.sessionDuration: 12h → 24h",
    ]);
  });

  it("drift after a refresh: what the program had, what Cloudflare has, and what up writes", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const program = { accountId: ACCOUNT, mfaConfig: { allowedAuthenticators: ["security_key", "totp"] as const, sessionDuration: "12h" } };
    const { urn, news } = await resource({ ...program, mfaConfig: { ...program.mfaConfig, allowedAuthenticators: [...program.mfaConfig.allowedAuthenticators] } });
    await start();
    const first = (await host.check(urn, {}, news)).inputs;
    const created = await host.create(urn, first);
    fake().dashboardEdit("accounts", ACCOUNT, { mfa_config: { allowed_authenticators: ["totp"], session_duration: "24h" } });
    const refreshed = (await host.read(created.id, urn, created.properties)).properties;

    const calls = await requestsDuring(async () => {
      const checked = (await host.check(urn, first, news)).inputs;
      expect(await host.diff(created.id, urn, refreshed, checked)).toEqual({ changes: "some", replaces: [] });
    });
    expect(calls).toEqual([]);
    await waitFor(/drifted: was 12h/);
    expect(planLines().slice(-3)).toEqual([
      "org-acme (accounts/01234567…): updates 2 settings",
      "org-acme (accounts/01234567…): mfaConfig.allowedAuthenticators: [totp] → [security_key, totp] (drifted: was [security_key, totp] in the program, [totp] on Cloudflare)",
      "org-acme (accounts/01234567…): mfaConfig.sessionDuration: 24h → 12h (drifted: was 12h in the program, 24h on Cloudflare)",
    ]);

    // the program changes a drifted setting too: both are said
    const edited = await resource({ accountId: ACCOUNT, mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: "8h" } });
    const checked = (await host.check(urn, first, edited.news)).inputs;
    await host.diff(created.id, urn, refreshed, checked);
    await waitFor(/24h → 8h/);
    expect(planLines().slice(-2)).toEqual([
      "org-acme (accounts/01234567…): updates 1 setting",
      "org-acme (accounts/01234567…): mfaConfig.sessionDuration: 24h → 8h (drifted: was 12h in the program, 24h on Cloudflare)",
    ]);
  });

  it("a refresh's diff (refreshed outputs against the last inputs, nothing checked) prints no plan and refuses nothing", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { urn, news } = await resource({ accountId: ACCOUNT, mfaRequiredForAllApps: true, mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: "12h" } });
    // hosts of its own: the refresh runs in a process that checked nothing
    await start({});
    const inputs = (await host.check(urn, {}, news)).inputs;
    const created = await host.create(urn, inputs);
    await host.stop();
    // `pulumi refresh` in a process of its own: read, then diff as pkg/v3's RefreshStep does; Cloudflare now has
    // no MFA session duration, which up would refuse to keep with mfaRequiredForAllApps (the preview's diff fails)
    fake().dashboardEdit("accounts", ACCOUNT, { mfa_config: { allowed_authenticators: ["totp"] } });
    await start({});
    const refreshed = (await host.read(created.id, urn, created.properties)).properties;
    expect(await host.diff(created.id, urn, refreshed, inputs)).toEqual({ changes: "some", replaces: [] });
    expect(planLines()).toEqual([]);
    // the preview that follows checks, then plans (and says what up would write)
    const checked = (await host.check(urn, inputs, news)).inputs;
    expect(await host.diff(created.id, urn, refreshed, checked)).toEqual({ changes: "some", replaces: [] });
    await waitFor(/updates 1 setting/);
    expect(planLines()).toEqual([
      "org-acme (accounts/01234567…): updates 1 setting",
      "org-acme (accounts/01234567…): mfaConfig.sessionDuration: (unset) → 12h (drifted: was 12h in the program, (unset) on Cloudflare)",
    ]);
  });

  it("clear: lists what it removes, leaf by leaf", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "12h" });
    await start();
    const first = (await host.check(urn, {}, news)).inputs;
    const created = await host.create(urn, first);
    const clearing = await resource({ accountId: ACCOUNT, sessionDuration: "12h", clear: ["loginDesign", "customPages"] });
    const checked = (await host.check(urn, first, clearing.news)).inputs;
    await host.diff(created.id, urn, created.properties, checked);
    await waitFor(/cleared/);
    expect(planLines().slice(-4)).toEqual([
      "org-acme (accounts/01234567…): updates 3 settings",
      "org-acme (accounts/01234567…): loginDesign.backgroundColor: #c5ed1b → (cleared)",
      "org-acme (accounts/01234567…): loginDesign.headerText: \"Widget Corp\" → (cleared)",
      "org-acme (accounts/01234567…): loginDesign.textColor: #000000 → (cleared)",
    ]);
  });

  it("values not known until up, and large sets kept short", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const zones = Array.from({ length: 8 }, (_, i) => `z${i}.example.com`);
    const { urn, news } = await resource({ accountId: ACCOUNT, denyUnmatchedRequestsExemptedZoneNames: zones });
    await start();
    await host.check(urn, {}, { ...news, sessionDuration: unknownValue });
    await waitFor(/sessionDuration/);
    expect(planLines().slice(-2)).toEqual([
      "org-acme (accounts/01234567…): denyUnmatchedRequestsExemptedZoneNames: (unset) → [z0.example.com, z1.example.com, z2.example.com, z3.example.com, z4.example.com, +3 more]",
      "org-acme (accounts/01234567…): sessionDuration: 12h → (known after up)",
    ]);

    // an account not known yet: nothing to read
    const calls = await requestsDuring(() => host.check(urn, {}, { ...news, accountId: unknownValue }));
    expect(calls).toEqual([]);
    await waitFor(/not known yet/);
    expect(planLines().at(-1)).toBe("org-acme (accounts/(known after up)): the account or zone is not known yet; up prints the plan before it writes");
  });

  it("never prints a secret: arguments given as secrets, or the credential", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const reason = "Change freeze until INC-4711 closes";
    const { urn, news } = await resource({ accountId: ACCOUNT, isUiReadOnly: true, uiReadOnlyToggleReason: pulumi.secret(reason) });
    // a host of its own: a process masks every value it saw as a secret from then on
    await start({});
    const first = (await host.check(urn, {}, news)).inputs;
    await waitFor(/uiReadOnlyToggleReason/);
    expect(planLines().slice(-2)).toEqual([
      "org-acme (accounts/01234567…): isUiReadOnly: false → true",
      "org-acme (accounts/01234567…): uiReadOnlyToggleReason: (unset) → [secret]",
    ]);
    const created = await host.create(urn, first);
    const edited = await resource({ accountId: ACCOUNT, isUiReadOnly: true, uiReadOnlyToggleReason: pulumi.secret("Audit week") });
    const checked = (await host.check(urn, first, edited.news)).inputs;
    await host.diff(created.id, urn, created.properties, checked);
    await waitFor(/\[secret\] → \[secret\]/);
    // the record check passes to diff is stored with the inputs: no secret in it either
    expect(JSON.stringify(checked.__plan) + printed()).not.toContain(reason);
    expect(printed()).not.toContain("Audit week");
    expect(printed()).not.toContain(FAKE_TOKEN);
  });

  it("an account id given as a secret is not printed either", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { urn, news } = await resource({ accountId: pulumi.secret(ACCOUNT), sessionDuration: "8h" });
    // a host of its own: a process masks every value it saw as a secret from then on
    await start({});
    const first = (await host.check(urn, {}, news)).inputs;
    const created = await host.create(urn, first);
    const moved = await resource({ accountId: pulumi.secret(ACCOUNT_2), sessionDuration: "8h" });
    await host.diff(created.id, urn, created.properties, { ...moved.news, __plan: first.__plan });
    await waitFor(/replaced/);
    expect(planLines().slice(-1)).toEqual([
      "org-acme (accounts/[secret]): replaced: accountId: [secret] → [secret]; the organization it leaves keeps its settings on Cloudflare",
    ]);
    expect(planLines().join("\n")).not.toMatch(new RegExp(`${ACCOUNT.slice(0, 8)}|${ACCOUNT_2.slice(0, 8)}`));
  });

  it("a zone organization: its scope, and only the settings a zone has", async () => {
    fake().seedOrganization("zones", ZONE, handMadeOrganization());
    const { urn, news } = await resource({ zoneId: ZONE, isUiReadOnly: true, uiReadOnlyToggleReason: "managed by Pulumi" });
    await start();
    await host.check(urn, {}, news);
    await waitFor(/uiReadOnlyToggleReason/);
    expect(planLines()).toEqual([
      "org-acme (zones/00112233…): adopts \"Widget Corps Internal Applications\" (widgetcorp.cloudflareaccess.com): 2 settings change, 6 unmanaged settings kept",
      "org-acme (zones/00112233…): isUiReadOnly: false → true",
      "org-acme (zones/00112233…): uiReadOnlyToggleReason: (unset) → \"managed by Pulumi\"",
    ]);
  });

  it("a replace: the new account's adoption plan, and what happens to the one left", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    fake().seedOrganization("accounts", ACCOUNT_2, handMadeOrganization({ auth_domain: "second.cloudflareaccess.com", session_duration: "6h" }));
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "12h" });
    await start();
    const first = (await host.check(urn, {}, news)).inputs;
    const created = await host.create(urn, first);
    const moved = await resource({ accountId: ACCOUNT_2, sessionDuration: "12h" });
    const checked = (await host.check(urn, first, moved.news)).inputs;
    expect(await host.diff(created.id, urn, created.properties, checked)).toEqual({ changes: "some", replaces: ["accountId"] });
    await waitFor(/replaced/);
    expect(planLines().slice(-3)).toEqual([
      "org-acme (accounts/fedcba98…): adopts \"Widget Corps Internal Applications\" (second.cloudflareaccess.com): 1 setting changes, 9 unmanaged settings kept",
      "org-acme (accounts/fedcba98…): sessionDuration: 6h → 12h",
      `org-acme (accounts/01234567…): replaced: accountId: ${ACCOUNT} → ${ACCOUNT_2}; the organization it leaves keeps its settings on Cloudflare`,
    ]);
  });

  it("up prints the same plan from the read right before its write (shown even when the write fails)", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "24h" });
    // hosts of its own: what a process printed before decides what it prints again
    await start({});
    fake().inject({ kind: "status", method: "PUT", status: 400, code: 12062, message: "refused" });
    await expect(host.create(urn, news)).rejects.toThrow(/refused/);
    await waitFor(/12h → 24h/);
    const adoption = planLines();
    expect(adoption).toEqual([
      "org-acme (accounts/01234567…): adopts \"Widget Corps Internal Applications\" (widgetcorp.cloudflareaccess.com): 1 setting changes, 9 unmanaged settings kept",
      "org-acme (accounts/01234567…): sessionDuration: 12h → 24h",
    ]);
    // check (as in up) printed it already: create does not print it twice
    await host.stop();
    await start({});
    const checked = (await host.check(urn, {}, news)).inputs;
    const created = await host.create(urn, checked);
    await waitFor(/Adopted the existing/);
    expect(planLines()).toEqual(adoption);

    // update: the plan from its own read, before the PUT
    fake().inject({ kind: "status", method: "PUT", status: 400, code: 12062, message: "refused" });
    const edited = await resource({ accountId: ACCOUNT, sessionDuration: "8h" });
    await expect(host.update(created.id, urn, created.properties, (await host.check(urn, checked, edited.news)).inputs)).rejects.toThrow(/refused/);
    await waitFor(/24h → 8h/);
    expect(planLines().slice(-2)).toEqual(["org-acme (accounts/01234567…): updates 1 setting", "org-acme (accounts/01234567…): sessionDuration: 24h → 8h"]);
  });
});

describe("credential preflight at preview", () => {
  const errorOf = (promise: Promise<unknown>) => promise.then(() => "no error", (error: Error) => error.message);

  it("no credential: the preview fails with the message up would give", async () => {
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "8h" });
    await start({}, {});
    expect(await errorOf(host.check(urn, {}, news))).toMatch(/No Cloudflare credential found: set CLOUDFLARE_API_TOKEN/);
    expect(await errorOf(host.check(urn, news, news))).toMatch(/No Cloudflare credential found/); // an existing resource too
    expect(fake().requests).toEqual([]);
  });

  it.each([
    ["a wrong token (401)", { "cloudflare:apiToken": "a-wrong-token-1234567890" }, {}, /HTTP 401 \[1000\] Invalid API Token/],
    ["an unreachable API", { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": "http://127.0.0.1:9/client/v4" }, {}, /failed without an answer/],
  ])("%s: the adoption read fails the preview in the same words as up", async (_what, config, env, message) => {
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "8h" });
    await start(env, config);
    const atPreview = await errorOf(host.check(urn, {}, news));
    expect(atPreview).toMatch(message);
    expect(atPreview).toBe(await errorOf(host.create(urn, news)));
    expect(printed()).not.toContain("a-wrong-token-1234567890");
  });

  it("a 403 too", async () => {
    fake().inject({ kind: "status", status: 403, code: 10000, message: "Authentication error", times: 2 });
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "8h" });
    await start();
    const atPreview = await errorOf(host.check(urn, {}, news));
    expect(atPreview).toMatch(/HTTP 403 \[10000\] Authentication error/);
    expect(atPreview).toBe(await errorOf(host.create(urn, news)));
  });

  it.each([
    ["Pulumi config", {}, { "cloudflare-zero-trust:previewRead": "false" }],
    ["the environment", { CLOUDFLARE_PREVIEW_READ: "false" }, {}],
  ])("turned off in %s: no read and no credential needed, and the plan waits for up", async (_where, env, config) => {
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "8h" });
    await start(env, config);
    expect((await host.check(urn, {}, news)).failures).toEqual([]);
    expect((await host.check(urn, news, news)).failures).toEqual([]);
    await waitFor(/not read at preview/);
    expect(planLines()).toEqual(["org-acme (accounts/01234567…): not read at preview (previewRead is false); up prints the plan before it writes"]);
    expect(fake().requests).toEqual([]);
  });

  it("a previewRead that is neither true nor false is refused, naming the key", async () => {
    const { urn, news } = await resource({ accountId: ACCOUNT, sessionDuration: "8h" });
    await start({}, { "cloudflare-zero-trust:previewRead": "offline" });
    expect(await errorOf(host.check(urn, {}, news))).toMatch(/cloudflare-zero-trust:previewRead must be true or false \(got "offline"\)/);
  });
});
