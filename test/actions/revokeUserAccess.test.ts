import { revokeUserAccess } from "../../provider/actions/revokeUserAccess";
import { CloudflareApiError, closeSharedAgent, resetSharedClients } from "../../provider/client";
import { InvalidArgumentsError } from "../../provider/model";
import { FAKE_TOKEN } from "../../provider/testing/server";
import { ACCOUNT, ZONE } from "../support/client";
import { useFakeCloudflare } from "../support/fake";

const fake = useFakeCloudflare();
const options = () => ({ apiToken: FAKE_TOKEN, baseUrl: fake().baseUrl, rps: 1000, minBackoff: 0.01, maxBackoff: 0.02 });
beforeEach(() => resetSharedClients());
afterAll(() => closeSharedAgent());

describe("revokeUserAccess", () => {
  it("POSTs revoke_user with the body fields and the devices query parameter", async () => {
    const result = await revokeUserAccess(
      { accountId: ACCOUNT, email: "leaver@example.com", userUid: "699d98642c564d2e855e9661899b7252", devices: true, warpSessionReauth: true },
      options(),
    );
    expect(result).toBe(true);
    expect(fake().requests).toEqual([
      expect.objectContaining({
        method: "POST",
        path: `/accounts/${ACCOUNT}/access/organizations/revoke_user`,
        query: { devices: "true" },
        body: { email: "leaver@example.com", user_uid: "699d98642c564d2e855e9661899b7252", devices: true, warp_session_reauth: true },
      }),
    ]);
  });

  it("sends neither query nor optional fields it was not given, and works at zone scope", async () => {
    expect(await revokeUserAccess({ zoneId: ZONE, email: "leaver@example.com" }, options())).toBe(true);
    expect(fake().requests[0]).toMatchObject({ path: `/zones/${ZONE}/access/organizations/revoke_user`, query: {}, body: { email: "leaver@example.com" } });
  });

  it("sends the email trimmed, whatever RFC 5322 allows in it", async () => {
    expect(await revokeUserAccess({ accountId: ACCOUNT, email: "\ta~b@example.com " }, options())).toBe(true);
    expect(fake().revocations).toEqual([{ scope: `accounts/${ACCOUNT}`, email: "a~b@example.com" }]);
  });

  it.each([
    [{ accountId: ACCOUNT, email: "not an email" }, "email: must be an email address"],
    [{ email: "a@example.com" }, "accountId: set accountId or zoneId"],
    [{ accountId: ACCOUNT, zoneId: ZONE, email: "a@example.com" }, "zoneId: accountId and zoneId are exclusive: set exactly one"],
  ])("refuses %j before any request", async (args, message) => {
    const error = await revokeUserAccess(args, options()).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InvalidArgumentsError);
    expect((error as Error).message).toBe(`Invalid revokeUserAccess arguments: ${message}`);
    expect(fake().requests).toEqual([]);
  });

  it("surfaces a refusal with the Cloudflare code", async () => {
    fake().inject({ kind: "status", status: 403, code: 10000, message: "Authentication error" });
    const error = await revokeUserAccess({ accountId: ACCOUNT, email: "a@example.com" }, options()).catch((e: Error) => e);
    expect(error).toBeInstanceOf(CloudflareApiError);
    expect(error).toMatchObject({ status: 403, codes: [10000] });
  });

  it("retries transient failures, including a lost answer (revoking twice is harmless)", async () => {
    fake().inject({ kind: "status", status: 503 }, { kind: "reset", when: "after-apply" });
    expect(await revokeUserAccess({ accountId: ACCOUNT, email: "a@example.com" }, options())).toBe(true);
    expect(fake().requests.map((r) => r.status ?? "reset")).toEqual([503, "reset", 200]);
  });

  it("takes the credential from the environment when no option gives one", async () => {
    process.env.CLOUDFLARE_API_TOKEN = FAKE_TOKEN;
    process.env.CLOUDFLARE_BASE_URL = fake().baseUrl;
    try {
      expect(await revokeUserAccess({ accountId: ACCOUNT, email: "a@example.com" })).toBe(true);
    } finally {
      delete process.env.CLOUDFLARE_API_TOKEN;
      delete process.env.CLOUDFLARE_BASE_URL;
    }
  });
});
