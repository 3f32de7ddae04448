import { UserAccessRevocation } from "../../../provider";
import { FAKE_TOKEN } from "../../../provider/testing/server";
import { ACCOUNT } from "../../support/client";
import { useFakeCloudflare } from "../../support/fake";
import { ProviderHost, urnOf } from "../../../provider/testing/host";
import { serializedResource } from "../../../provider/testing/program";

const fake = useFakeCloudflare();
let host: ProviderHost;
afterEach(() => host?.stop());

describe("UserAccessRevocation through Pulumi's dynamic-provider host", () => {
  it("revokes on create, asks for a replacement when a trigger changes, and deletes without a call", async () => {
    const { type, provider, inputs } = await serializedResource(
      () => new UserAccessRevocation("leaver", { accountId: ACCOUNT, email: "leaver@example.com", devices: true, triggers: ["INC-1"] }),
    );
    expect(type).toBe("pulumi-nodejs:dynamic/cloudflare-zero-trust:UserAccessRevocation");
    const urn = urnOf(type, "leaver");
    host = await ProviderHost.start();
    await host.configure({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake().baseUrl });
    const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
    const created = await host.create(urn, checked.inputs);
    expect(created.properties).toMatchObject({ email: "leaver@example.com", devices: true, revokedAt: expect.any(String) });
    expect(fake().revocations).toHaveLength(1);
    expect(fake().requests[0]!.query).toEqual({ devices: "true" });

    expect(await host.diff(created.id, urn, created.properties, checked.inputs)).toEqual({ changes: "none", replaces: [] });
    const news = { ...checked.inputs, triggers: ["INC-2"] };
    expect(await host.diff(created.id, urn, created.properties, news)).toEqual({ changes: "some", replaces: ["triggers"] });

    // the replacement, as the engine runs it: create the new revocation (sent again), then delete the old (no call)
    const replacement = await host.create(urn, (await host.check(urn, created.properties, news)).inputs);
    expect(replacement.properties).toMatchObject({ triggers: ["INC-2"], revokedAt: expect.any(String) });
    expect(fake().revocations).toHaveLength(2);
    await host.delete(created.id, urn, created.properties);
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 200", "POST 200"]);
    await host.waitForOutput(/Revoking cannot be undone/);
  });

  it("fails the resource, recording nothing, when Cloudflare answers that it did not revoke", async () => {
    fake().configure({ revokeUserResult: false });
    const { type, provider, inputs } = await serializedResource(() => new UserAccessRevocation("leaver", { accountId: ACCOUNT, email: "leaver@example.com" }));
    const urn = urnOf(type, "leaver");
    host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({});
    const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
    await expect(host.create(urn, checked.inputs)).rejects.toThrow(
      "Cloudflare did not revoke the Access tokens of leaver@example.com (it answered result: false)",
    );
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 200"]);
  });

  it("takes any email RFC 5322 allows, trimmed, as revokeUserAccess and the command do", async () => {
    const { type, provider, inputs } = await serializedResource(() => new UserAccessRevocation("obrien", { accountId: ACCOUNT, email: " o'brien@example.com " }));
    const urn = urnOf(type, "obrien");
    host = await ProviderHost.start();
    await host.configure({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake().baseUrl });
    const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn, checked.inputs);
    expect(created.properties).toMatchObject({ email: "o'brien@example.com" });
    expect(fake().revocations).toEqual([{ scope: `accounts/${ACCOUNT}`, email: "o'brien@example.com" }]);
  });

  it('takes "" as unset, like every argument of the package', async () => {
    const { type, provider, inputs } = await serializedResource(() => new UserAccessRevocation("leaver", { accountId: ACCOUNT, email: "leaver@example.com", userUid: "", apiTokenEnvVar: "" }));
    const urn = urnOf(type, "leaver");
    host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({});
    const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
    expect(checked.failures).toEqual([]);
    await host.create(urn, checked.inputs);
    expect(fake().revocations).toEqual([{ scope: `accounts/${ACCOUNT}`, email: "leaver@example.com" }]);
  });
});
