import { OrganizationDoh } from "../../../provider";
import { FAKE_TOKEN, type Fault } from "../../../provider/testing/server";
import { ACCOUNT, ACCOUNT_2 } from "../../support/client";
import { useFakeCloudflare } from "../../support/fake";
import { ProviderHost, urnOf } from "../../../provider/testing/host";
import { serializedResource } from "../../../provider/testing/program";

const fake = useFakeCloudflare();
let host: ProviderHost;
afterEach(() => host?.stop());
const TOKEN = { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "DoH clients", client_id: "88bf3b6d86161464f6509f7219099e57.access.example.com" };

describe("OrganizationDoh through Pulumi's dynamic-provider host", () => {
  it("runs Check → Create → Diff → Update → Read → Delete against the API", async () => {
    fake().addServiceToken(ACCOUNT, TOKEN);
    const { type, provider, inputs } = await serializedResource(
      () => new OrganizationDoh("doh", { accountId: ACCOUNT, serviceTokenId: TOKEN.id, dohJwtDuration: "24h" }),
    );
    expect(type).toBe("pulumi-nodejs:dynamic/cloudflare-zero-trust:OrganizationDoh");
    const urn = urnOf(type, "doh");
    host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({});

    const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn, checked.inputs);
    expect(created).toMatchObject({ id: `accounts/${ACCOUNT}/doh`, properties: { serviceTokenId: TOKEN.id, clientId: TOKEN.client_id, dohJwtDuration: "24h" } });

    expect(await host.diff(created.id, urn, created.properties, { ...checked.inputs, dohJwtDuration: "1440m" })).toEqual({ changes: "none", replaces: [] });
    expect(await host.diff(created.id, urn, created.properties, { ...checked.inputs, accountId: ACCOUNT_2 })).toEqual({ changes: "some", replaces: ["accountId"] });
    const news = { ...checked.inputs, dohJwtDuration: "800h" };
    expect(await host.diff(created.id, urn, created.properties, news)).toEqual({ changes: "some", replaces: [] });
    const updated = await host.update(created.id, urn, created.properties, news);
    expect(updated.dohJwtDuration).toBe("800h");
    expect(fake().dohSettings(ACCOUNT)).toMatchObject({ service_token_id: TOKEN.id, doh_jwt_duration: "800h" });

    const read = await host.read(created.id, urn, updated);
    expect(read.properties).toMatchObject({ dohJwtDuration: "800h", serviceTokenId: TOKEN.id });
    const requests = fake().requests.length;
    await host.delete(created.id, urn, read.properties);
    expect(fake().requests.length).toBe(requests);
    await host.waitForOutput(/DoH settings of account .* stay on Cloudflare/);
    expect(JSON.stringify([provider, checked, created, updated, read]) + host.output).not.toContain(FAKE_TOKEN);
  });

  it('takes "" as unset, like every argument of the package: the settings on Cloudflare stay', async () => {
    fake().addServiceToken(ACCOUNT, TOKEN);
    fake().seedDoh(ACCOUNT, { service_token_id: TOKEN.id, doh_jwt_duration: "24h" });
    const { type, provider, inputs } = await serializedResource(() => new OrganizationDoh("doh", { accountId: ACCOUNT, serviceTokenId: "", dohJwtDuration: "", apiTokenEnvVar: "" }));
    const urn = urnOf(type, "doh");
    host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({});
    const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn, checked.inputs);
    expect(created.properties).toMatchObject({ serviceTokenId: TOKEN.id, dohJwtDuration: "24h" });
    expect(fake().requests.map((r) => r.method)).toEqual(["GET"]);
  });
});

describe("OrganizationDoh writes, through the host: the first law holds for DoH too", () => {
  // one host for the rows (a start costs seconds): fast retries, and each row's own local-API state
  let writer: ProviderHost;
  beforeAll(async () => {
    writer = await ProviderHost.start({
      env: { ...fake().env, CLOUDFLARE_RPS: "1000", CLOUDFLARE_MIN_BACKOFF: "0.005", CLOUDFLARE_MAX_BACKOFF: "0.02", CLOUDFLARE_TIMEOUT: "0.5" },
    });
    await writer.configure({});
  });
  afterAll(() => writer.stop());

  it.each([
    ["a 503", { kind: "status", status: 503 }],
    ["a 429", { kind: "status", status: 429, retryAfter: "0.01" }],
    ["a reset before the body", { kind: "reset", when: "before-body" }],
    ["a lost answer (the write was applied)", { kind: "reset", when: "after-apply" }],
  ] as Array<[string, Fault]>)("a write retried after %s is rebuilt from a fresh read: a DoH change made on Cloudflare meanwhile is kept", async (_what, fault) => {
    fake().addServiceToken(ACCOUNT, TOKEN);
    fake().seedDoh(ACCOUNT, { service_token_id: TOKEN.id, doh_jwt_duration: "24h" });
    const other = { ...TOKEN, id: "0c9a8b7c-6d5e-4f30-8a1b-2c3d4e5f6a7b", name: "other" };
    fake().addServiceToken(ACCOUNT, other);
    const { type, provider, inputs } = await serializedResource(() => new OrganizationDoh("doh", { accountId: ACCOUNT, serviceTokenId: other.id }));
    // someone changes the JWT duration on Cloudflare while the write's failed answer is on its way
    const edit = () => fake().seedDoh(ACCOUNT, { service_token_id: fake().dohSettings(ACCOUNT)!.service_token_id, doh_jwt_duration: "48h" });
    fake().inject({ ...fault, method: "PUT", meanwhile: edit });
    const created = await writer.create(urnOf(type, "doh"), { ...inputs, __provider: provider });
    expect(fake().dohSettings(ACCOUNT)).toMatchObject({ service_token_id: other.id, doh_jwt_duration: "48h" });
    expect(created.properties).toMatchObject({ serviceTokenId: other.id, dohJwtDuration: "48h" });
    // the write after the wait carries what Cloudflare had then, not the body built before it; a write the new read
    // shows applied is not sent again (the local API records the body of the PUTs that reached it)
    const applied = fake().requests.filter((r) => r.method === "PUT" && r.body !== undefined).map((r) => r.body);
    expect(applied).toEqual([{ service_token_id: other.id, doh_jwt_duration: fault.kind === "reset" && fault.when === "after-apply" ? "24h" : "48h" }]);
  });
});
