import { ZeroTrustOrganization } from "../../../provider";
import { FAKE_TOKEN } from "../../../provider/testing/server";
import { ACCOUNT, handMadeOrganization } from "../../support/client";
import { useFakeCloudflare } from "../../support/fake";
import { ProviderHost, urnOf } from "../../../provider/testing/host";
import { serializedResource } from "../../../provider/testing/program";

/** The fewest calls the safe semantics allow, counted at the API, through the provider host. */
const fake = useFakeCloudflare();
let host: ProviderHost;
afterEach(() => host?.stop());

const accountId = (i: number) => i.toString(16).padStart(32, "0");

describe("API calls", () => {
  it("one read for the check of a new resource, none for diff, one read + at most one write per create or update, one read per refresh, none for delete", async () => {
    const { type, provider, inputs } = await serializedResource(() => new ZeroTrustOrganization("org", { accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com" }));
    host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({});
    const urn = urnOf(type, "org");
    const calls = async (work: () => Promise<unknown>) => {
      const before = fake().requests.length;
      await work();
      return fake().requests.slice(before).map((r) => r.method);
    };
    let checked = inputs;
    expect(await calls(async () => (checked = (await host.check(urn, {}, { ...inputs, __provider: provider })).inputs))).toEqual(["GET"]);
    let outputs = {};
    expect(await calls(async () => (outputs = (await host.create(urn, checked)).properties))).toEqual(["GET", "POST"]);
    expect(await calls(() => host.diff("id", urn, outputs, checked))).toEqual([]);
    const news = { ...checked, sessionDuration: "6h" };
    expect(await calls(async () => (outputs = await host.update("id", urn, outputs, news)))).toEqual(["GET", "PUT"]);
    expect(await calls(() => host.update("id", urn, outputs, news))).toEqual(["GET"]);
    expect(await calls(() => host.read("id", urn, outputs))).toEqual(["GET"]);
    expect(await calls(() => host.delete("id", urn, outputs))).toEqual([]);
  });

  it("every resource in one host process shares the token's budget: many at once, no lockout", async () => {
    // 15 requests per 500 ms allowed: 32 requests at once without a shared budget would trip it.
    fake().configure({ rateLimit: { limit: 15, windowMs: 500, lockoutMs: 2000 } });
    const n = 16;
    for (let i = 1; i <= n; i++) fake().seedOrganization("accounts", accountId(i), handMadeOrganization({ auth_domain: `o${i}.cloudflareaccess.com` }));
    const { type, provider } = await serializedResource(() => new ZeroTrustOrganization("probe", { accountId: ACCOUNT }));
    host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({});
    const results = await Promise.allSettled(
      Array.from({ length: n }, (_, k) => host.create(urnOf(type, `org-${k + 1}`), { accountId: accountId(k + 1), sessionDuration: "6h", __provider: provider })),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(fake().stats).toMatchObject({ requests: 2 * n, rateLimited: 0, lockouts: 0 });
  });
});
