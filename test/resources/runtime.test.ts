import { ZeroTrustOrganization } from "../../provider";
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
  it("cloudflare:rps caps the rate even when the budget would allow more, and wins over CLOUDFLARE_RPS", async () => {
    const create = await hostFor({ CLOUDFLARE_RPS: "1000" }, { "cloudflare:rps": "10" }, 6);
    await Promise.all([1, 2, 3, 4, 5, 6].map(create));
    const times = fake().requests.map((r) => r.at);
    expect(times).toHaveLength(12);
    // after a burst of 2, ten more at 10/s take a second; without the cap they take one round trip
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(700);
  });

  it("cloudflare:rateReserve sets what the budget leaves for others", async () => {
    // a quota of 20 per minute: with half of it kept back, the rollout stops after 10 and says so
    fake().configure({ rateLimit: { limit: 20, windowMs: 60_000, lockoutMs: 60_000 } });
    const create = await hostFor({}, { "cloudflare:rateReserve": "50%" }, 8);
    const creates = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => create(i).catch(() => undefined));
    await host.waitForOutput(/Cloudflare rate budget: \d+ of 20 requests left for this token, 10 kept for others; waiting \d+\.\ds/);
    expect(fake().requests.length).toBeLessThanOrEqual(10);
    expect(fake().stats).toMatchObject({ rateLimited: 0, lockouts: 0 });
    await host.stop();
    await Promise.all(creates);
  });
});
