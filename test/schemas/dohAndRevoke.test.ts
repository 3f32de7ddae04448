import { validateDohInputs } from "../../provider/model/doh";
import { validateRevokeUserArgs } from "../../provider/model/revoke";
import { ACCOUNT, ZONE } from "../support/client";

const reasons = (r: { ok: boolean; issues?: { property: string; reason: string }[] }) =>
  r.ok ? [] : r.issues!.map((i) => `${i.property}: ${i.reason}`);

describe("DoH arguments", () => {
  it("accepts the seeds' example", () => {
    expect(validateDohInputs({ accountId: ACCOUNT, dohJwtDuration: "800h", serviceTokenId: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415" }).ok).toBe(true);
    expect(validateDohInputs({ accountId: ACCOUNT }).ok).toBe(true);
  });
  it.each([
    [{ dohJwtDuration: "1h" }, "accountId: Invalid input: expected string, received undefined"],
    [{ accountId: ACCOUNT, dohJwtDuration: "1 day" }, "dohJwtDuration: must be a duration such as 300ms or 2h45m (units ns, us or µs, ms, s, m, h)"],
    [{ accountId: ACCOUNT, serviceTokenId: "token" }, "serviceTokenId: must be a UUID"],
    [{ accountId: ACCOUNT, zoneId: ZONE }, "zoneId: is not a known property"],
  ])("refuses %j", (args, message) => {
    expect(reasons(validateDohInputs(args))).toEqual([message]);
  });
});

describe("revoke_user arguments", () => {
  it("accepts the seeds' example", () => {
    const args = { accountId: ACCOUNT, email: "test@example.com", userUid: "699d98642c564d2e855e9661899b7252", devices: true, warpSessionReauth: true };
    expect(validateRevokeUserArgs(args)).toEqual({ ok: true, value: args });
    expect(validateRevokeUserArgs({ zoneId: ZONE, email: "test@example.com" }).ok).toBe(true);
  });
  it.each([
    [" leaver@example.com\n", "leaver@example.com"],
    ["o'brien@example.com", "o'brien@example.com"],
    ["a~b@example.com", "a~b@example.com"],
    ["first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"],
    ['"quoted local"@example.com', '"quoted local"@example.com'],
  ])("accepts %j as RFC 5322 allows, trimmed", (email, trimmed) => {
    expect(validateRevokeUserArgs({ accountId: ACCOUNT, email })).toEqual({ ok: true, value: { accountId: ACCOUNT, email: trimmed } });
  });
  it.each(["a@b", "a b@example.com", "a..b@example.com", "@example.com", ""])("refuses the email %j", (email) => {
    expect(reasons(validateRevokeUserArgs({ accountId: ACCOUNT, email }))).toEqual(["email: must be an email address"]);
  });
  it.each([
    [{ accountId: ACCOUNT, email: "not-an-email" }, "email: must be an email address"],
    [{ email: "a@example.com" }, "accountId: set accountId or zoneId"],
    [{ accountId: ACCOUNT, zoneId: ZONE, email: "a@example.com" }, "zoneId: accountId and zoneId are exclusive: set exactly one"],
    [{ zoneId: ZONE, email: "a@example.com", devices: true }, "devices: is an account option; the zone endpoint takes only `email`"],
    [{ accountId: ACCOUNT, email: "a@example.com", userUid: "bob" }, "userUid: must be a user id (a UUID)"],
  ])("refuses %j", (args, message) => {
    expect(reasons(validateRevokeUserArgs(args))).toEqual([message]);
  });
});
