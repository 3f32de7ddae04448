import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { OrganizationDoh, UserAccessRevocation, ZeroTrustOrganization } from "../../provider";
import { ACCOUNT, ZONE, handMadeOrganization } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { ProviderHost, urnOf } from "../../provider/testing/host";
import { serializedResource } from "../../provider/testing/program";

/**
 * Runs full lifecycles through the provider host with recognisable credentials, failures included, then searches
 * everything the engine would store or print for them: serialized providers, inputs, outputs, check failures,
 * error messages and every line the host printed.
 */
const TOKEN = "SECRET-TOKEN-zz9-plural-z-alpha-0123456789";
const EMAIL = "ops@example.com";
const GLOBAL_KEY = "SECRET-GLOBAL-KEY-4c0ffee4c0ffee4c0ffee";
const fake = useFakeCloudflare({ tokens: [TOKEN], globalKeys: [{ email: EMAIL, key: GLOBAL_KEY }] });
let host: ProviderHost;
afterEach(() => host?.stop());

type Props = Record<string, unknown>;

async function lifecycle(config: Record<string, string>, env: Record<string, string>): Promise<string[]> {
  const seen: unknown[] = [];
  const record = <T>(value: T) => (seen.push(value), value);
  const failed = (promise: Promise<unknown>) => promise.then(record, (error: Error) => record(error.message));
  fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
  fake().addServiceToken(ACCOUNT, { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "doh", client_id: "doh.access" });
  process.env.CLOUDFLARE_API_TOKEN = TOKEN; // the program's own environment: must not leak into __provider
  const programs = await Promise.all([
    serializedResource(() => new ZeroTrustOrganization("org", { accountId: ACCOUNT, mfaConfig: { allowedAuthenticators: ["security_key"] } })),
    serializedResource(() => new OrganizationDoh("doh", { accountId: ACCOUNT, serviceTokenId: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415" })),
    serializedResource(() => new UserAccessRevocation("leaver", { accountId: ACCOUNT, email: "leaver@example.com" })),
  ]);
  delete process.env.CLOUDFLARE_API_TOKEN;
  host = await ProviderHost.start({ env: { ...env, CLOUDFLARE_BASE_URL: fake().baseUrl, CLOUDFLARE_RETRIES: "1", CLOUDFLARE_MIN_BACKOFF: "0.01", CLOUDFLARE_MAX_BACKOFF: "0.01" } });
  await host.configure({ ...config, "cloudflare:baseUrl": fake().baseUrl });
  for (const { type, provider, inputs } of programs) {
    const urn = urnOf(type, "r");
    record(provider);
    const checked = record(await host.check(urn, {}, { ...inputs, __provider: provider }));
    record(await host.check(urn, {}, { ...inputs, accountId: "not-an-id", __provider: provider }));
    const created = (await failed(host.create(urn, checked.inputs))) as { id: string; properties: Props };
    const outputs = record(await host.update(created.id, urn, created.properties, checked.inputs).catch((e: Error) => e.message));
    await failed(host.read(created.id, urn, created.properties));
    await host.delete(created.id, urn, created.properties);
    // failures: Cloudflare refusing, then an unreachable API
    fake().inject({ kind: "status", status: 403, code: 10000, message: "Authentication error" });
    await failed(host.create(urn, checked.inputs));
    fake().inject({ kind: "reset", when: "before-body", times: 5 });
    await failed(host.create(urn, checked.inputs));
    fake().clearFaults();
    record(outputs);
  }
  await host.stop();
  return [JSON.stringify(seen), host.output];
}

describe("credentials never reach the state or the output", () => {
  it("an API token given as Pulumi config", async () => {
    const everything = (await lifecycle({ "cloudflare:apiToken": TOKEN }, {})).join("\n");
    expect(fake().revocations.length).toBeGreaterThan(0); // the lifecycle really ran
    expect(everything).toContain("Authentication error");
    expect(everything).not.toContain(TOKEN);
  });

  it("an email + Global API key given in the environment", async () => {
    const everything = (await lifecycle({}, { CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_API_KEY: GLOBAL_KEY })).join("\n");
    expect(fake().revocations.length).toBeGreaterThan(0);
    expect(everything).not.toContain(GLOBAL_KEY);
    expect(everything).not.toContain(TOKEN);
  });
});

describe("values given as secrets reach no line, no error and no plain output", () => {
  const NAME = "Project Nightingale";
  const DOMAIN = "nightingale-team.cloudflareaccess.com";
  const EMAIL = "whistleblower@example.com";
  const SERVICE_TOKEN = { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "doh", client_id: "doh.access" };
  const SECRETS = [ACCOUNT, ZONE, NAME, DOMAIN, EMAIL];
  type Seen = { printed: string; errors: string[]; failures: string[]; plainOutputs: Props[]; ids: string[] };

  /** One resource through the host: its serialized provider, its inputs as the engine hands them over (secrets unwrapped), and the names the engine keeps secret in its outputs. */
  async function resource(make: () => pulumi.CustomResource) {
    const registered = jest.spyOn(MockMonitor.prototype, "registerResource");
    const { type, provider, inputs } = await serializedResource(make);
    const request = registered.mock.calls.map(([req]) => req as { getType(): string; getAdditionalsecretoutputsList(): string[] }).find((req) => req.getType() === type)!;
    registered.mockRestore();
    const secretInputs = Object.entries(inputs).filter(([, value]) => isSecretValue(value)).map(([key]) => key);
    const engineSecrets = new Set([...secretInputs, ...request.getAdditionalsecretoutputsList()]);
    return { urn: urnOf(type, "r"), news: { ...unwrap(inputs), __provider: provider }, engineSecrets };
  }

  const isSecretValue = (value: unknown) => value !== null && typeof value === "object" && (value as Props)[specialSigKey] === specialSecretSig;
  const unwrap = (value: Props): Props => Object.fromEntries(Object.entries(value).map(([key, v]) => [key, isSecretValue(v) ? (v as Props).value : v]));

  /** Outputs the engine stores in clear: neither named like a secret input (it marks those) nor listed as additional secret outputs. */
  const plain = (outputs: Props, engineSecrets: ReadonlySet<string>) => Object.fromEntries(Object.entries(outputs).filter(([key]) => !engineSecrets.has(key)));

  async function start(): Promise<Seen> {
    host = await ProviderHost.start({
      env: { CLOUDFLARE_BASE_URL: fake().baseUrl, CLOUDFLARE_RETRIES: "2", CLOUDFLARE_MIN_BACKOFF: "0.01", CLOUDFLARE_MAX_BACKOFF: "0.01" },
    });
    await host.configure({ "cloudflare:apiToken": TOKEN });
    return { printed: "", errors: [], failures: [], plainOutputs: [], ids: [] };
  }
  const failure = (seen: Seen) => (error: Error) => void seen.errors.push(error.message);

  function expectNoSecret(seen: Seen): void {
    seen.printed += host.output;
    const everything = JSON.stringify(seen).toLowerCase();
    for (const secret of SECRETS) expect(everything).not.toContain(secret.toLowerCase());
  }

  it("ZeroTrustOrganization: a secret accountId, name and authDomain, over adopt, retries, refresh, update, refusals and restore", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization({ name: NAME, auth_domain: DOMAIN }));
    const args = { accountId: pulumi.secret(ACCOUNT), name: pulumi.secret(NAME), authDomain: pulumi.secret(DOMAIN.toUpperCase()), restoreOnDelete: true };
    const { urn, news, engineSecrets } = await resource(() => new ZeroTrustOrganization("r", { ...args, sessionDuration: "1h" }));
    expect([...engineSecrets].sort()).toEqual(["accountId", "authDomain", "name", "settingsBeforeAdoption"]);
    const seen = await start();
    const checked = await host.check(urn, {}, news);
    seen.failures.push(...checked.failures.map((f) => f.reason));
    // adoption, with a 429 and a 503 on the way: retry lines name the request's path
    fake().inject({ kind: "status", method: "PUT", status: 429, retryAfter: "0.01" }, { kind: "status", method: "PUT", status: 503 });
    const created = await host.create(urn, checked.inputs);
    seen.ids.push(created.id);
    seen.plainOutputs.push(plain(created.properties, engineSecrets));
    const refreshed = await host.read(created.id, urn, created.properties);
    seen.plainOutputs.push(plain(refreshed.properties, engineSecrets));
    // an update Cloudflare refuses: its error quotes the request's path
    const { news: next } = await resource(() => new ZeroTrustOrganization("r", { ...args, sessionDuration: "2h" }));
    const nextChecked = await host.check(urn, checked.inputs, next);
    fake().inject({ kind: "status", method: "PUT", status: 400, code: 12062, message: `access.api.error.invalid_org_config for ${DOMAIN}` });
    await host.update(created.id, urn, refreshed.properties, nextChecked.inputs).catch(failure(seen));
    seen.plainOutputs.push(plain(await host.update(created.id, urn, refreshed.properties, nextChecked.inputs), engineSecrets));
    // a preview that fails on the merged organization, and an adoption that would change the team domain
    const { news: unwritable } = await resource(() => new ZeroTrustOrganization("r", { ...args, mfaRequiredForAllApps: true }));
    await host.diff(created.id, urn, refreshed.properties, (await host.check(urn, checked.inputs, unwritable)).inputs).catch(failure(seen));
    const { news: otherDomain } = await resource(() => new ZeroTrustOrganization("r", { accountId: pulumi.secret(ACCOUNT), authDomain: "other.cloudflareaccess.com" }));
    seen.failures.push(...(await host.check(urn, {}, otherDomain)).failures.map((f) => f.reason));
    await host.create(urn, otherDomain).catch(failure(seen));
    // destroy restores: its log line names the organization
    await host.delete(created.id, urn, refreshed.properties);
    await host.waitForOutput(/Restored the settings/);
    // no organization: the error names what is missing
    fake().reset();
    await host.create(urn, (await host.check(urn, {}, (await resource(() => new ZeroTrustOrganization("r", { accountId: pulumi.secret(ACCOUNT) }))).news)).inputs).catch(failure(seen));
    expect(seen.errors).toHaveLength(4);
    expect(host.output).toMatch(/retry 1 of 2/);
    expectNoSecret(seen);
  });

  it("ZeroTrustOrganization: a value that was a secret in the last program stays out of the inputs stored in clear", async () => {
    const FOOTER = "Nightingale footer 7731";
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const first = await resource(() => new ZeroTrustOrganization("r", { accountId: ACCOUNT, loginDesign: pulumi.secret({ footerText: FOOTER }) }));
    await start();
    const checked = (await host.check(first.urn, {}, first.news)).inputs;
    await host.create(first.urn, checked);
    // the program makes it public and changes it: the check records what the program had before, for diff's drift
    const next = await resource(() => new ZeroTrustOrganization("r", { accountId: ACCOUNT, loginDesign: { footerText: "public footer" } }));
    const nextChecked = (await host.check(first.urn, checked, next.news)).inputs;
    expect(next.engineSecrets.has("loginDesign")).toBe(false); // the engine stores these inputs in clear
    expect(JSON.stringify(nextChecked)).not.toContain(FOOTER);
    expect(host.output).not.toContain(FOOTER);
  });

  it("ZeroTrustOrganization: a secret zoneId", async () => {
    fake().seedOrganization("zones", ZONE, { name: "Zone", auth_domain: "zone.cloudflareaccess.com" });
    const { urn, news } = await resource(() => new ZeroTrustOrganization("r", { zoneId: pulumi.secret(ZONE), isUiReadOnly: true }));
    const seen = await start();
    fake().inject({ kind: "status", method: "PUT", status: 503 });
    const created = await host.create(urn, (await host.check(urn, {}, news)).inputs);
    seen.ids.push(created.id);
    expectNoSecret(seen);
    // refresh and destroy run in a process of their own, with nothing but the outputs
    await host.stop();
    const later = await start();
    fake().inject({ kind: "status", method: "GET", status: 503 });
    await host.read(created.id, urn, created.properties);
    fake().inject({ kind: "status", method: "GET", status: 403, code: 10000, message: "Authentication error" });
    await host.read(created.id, urn, created.properties).catch(failure(later));
    await host.delete(created.id, urn, created.properties);
    await host.waitForOutput(/keeps its settings on Cloudflare/);
    expect(later.errors).toHaveLength(1);
    expect(host.output).toMatch(/retry 1 of 2/);
    expectNoSecret(later);
  });

  it("OrganizationDoh: a secret accountId", async () => {
    fake().addServiceToken(ACCOUNT, SERVICE_TOKEN);
    const { urn, news, engineSecrets } = await resource(() => new OrganizationDoh("r", { accountId: pulumi.secret(ACCOUNT), serviceTokenId: SERVICE_TOKEN.id }));
    const seen = await start();
    fake().inject({ kind: "status", method: "PUT", status: 503 });
    const created = await host.create(urn, (await host.check(urn, {}, news)).inputs);
    seen.ids.push(created.id);
    seen.plainOutputs.push(plain(created.properties, engineSecrets));
    // destroy runs in a process of its own, with nothing but the outputs
    seen.printed += host.output;
    await host.stop();
    await start();
    await host.delete(created.id, urn, created.properties);
    await host.waitForOutput(/stay on Cloudflare/);
    fake().reset();
    const { news: tokenless } = await resource(() => new OrganizationDoh("r", { accountId: pulumi.secret(ACCOUNT) }));
    await host.create(urn, tokenless).catch(failure(seen));
    expect(seen.errors).toHaveLength(1);
    expectNoSecret(seen);
  });

  it("UserAccessRevocation: a secret email and accountId", async () => {
    const { urn, news, engineSecrets } = await resource(() => new UserAccessRevocation("r", { accountId: pulumi.secret(ACCOUNT), email: pulumi.secret(EMAIL) }));
    const seen = await start();
    const created = await host.create(urn, (await host.check(urn, {}, news)).inputs);
    seen.ids.push(created.id);
    seen.plainOutputs.push(plain(created.properties, engineSecrets));
    expect(host.output).toMatch(/Revoked every Access token of \[secret\]/);
    // destroy runs in a process of its own, with nothing but the outputs
    seen.printed += host.output;
    await host.stop();
    await start();
    await host.delete(created.id, urn, created.properties);
    await host.waitForOutput(/Removed the revocation of \[secret\]/);
    fake().configure({ revokeUserResult: false });
    await host.create(urn, news).catch(failure(seen));
    expect(seen.errors).toHaveLength(1);
    expectNoSecret(seen);
  });
});
