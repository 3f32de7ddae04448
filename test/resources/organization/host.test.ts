import { ZeroTrustOrganization } from "../../../provider";
import { ACCOUNT, ACCOUNT_2, handMadeOrganization } from "../../support/client";
import { useFakeCloudflare } from "../../support/fake";
import { ProviderHost, urnOf } from "../../../provider/testing/host";
import { serializedResource } from "../../../provider/testing/program";
import { FAKE_TOKEN } from "../../../provider/testing/server";

/**
 * The path `pulumi up` takes without the CLI: the resource is constructed in a (mocked) program, its serialized
 * provider is handed to Pulumi's dynamic-provider host, and the host is driven over gRPC like the engine does.
 */
const fake = useFakeCloudflare();
let host: ProviderHost;
afterEach(() => host?.stop());

type Props = Record<string, unknown>;

async function program(args: ConstructorParameters<typeof ZeroTrustOrganization>[1]) {
  return serializedResource(() => new ZeroTrustOrganization("org", args));
}

describe("ZeroTrustOrganization through Pulumi's dynamic-provider host", () => {
  it("runs Configure → Check → Create → Diff → Update → Read → Delete, adopting without clobbering", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { type, provider, inputs } = await program({
      accountId: ACCOUNT,
      mfaConfig: { allowedAuthenticators: ["totp", "security_key"], sessionDuration: "24h" },
    });
    expect(type).toBe("pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization");
    expect(provider.length).toBeLessThan(4096);
    const urn = urnOf(type, "org");

    host = await ProviderHost.start();
    // credentials as Pulumi config, the way `pulumi config set --secret cloudflare:apiToken` provides them
    await host.configure({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake().baseUrl, "cloudflare-zero-trust:rps": "100" });

    const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.mfaConfig).toEqual({ allowedAuthenticators: ["security_key", "totp"], sessionDuration: "24h" });

    const created = await host.create(urn, checked.inputs);
    expect(created.id).toBe(`accounts/${ACCOUNT}`);
    expect(created.properties).toMatchObject({
      accountId: ACCOUNT,
      adopted: true,
      denyUnmatchedRequests: true,
      sessionDuration: "12h",
      mfaConfig: { allowedAuthenticators: ["security_key", "totp"], sessionDuration: "24h" },
      __provider: provider,
    });
    expect(fake().organization("accounts", ACCOUNT)).toMatchObject({ deny_unmatched_requests: true, session_duration: "12h" });
    await host.waitForOutput(/Adopted the existing Zero Trust organization/);

    // a second identical run: no change, and no API call
    const before = fake().requests.length;
    expect(await host.diff(created.id, urn, created.properties, checked.inputs)).toEqual({ changes: "none", replaces: [] });
    const changedInputs = (await host.check(urn, checked.inputs, { ...checked.inputs, mfaConfig: { allowedAuthenticators: ["security_key"], sessionDuration: "1440m" } })).inputs;
    expect(await host.diff(created.id, urn, created.properties, changedInputs)).toEqual({ changes: "some", replaces: [] });
    expect(await host.diff(created.id, urn, created.properties, { ...checked.inputs, accountId: ACCOUNT_2 })).toEqual({ changes: "some", replaces: ["accountId"] });
    expect(fake().requests.length).toBe(before);

    const updated = await host.update(created.id, urn, created.properties, changedInputs);
    // 1440m means the 24h Cloudflare has: only the authenticators change, the duration stays as Cloudflare wrote it
    expect(updated).toMatchObject({ mfaConfig: { allowedAuthenticators: ["security_key"], sessionDuration: "24h" }, denyUnmatchedRequests: true, __provider: provider });
    expect(await host.diff(created.id, urn, updated, changedInputs)).toEqual({ changes: "none", replaces: [] });

    // drift made in the dashboard shows after a refresh
    fake().dashboardEdit("accounts", ACCOUNT, { mfa_config: { allowed_authenticators: ["totp"], session_duration: "24h" } });
    const read = await host.read(created.id, urn, updated);
    expect(read.properties.mfaConfig).toEqual({ allowedAuthenticators: ["totp"], sessionDuration: "24h" });
    expect(await host.diff(created.id, urn, read.properties, changedInputs)).toEqual({ changes: "some", replaces: [] });

    const writes = fake().requests.length;
    await host.delete(created.id, urn, read.properties);
    expect(fake().requests.length).toBe(writes);
    await host.waitForOutput(/keeps its settings on Cloudflare/);

    // the credential is nowhere the engine stores or prints
    const everything = JSON.stringify([provider, inputs, checked, created, updated, read]) + host.output;
    expect(everything).not.toContain(FAKE_TOKEN);
  });

  it("reads credentials from the environment when Pulumi config has none", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { type, provider, inputs } = await program({ accountId: ACCOUNT, sessionDuration: "8h" });
    host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl } });
    await host.configure({});
    const created = await host.create(urnOf(type, "org"), { ...inputs, __provider: provider });
    expect(created.properties.sessionDuration).toBe("8h");
  });

  it("fails check at preview time naming the field, without any API call", async () => {
    const { type, provider, inputs } = await program({ accountId: ACCOUNT, mfaConfig: { sessionDuration: "1000h" } });
    host = await ProviderHost.start();
    await host.configure({});
    const checked = await host.check(urnOf(type, "org"), {}, { ...inputs, __provider: provider });
    expect(checked.failures).toEqual([{ property: "mfaConfig.sessionDuration", reason: "must be between 0m and 720h (got 1000h)" }]);
    expect(fake().requests).toEqual([]);
  });

  it("reports API errors with status and code, and never the token", async () => {
    const { type, provider, inputs } = await program({ accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com" });
    host = await ProviderHost.start();
    await host.configure({ "cloudflare:apiToken": "a-wrong-token-1234567890", "cloudflare:baseUrl": fake().baseUrl });
    const error = await host.create(urnOf(type, "org"), { ...inputs, __provider: provider }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/HTTP 401 \[1000\] Invalid API Token — Check the credential/);
    expect(error?.message + host.output).not.toContain("a-wrong-token-1234567890");
  });

  it("refuses a plain-http base URL that is not loopback", async () => {
    const { type, provider, inputs } = await program({ accountId: ACCOUNT, sessionDuration: "1h" });
    host = await ProviderHost.start();
    await host.configure({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": "http://api.example.com/client/v4" });
    await expect(host.create(urnOf(type, "org"), { ...inputs, __provider: provider } as Props)).rejects.toThrow(
      /cloudflare:baseUrl must use https/,
    );
  });
});
