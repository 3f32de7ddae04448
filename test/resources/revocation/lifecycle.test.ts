import { ZeroTrustError } from "../../../provider/model/errors";
import { revocationProvider as provider } from "../../../provider/resources/revocation/provider";
import { ACCOUNT } from "../../support/client";
import { useProviderAgainstFake } from "../../support/provider";

const { fake, logs } = useProviderAgainstFake();

describe("UserAccessRevocation", () => {
  const args = { accountId: ACCOUNT, email: "leaver@example.com", devices: true, triggers: ["INC-1"] };

  it("revokes on create and records when", async () => {
    const { id, outs } = await provider.create((await provider.check!({}, args)).inputs!);
    expect(id).toBe(`accounts/${ACCOUNT}/revocations/leaver@example.com`);
    expect(outs).toEqual({ ...args, revokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(fake().revocations).toEqual([{ scope: `accounts/${ACCOUNT}`, email: "leaver@example.com", devices: "true", body_devices: true }]);
  });

  it("revokes again (a replacement) when a trigger or argument changes, not otherwise", async () => {
    const olds = { ...args, revokedAt: "2026-11-01T00:00:00Z" };
    expect(await provider.diff!("id", olds, { ...args })).toEqual({ changes: false, replaces: [] });
    expect(await provider.diff!("id", olds, { ...args, triggers: ["INC-2"] })).toEqual({ changes: true, replaces: ["triggers"] });
    expect(await provider.diff!("id", olds, { ...args, devices: false })).toEqual({ changes: true, replaces: ["devices"] });
  });

  it("fails the create when Cloudflare answers an error", async () => {
    fake().inject({ kind: "status", status: 400, code: 12000, message: "access.api.error.invalid_request" });
    await expect(provider.create(args)).rejects.toThrow(/HTTP 400 \[12000\]/);
  });

  it("fails the create, typed, when Cloudflare answers that it did not revoke", async () => {
    fake().configure({ revokeUserResult: false });
    const failure = provider.create(args);
    await expect(failure).rejects.toThrow("Cloudflare did not revoke the Access tokens of leaver@example.com (it answered result: false)");
    await expect(failure).rejects.toBeInstanceOf(ZeroTrustError);
    await expect(failure).rejects.toHaveProperty("code", "revocation_refused");
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 200"]);
  });

  it("undoes nothing on delete, and says so", async () => {
    await provider.delete!("id", args);
    expect(fake().requests).toEqual([]);
    expect(logs()).toMatch(/Revoking cannot be undone/);
  });

  it("validates at check time, reporting every issue at once", async () => {
    const news = { accountId: ACCOUNT, zoneId: ACCOUNT, email: "nope", triggers: "x", apiTokenEnvVar: "1X", extra: 1 };
    expect((await provider.check!({}, news)).failures).toEqual([
      { property: "email", reason: "must be an email address" },
      { property: "triggers", reason: "must be a list" },
      { property: "apiTokenEnvVar", reason: "must be the name of an environment variable, such as CLOUDFLARE_API_TOKEN_PROD" },
      { property: "extra", reason: "is not a known property" },
    ]);
    // the rules between fields run once every field is valid, and report every break too
    expect((await provider.check!({}, { accountId: ACCOUNT, zoneId: ACCOUNT, email: "a@example.com", devices: true })).failures).toEqual([
      { property: "zoneId", reason: "accountId and zoneId are exclusive: set exactly one" },
      { property: "devices", reason: "is an account option; the zone endpoint takes only `email`" },
    ]);
  });
});
