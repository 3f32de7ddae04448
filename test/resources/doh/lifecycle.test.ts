import { dohProvider as provider } from "../../../provider/resources/doh/provider";
import { ZeroTrustError } from "../../../provider/model/errors";
import { ACCOUNT, ACCOUNT_2 } from "../../support/client";
import { useProviderAgainstFake } from "../../support/provider";

const { fake, logs } = useProviderAgainstFake();
const TOKEN = { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "DoH clients", client_id: "88bf3b6d86161464f6509f7219099e57.access.example.com", duration: "8760h", expires_at: "2027-11-23T00:00:00Z" };
const OTHER = { id: "2fc0579f-8113-47ea-b116-bb5a8db9202a", name: "other", client_id: "other.access.example.com" };
beforeEach(() => {
  fake().addServiceToken(ACCOUNT, TOKEN);
  fake().addServiceToken(ACCOUNT, OTHER);
});

async function checked(news: Record<string, unknown>) {
  const result = await provider.check!({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs!;
}

describe("OrganizationDoh", () => {
  it("creates: GET (none yet), then PUT answered 201; outputs the token's public details and no secret", async () => {
    const { id, outs } = await provider.create(await checked({ accountId: ACCOUNT, serviceTokenId: TOKEN.id.toUpperCase(), dohJwtDuration: "800h" }));
    expect(id).toBe(`accounts/${ACCOUNT}/doh`);
    expect(outs).toEqual({
      accountId: ACCOUNT,
      serviceTokenId: TOKEN.id,
      dohJwtDuration: "800h",
      clientId: TOKEN.client_id,
      name: TOKEN.name,
      duration: "8760h",
      expiresAt: TOKEN.expires_at,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 404", "PUT 201"]);
  });

  it("never outputs a secret, even when Cloudflare answers one", async () => {
    const secret = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2";
    fake().inject({ kind: "extra-fields", fields: { client_secret: secret, last_seen_at: "2026-11-01T00:00:00Z" }, times: 3 });
    const { outs } = await provider.create(await checked({ accountId: ACCOUNT, serviceTokenId: TOKEN.id }));
    const { props } = await provider.read!("id", outs);
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 404", "PUT 201", "GET 200"]);
    for (const state of [outs, props]) {
      // the answers did carry both fields: the public one is kept, the secret dropped
      expect(state).toMatchObject({ lastSeenAt: "2026-11-01T00:00:00Z" });
      expect(JSON.stringify(state)).not.toContain(secret);
      expect(Object.keys(state!).filter((key) => /secret/i.test(key))).toEqual([]);
    }
  });

  it("explains that a service token is needed when none is configured", async () => {
    const failure = provider.create(await checked({ accountId: ACCOUNT, dohJwtDuration: "1h" }));
    await expect(failure).rejects.toThrow(`account ${ACCOUNT} has no DoH service token configured yet: set serviceTokenId`);
    await expect(failure).rejects.toBeInstanceOf(ZeroTrustError);
    await expect(failure).rejects.toHaveProperty("code", "doh_token_missing");
    expect(fake().requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("changes only what it manages, and writes nothing when Cloudflare already agrees", async () => {
    fake().seedDoh(ACCOUNT, { service_token_id: TOKEN.id, doh_jwt_duration: "24h" });
    const first = await provider.create(await checked({ accountId: ACCOUNT, dohJwtDuration: "1440m" }));
    expect(fake().requests.map((r) => r.method)).toEqual(["GET"]);
    const news = await checked({ accountId: ACCOUNT, dohJwtDuration: "48h" });
    expect(await provider.diff!(first.id, first.outs, news)).toEqual({ changes: true, replaces: [] });
    const { outs } = await provider.update!(first.id, first.outs, news);
    expect(outs).toMatchObject({ serviceTokenId: TOKEN.id, dohJwtDuration: "48h" });
    expect(fake().requests.at(-1)?.body).toEqual({ service_token_id: TOKEN.id, doh_jwt_duration: "48h" });
  });

  it.each([
    ["the same duration written another way", { dohJwtDuration: "1440m" }, false, []],
    ["the same token in capitals", { serviceTokenId: TOKEN.id.toUpperCase() }, false, []],
    ["another token", { serviceTokenId: OTHER.id }, true, []],
    ["another account", { accountId: ACCOUNT_2 }, true, ["accountId"]],
  ])("diff without API calls: %s", async (_, change, changes, replaces) => {
    const olds = { accountId: ACCOUNT, serviceTokenId: TOKEN.id, dohJwtDuration: "24h" };
    expect(await provider.diff!("id", olds, await checked({ accountId: ACCOUNT, ...change }))).toEqual({ changes, replaces });
    expect(fake().requests).toEqual([]);
  });

  it("reads what Cloudflare has, and drops the resource when it is gone", async () => {
    fake().seedDoh(ACCOUNT, { service_token_id: TOKEN.id, doh_jwt_duration: "24h" });
    expect((await provider.read!("id", { accountId: ACCOUNT })).props).toMatchObject({ serviceTokenId: TOKEN.id, dohJwtDuration: "24h" });
    fake().removeDoh(ACCOUNT);
    expect(await provider.read!("id", { accountId: ACCOUNT })).toEqual({ id: "" });
  });

  it("deletes without writing, and says so", async () => {
    await provider.delete!("id", { accountId: ACCOUNT });
    expect(fake().requests).toEqual([]);
    expect(logs()).toMatch(/DoH settings of account .* stay on Cloudflare/);
  });

  it("validates at check time", async () => {
    expect((await provider.check!({}, { accountId: ACCOUNT, dohJwtDuration: "a day", serviceTokenId: "x" })).failures).toEqual([
      { property: "dohJwtDuration", reason: "must be a duration such as 300ms or 2h45m (units ns, us or µs, ms, s, m, h)" },
      { property: "serviceTokenId", reason: "must be a UUID" },
    ]);
  });
});
