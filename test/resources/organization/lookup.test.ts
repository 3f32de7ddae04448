import * as pulumi from "@pulumi/pulumi";
import { CloudflareApiError, CloudflareConfigurationError, closeSharedAgent, resetSharedClients } from "../../../provider/client";
import { ZeroTrustError } from "../../../provider/model/errors";
import { getZeroTrustOrganization, getZeroTrustOrganizationOutput } from "../../../provider/resources/organization/lookup";
import { organizationProvider } from "../../../provider/resources/organization/provider";
import { ZeroTrustOrganization } from "../../../provider/resources/organization/resource";
import { InvalidArgumentsError } from "../../../provider/model";
import { FAKE_TOKEN } from "../../../provider/testing/server";
import { ACCOUNT, compliantOrganization, handMadeOrganization, ZONE } from "../../support/client";
import { configureForFake } from "../../support/provider";
import { useFakeCloudflare } from "../../support/fake";

const fake = useFakeCloudflare();
const options = () => ({ apiToken: FAKE_TOKEN, baseUrl: fake().baseUrl, rps: 1000, retries: 0 });
const settle = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
beforeEach(() => resetSharedClients());
afterEach(() => pulumi.runtime.setAllConfig({}));
afterAll(() => closeSharedAgent());

describe("getZeroTrustOrganization", () => {
  it("returns the organization as the resource outputs it (without its bookkeeping), writing nothing", async () => {
    fake().seedOrganization("accounts", ACCOUNT, compliantOrganization());
    const found = await getZeroTrustOrganization({ accountId: ACCOUNT }, options());
    configureForFake(fake());
    const refreshed = await organizationProvider.read!(`accounts/${ACCOUNT}`, { accountId: ACCOUNT });
    const { adopted, ...resourceOutputs } = refreshed.props!;
    expect(adopted).toBe(false);
    expect(found).toEqual(resourceOutputs);
    expect(found).toMatchObject({
      accountId: ACCOUNT,
      name: "Widget Corps Internal Applications",
      authDomain: "widgetcorp.cloudflareaccess.com",
      denyUnmatchedRequests: true,
      mfaConfig: { allowedAuthenticators: ["totp", "security_key"], sessionDuration: "8h" },
      createdAt: expect.any(String),
    });
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "GET"]);
  });

  it("reads a zone organization, with the zone's fields only", async () => {
    fake().seedOrganization("zones", ZONE, handMadeOrganization({ session_duration: "12h" }));
    const found = await getZeroTrustOrganization({ zoneId: ZONE.toUpperCase() }, options());
    expect(found).toMatchObject({ zoneId: ZONE, authDomain: "widgetcorp.cloudflareaccess.com" });
    expect(found).not.toHaveProperty("sessionDuration");
  });

  it("rejects with ZeroTrustError organization_missing when there is none", async () => {
    const error = await getZeroTrustOrganization({ accountId: ACCOUNT }, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZeroTrustError);
    expect(error).toMatchObject({ code: "organization_missing", message: `account ${ACCOUNT} has no Zero Trust organization (nothing to read)` });
  });

  it("rejects with the client's typed errors for a bad credential, or none", async () => {
    const refused = await getZeroTrustOrganization({ accountId: ACCOUNT }, { ...options(), apiToken: "wrong-token-0123" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CloudflareApiError);
    expect(refused).toMatchObject({ status: 401, message: expect.stringContaining("Check the credential") });
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith("CLOUDFLARE_")) delete process.env[key];
    try {
      await expect(getZeroTrustOrganization({ accountId: ACCOUNT })).rejects.toThrow(CloudflareConfigurationError);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it.each([
    [{}, "accountId: set accountId or zoneId"],
    [{ accountId: ACCOUNT, zoneId: ZONE }, "zoneId: accountId and zoneId are exclusive: set exactly one"],
    [{ accountId: "../x" }, "accountId: must be a 32-character hexadecimal Cloudflare id"],
    [{ accountId: ACCOUNT, name: "x" }, "name: is not a known property"],
  ])("refuses %j before any request", async (args, message) => {
    const error = await getZeroTrustOrganization(args, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentsError);
    expect((error as Error).message).toContain(message);
    expect(fake().requests).toEqual([]);
  });

  it("takes the credential from the stack's Pulumi config (cloudflare:*) when the options have none", async () => {
    fake().seedOrganization("accounts", ACCOUNT, compliantOrganization());
    pulumi.runtime.setAllConfig({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake().baseUrl }, ["cloudflare:apiToken"]);
    expect(await getZeroTrustOrganization({ accountId: ACCOUNT })).toMatchObject({ accountId: ACCOUNT });
    // the options win over config, whole: a wrong token there is used, not mixed with config's
    await expect(getZeroTrustOrganization({ accountId: ACCOUNT }, { apiToken: "wrong-token-0123" })).rejects.toThrow(CloudflareApiError);
  });
});

describe("getZeroTrustOrganizationOutput, in a program under mocks", () => {
  const registered: string[] = [];
  beforeEach(async () => {
    registered.length = 0;
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args.type);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "lookup",
      "test",
      false,
    );
  });

  it("reads once the ids are known, from another resource's outputs, and registers nothing", async () => {
    fake().seedOrganization("accounts", ACCOUNT, compliantOrganization());
    const managed = new ZeroTrustOrganization("org", { accountId: ACCOUNT, sessionDuration: "8h" });
    const found = getZeroTrustOrganizationOutput({ accountId: managed.accountId.apply((id) => id!) }, options());
    expect(await settle(found.apply((org) => org.authDomain))).toBe("widgetcorp.cloudflareaccess.com");
    expect(await settle(found)).toMatchObject({ accountId: ACCOUNT, mfaRequiredForAllApps: true });
    expect(registered).toEqual(["pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization"]);
    expect(fake().requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("reads nothing in a preview with previewRead false: the result is unknown until up", async () => {
    await pulumi.runtime.setMocks({ newResource: (args) => ({ id: args.name, state: args.inputs }), call: (args) => args.inputs }, "lookup", "test", true);
    pulumi.runtime.setAllConfig({ "cloudflare-zero-trust:previewRead": "false" });
    const found = getZeroTrustOrganizationOutput({ accountId: ACCOUNT }, options());
    const seen: unknown[] = [];
    found.apply((org) => seen.push(org));
    // `isKnown` is how the engine sees it (not in the public typings)
    expect(await (found as unknown as { isKnown: Promise<boolean> }).isKnown).toBe(false);
    expect(seen).toEqual([]);
    expect(fake().requests).toEqual([]);
  });

  it("keeps a secret id secret", async () => {
    fake().seedOrganization("zones", ZONE, handMadeOrganization());
    const found = getZeroTrustOrganizationOutput({ zoneId: pulumi.secret(ZONE) }, options());
    expect(await settle(found)).toMatchObject({ zoneId: ZONE });
    expect(await pulumi.isSecret(found)).toBe(true);
  });
});
