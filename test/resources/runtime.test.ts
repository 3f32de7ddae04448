import { OrganizationDoh, ZeroTrustOrganization } from "../../provider";
import { FAKE_TOKEN } from "../../provider/testing/server";
import { ProviderHost, urnOf } from "../../provider/testing/host";
import { serializedResource } from "../../provider/testing/program";
import { handMadeOrganization } from "../support/client";
import { useFakeCloudflare } from "../support/fake";

/** The rate settings in Pulumi config reach the shared budget, through the dynamic-provider host as the engine runs it. */
const fake = useFakeCloudflare();
let host: ProviderHost;
afterEach(() => host?.stop());

const accountId = (i: number) => (0xbeef00 + i).toString(16).padStart(32, "0");

async function hostFor(env: Record<string, string>, config: Record<string, string>, n: number) {
  for (let i = 1; i <= n; i++) fake().seedOrganization("accounts", accountId(i), handMadeOrganization({ auth_domain: `r${i}.cloudflareaccess.com` }));
  const { type, provider } = await serializedResource(() => new ZeroTrustOrganization("probe", { accountId: accountId(1) }));
  host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl, ...env } });
  await host.configure(config);
  return (i: number) => host.create(urnOf(type, `org-${i}`), { accountId: accountId(i), sessionDuration: "6h", __provider: provider });
}

describe("rate settings from Pulumi config", () => {
  it("cloudflare-zero-trust:rps caps the rate even when the budget would allow more, and wins over CLOUDFLARE_RPS", async () => {
    // no budget headers, and a quota 10/s keeps to: it sends at most 5 in any 0.3 s (a burst of 2, then one each
    // 0.1 s; 8 leaves room for requests that arrive late). At CLOUDFLARE_RPS's 1,000/s the twelve requests would
    // arrive together and the API would lock the token out.
    fake().configure({ rateLimit: { limit: 8, windowMs: 300, lockoutMs: 1_000, headers: false } });
    const create = await hostFor({ CLOUDFLARE_RPS: "1000" }, { "cloudflare-zero-trust:rps": "10" }, 6);
    await Promise.all([1, 2, 3, 4, 5, 6].map(create));
    expect(fake().requests).toHaveLength(12);
    expect(fake().stats).toMatchObject({ rateLimited: 0, lockouts: 0 });
  });

  it("cloudflare-zero-trust:rateReserve sets what the budget leaves for others", async () => {
    // a quota of 20 per minute: with half of it kept back, the rollout stops after 10 and says so
    fake().configure({ rateLimit: { limit: 20, windowMs: 60_000, lockoutMs: 60_000 } });
    const create = await hostFor({}, { "cloudflare-zero-trust:rateReserve": "50%" }, 8);
    const creates = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => create(i).catch(() => undefined));
    await host.waitForOutput(/Cloudflare rate budget: \d+ of 20 requests left for this token, 10 kept for others; waiting \d+\.\ds/);
    expect(fake().requests.length).toBeLessThanOrEqual(10);
    expect(fake().stats).toMatchObject({ rateLimited: 0, lockouts: 0 });
    await host.stop();
    await Promise.all(creates);
  });
});

describe("the former cloudflare: keys of the package's own settings", () => {
  const warningsIn = (output: string) => output.split("\n").filter((line) => /^warning: .*cloudflare:(rps|rateReserve|previewRead)\b/.test(line));

  it("are read for one release, with one warning line per key in a run that configures several resource types", async () => {
    const organization = await serializedResource(() => new ZeroTrustOrganization("org", { accountId: accountId(1), sessionDuration: "6h" }));
    const doh = await serializedResource(() => new OrganizationDoh("doh", { accountId: accountId(1), dohJwtDuration: "24h" }));
    expect(doh.provider).not.toBe(organization.provider); // two provider texts: the host configures each
    host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({ "cloudflare:previewRead": "false", "cloudflare:rps": "fast" });

    // previewRead false took effect: the check reads nothing
    expect((await host.check(urnOf(organization.type, "org"), {}, { ...organization.inputs, __provider: organization.provider })).failures).toEqual([]);
    expect((await host.check(urnOf(doh.type, "doh"), {}, { ...doh.inputs, __provider: doh.provider })).failures).toEqual([]);
    await host.waitForOutput(/not read at preview/);
    expect(fake().requests).toEqual([]);
    // and the rps is read too, from the key the error names
    await expect(host.create(urnOf(organization.type, "org"), { ...organization.inputs, __provider: organization.provider })).rejects.toThrow(
      'cloudflare:rps must be a number above 0 (got "fast")',
    );
    expect(warningsIn(host.output)).toEqual([
      "warning: [runtime] cloudflare:rps is deprecated and read for this release only: set cloudflare-zero-trust:rps instead " +
        "(the official Pulumi Cloudflare provider refuses cloudflare: keys it does not know)",
      "warning: [runtime] cloudflare:previewRead is deprecated and read for this release only: set cloudflare-zero-trust:previewRead " +
        "instead (the official Pulumi Cloudflare provider refuses cloudflare: keys it does not know)",
    ]);
  });

  it("lose to the new key when both are set, and the warning says so", async () => {
    const organization = await serializedResource(() => new ZeroTrustOrganization("org", { accountId: accountId(1), sessionDuration: "6h" }));
    host = await ProviderHost.start({ env: { CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({ "cloudflare:previewRead": "true", "cloudflare-zero-trust:previewRead": "false" });
    // no credential anywhere: a preview read would fail, so passing proves the new key's false won
    expect((await host.check(urnOf(organization.type, "org"), {}, { ...organization.inputs, __provider: organization.provider })).failures).toEqual([]);
    await host.waitForOutput(/both set/);
    expect(warningsIn(host.output)).toEqual([
      "warning: [runtime] cloudflare:previewRead and cloudflare-zero-trust:previewRead are both set: cloudflare-zero-trust:previewRead " +
        "wins; remove cloudflare:previewRead (the official Pulumi Cloudflare provider refuses cloudflare: keys it does not know)",
    ]);
  });

  it("give no warning when only the new keys are set", async () => {
    const organization = await serializedResource(() => new ZeroTrustOrganization("org", { accountId: accountId(1), sessionDuration: "6h" }));
    host = await ProviderHost.start({ env: { CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({ "cloudflare-zero-trust:previewRead": "false", "cloudflare-zero-trust:rps": "5" });
    expect((await host.check(urnOf(organization.type, "org"), {}, { ...organization.inputs, __provider: organization.provider })).failures).toEqual([]);
    await host.waitForOutput(/not read at preview/);
    expect(host.output).not.toMatch(/warning/);
  });
});
