import { OrganizationDoh } from "../../../provider";
import { FAKE_TOKEN } from "../../../provider/testing/server";
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
    expect(fake().doh.get(ACCOUNT)).toMatchObject({ service_token_id: TOKEN.id, doh_jwt_duration: "800h" });

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
