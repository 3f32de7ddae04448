import { unknownValue } from "@pulumi/pulumi/runtime";
import { organizationProvider } from "../../../provider/resources/organization/provider";
import { ACCOUNT, ACCOUNT_2, ZONE } from "../../support/client";
import { withoutPreviewRead } from "../../support/provider";

withoutPreviewRead();

const check = (news: Record<string, unknown>) => organizationProvider.check!({}, { __provider: "serialized", ...news });
const diff = (olds: Record<string, unknown>, news: Record<string, unknown>) => organizationProvider.diff!("id", olds, news);

describe("check", () => {
  it("returns normalised inputs: sets sorted and de-duplicated, names trimmed", async () => {
    const result = await check({
      accountId: ACCOUNT,
      name: " Acme ",
      mfaConfig: { allowedAuthenticators: ["totp", "security_key", "totp"], sessionDuration: "24h" },
      clear: ["loginDesign", "customPages", "loginDesign"],
    });
    expect(result).toEqual({
      inputs: {
        accountId: ACCOUNT,
        name: "Acme",
        mfaConfig: { allowedAuthenticators: ["security_key", "totp"], sessionDuration: "24h" },
        clear: ["customPages", "loginDesign"],
      },
    });
  });

  it("lower-cases ids, as Cloudflare writes them", async () => {
    expect((await check({ accountId: ACCOUNT.toUpperCase(), sessionDuration: "1h" })).inputs).toEqual({ accountId: ACCOUNT, sessionDuration: "1h" });
  });

  it("names the property and the rule", async () => {
    const result = await check({ accountId: ACCOUNT, mfaConfig: { sessionDuration: "1000h" }, warpAuthSessionDuration: "10s" });
    expect(result.failures).toEqual([
      { property: "warpAuthSessionDuration", reason: "must be a duration in minutes (m) or hours (h), such as 30m or 2h45m" },
      { property: "mfaConfig.sessionDuration", reason: "must be between 0m and 720h (got 1000h)" },
    ]);
  });

  it.each([
    [{ accountId: ACCOUNT, clear: ["name"] }, "name cannot be cleared: every organization has a name and an auth domain"],
    [{ accountId: ACCOUNT, sessionDuration: "1h", clear: ["sessionDuration"] }, "sessionDuration is both set and cleared"],
    [{ zoneId: ZONE, clear: ["mfaConfig"] }, "mfaConfig is an account setting; a zone organization does not have it"],
  ])("refuses a bad clear list %j", async (news, reason) => {
    expect((await check(news)).failures).toEqual([{ property: "clear", reason }]);
  });

  it("accepts Pulumi's unknown value anywhere during preview, and keeps it", async () => {
    const news = {
      accountId: unknownValue,
      mfaRequiredForAllApps: true,
      mfaConfig: { allowedAuthenticators: unknownValue, sessionDuration: unknownValue },
      userSeatExpirationInactiveTime: unknownValue,
      denyUnmatchedRequestsExemptedZoneNames: ["a.com", unknownValue],
    };
    expect(await check(news)).toEqual({ inputs: news });
  });
});

describe("diff (no API call)", () => {
  const olds = {
    accountId: ACCOUNT,
    name: "Acme",
    sessionDuration: "24h",
    mfaConfig: { allowedAuthenticators: ["security_key", "totp"], sessionDuration: "12h" },
    denyUnmatchedRequests: true,
    loginDesign: { backgroundColor: "#FFFFFF" },
    adopted: true,
  };

  it.each([
    ["the same values", { sessionDuration: "24h" }],
    ["a duration written another way", { sessionDuration: "1440m", mfaConfig: { sessionDuration: "720m" } }],
    ["authenticators in another order", { mfaConfig: { allowedAuthenticators: ["totp", "security_key"] } }],
    ["false for a flag Cloudflare omits", { autoRedirectToIdentity: false }],
    ["an empty string for an unset text", { uiReadOnlyToggleReason: "" }],
    ["a toggle reason while the lock is off (Cloudflare answers \"\")", { isUiReadOnly: false, uiReadOnlyToggleReason: "maintenance" }],
    ["nothing managed at all", {}],
    ["a field the user stopped managing", { name: "Acme" }],
    ["clearing a field that is already unset", { clear: ["customPages"] }],
  ])("no change for %s", async (_, news) => {
    expect(await diff(olds, { accountId: ACCOUNT, ...news })).toEqual({ changes: false, replaces: [] });
  });

  it.each([
    ["a longer session", { sessionDuration: "25h" }],
    ["another authenticator", { mfaConfig: { allowedAuthenticators: ["totp"] } }],
    ["a nested leaf", { loginDesign: { backgroundColor: "#000000" } }],
    ["a flag turned off", { denyUnmatchedRequests: false }],
    ["a value still unknown", { sessionDuration: unknownValue }],
    ["a field to clear that has a value", { clear: ["loginDesign"] }],
    ["restoreOnDelete switched on", { restoreOnDelete: true }],
  ])("an update for %s", async (_, news) => {
    expect(await diff(olds, { accountId: ACCOUNT, ...news })).toEqual({ changes: true, replaces: [] });
  });

  it.each([
    ["another account", { accountId: ACCOUNT_2 }, ["accountId"]],
    ["a switch to zone scope", { zoneId: ZONE }, ["accountId", "zoneId"]],
    ["an account id not known yet", { accountId: unknownValue }, ["accountId"]],
  ])("a replacement for %s", async (_, news, replaces) => {
    expect(await diff(olds, news)).toEqual({ changes: true, replaces });
  });
});
