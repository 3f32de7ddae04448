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
    expect(await host.diff(created.id, urn, created.properties, { ...checked.inputs, triggers: ["INC-2"] })).toEqual({ changes: "some", replaces: ["triggers"] });

    await host.delete(created.id, urn, created.properties);
    expect(fake().requests).toHaveLength(1);
    await host.waitForOutput(/Revoking cannot be undone/);
  });
});
