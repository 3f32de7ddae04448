import { OrganizationDoh, UserAccessRevocation, ZeroTrustOrganization } from "../../provider";
import { ACCOUNT, handMadeOrganization } from "../support/client";
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
