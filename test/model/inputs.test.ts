import { formatIssues, withoutEmpty } from "../../provider/model/common";
import { CloudflareError, InvalidArgumentsError, ZeroTrustError } from "../../provider/model/errors";
import { settingsOf, validateOrganizationInputs } from "../../provider/model/inputs";
import { validateRevocationInputs } from "../../provider/model/revoke";
import { describeScope, scopeOf, validateScopeArgs } from "../../provider/model/scope";
import { ACCOUNT, ZONE } from "../support/client";

/** The inputs of the resources and functions, as validated before any request: every issue names its field. */

const reasons = (r: { ok: boolean; issues?: readonly { property: string; reason: string }[] }) => (r.ok ? [] : r.issues!.map((i) => `${i.property}: ${i.reason}`));

describe("a ZeroTrustOrganization's inputs", () => {
  it("takes the options beside the settings, and normalises them (ids lower-cased, `clear` a set)", () => {
    const result = validateOrganizationInputs({
      accountId: ACCOUNT.toUpperCase(),
      sessionDuration: "8h",
      restoreOnDelete: true,
      clear: ["loginDesign", "customPages", "loginDesign"],
      apiTokenEnvVar: "CLOUDFLARE_API_TOKEN_PROD",
    });
    expect(result).toEqual({
      ok: true,
      value: { accountId: ACCOUNT, sessionDuration: "8h", restoreOnDelete: true, clear: ["customPages", "loginDesign"], apiTokenEnvVar: "CLOUDFLARE_API_TOKEN_PROD" },
    });
  });

  it.each([
    [{ accountId: ACCOUNT, clear: ["name"] }, "clear: name cannot be cleared: every organization has a name and an auth domain"],
    [{ accountId: ACCOUNT, clear: ["authDomain"] }, "clear: authDomain cannot be cleared: every organization has a name and an auth domain"],
    [{ accountId: ACCOUNT, sessionDuration: "8h", clear: ["sessionDuration"] }, "clear: sessionDuration is both set and cleared"],
    [{ zoneId: ZONE, clear: ["sessionDuration"] }, "clear: sessionDuration is an account setting; a zone organization does not have it"],
    [{ accountId: ACCOUNT, clear: ["nonsense"] }, expect.stringMatching(/^clear\.0: Invalid option: expected one of "name"\|"authDomain"\|/)],
    [{ accountId: ACCOUNT, apiTokenEnvVar: "MY-TOKEN" }, "apiTokenEnvVar: must be the name of an environment variable, such as CLOUDFLARE_API_TOKEN_PROD"],
    [{ accountId: ACCOUNT, apiTokenEnvVar: "1TOKEN" }, "apiTokenEnvVar: must be the name of an environment variable, such as CLOUDFLARE_API_TOKEN_PROD"],
    [{ accountId: ACCOUNT, restoreOnDelete: "yes" }, "restoreOnDelete: Invalid input: expected boolean, received string"],
  ])("refuses %j", (inputs, message) => {
    expect(reasons(validateOrganizationInputs(inputs))).toEqual([message]);
  });

  it("lets a zone organization clear a zone setting, and an account one clear anything but the name and domain", () => {
    expect(validateOrganizationInputs({ zoneId: ZONE, clear: ["loginDesign", "isUiReadOnly"] }).ok).toBe(true);
    expect(validateOrganizationInputs({ accountId: ACCOUNT, clear: ["sessionDuration", "mfaConfig"] }).ok).toBe(true);
    expect(validateOrganizationInputs({ accountId: ACCOUNT, apiTokenEnvVar: "_token_2" }).ok).toBe(true);
  });

  it("reports every issue at once, each with its field", () => {
    expect(reasons(validateOrganizationInputs({ zoneId: ZONE, sessionDuration: "8h", clear: ["name", "mfaConfig"] }))).toEqual([
      "sessionDuration: is an account setting; the zone endpoint only has name, authDomain, isUiReadOnly, uiReadOnlyToggleReason, loginDesign, userSeatExpirationInactiveTime, denyUnmatchedRequests, denyUnmatchedRequestsExemptedZoneNames",
      // `clear` is a set: in order
      "clear: mfaConfig is an account setting; a zone organization does not have it",
      "clear: name cannot be cleared: every organization has a name and an auth domain",
    ]);
  });

  it("the settings a program manages are the inputs without the scope, the options and empty values", () => {
    expect(
      settingsOf({ accountId: ACCOUNT, zoneId: ZONE, restoreOnDelete: true, clear: ["loginDesign"], apiTokenEnvVar: "T", sessionDuration: "8h", name: "", loginDesign: {} }),
    ).toEqual({ sessionDuration: "8h" });
    expect(settingsOf({ accountId: ACCOUNT })).toEqual({});
  });
});

describe("empty values are unset, in every argument", () => {
  it("drops empty strings, lists and objects at any depth, and an object they leave empty; keeps false, 0 and null", () => {
    expect(withoutEmpty({ a: "", b: [], c: {}, d: { e: "", f: { g: [] } }, h: false, i: 0, j: null, k: ["x"], l: undefined })).toEqual({
      h: false,
      i: 0,
      j: null,
      k: ["x"],
    });
    expect(withoutEmpty("text")).toBe("text");
    expect(withoutEmpty(["", "a"])).toEqual(["", "a"]);
  });

  it("issues read as one line, each with its field", () => {
    expect(formatIssues([{ property: "a", reason: "is wrong" }, { property: "b.c", reason: "is missing" }])).toBe("a: is wrong; b.c: is missing");
    expect(formatIssues([])).toBe("");
  });
});

describe("scopes", () => {
  it("an account or a zone, from arguments, inputs or outputs; the account wins; neither is refused", () => {
    expect(scopeOf({ accountId: ACCOUNT })).toEqual({ kind: "accounts", id: ACCOUNT });
    expect(scopeOf({ zoneId: ZONE })).toEqual({ kind: "zones", id: ZONE });
    expect(scopeOf({ accountId: ACCOUNT, zoneId: ZONE })).toEqual({ kind: "accounts", id: ACCOUNT });
    expect(() => scopeOf({ accountId: 5 })).toThrow(
      new ZeroTrustError("unsupported", "The resource has neither an accountId nor a zoneId (its state was not written by this package)"),
    );
    try {
      scopeOf({});
    } catch (error) {
      expect((error as ZeroTrustError).code).toBe("unsupported");
    }
  });

  it("are named in messages as they are", () => {
    expect(describeScope({ kind: "accounts", id: ACCOUNT })).toBe(`account ${ACCOUNT}`);
    expect(describeScope({ kind: "zones", id: ZONE })).toBe(`zone ${ZONE}`);
  });

  it("a lookup takes exactly one, as a Cloudflare id", () => {
    expect(validateScopeArgs({ zoneId: ZONE.toUpperCase() })).toEqual({ ok: true, value: { zoneId: ZONE } });
    expect(reasons(validateScopeArgs({}))).toEqual(["accountId: set accountId or zoneId"]);
    expect(reasons(validateScopeArgs({ accountId: ACCOUNT, zoneId: ZONE }))).toEqual(["zoneId: accountId and zoneId are exclusive: set exactly one"]);
    expect(reasons(validateScopeArgs({ accountId: "abc" }))).toEqual(["accountId: must be a 32-character hexadecimal Cloudflare id"]);
    expect(reasons(validateScopeArgs({ accountId: `${ACCOUNT}0` }))).toEqual(["accountId: must be a 32-character hexadecimal Cloudflare id"]);
    expect(reasons(validateScopeArgs({ accountId: ACCOUNT, region: "eu" }))).toEqual(["region: is not a known property"]);
  });
});

describe("a UserAccessRevocation's inputs", () => {
  it("take triggers (any list) and the token's variable beside the revocation's arguments", () => {
    const inputs = { accountId: ACCOUNT, email: "a@example.com", triggers: [1, "x", { y: true }], apiTokenEnvVar: "TOKEN" };
    expect(validateRevocationInputs(inputs)).toEqual({ ok: true, value: inputs });
  });
  it.each([
    [{ accountId: ACCOUNT, email: "a@example.com", triggers: "x" }, "triggers: must be a list"],
    [{ accountId: ACCOUNT, email: "a@example.com", apiTokenEnvVar: "a token" }, "apiTokenEnvVar: must be the name of an environment variable, such as CLOUDFLARE_API_TOKEN_PROD"],
    [{ zoneId: ZONE, email: "a@example.com", userUid: "699d98642c564d2e855e9661899b7252" }, "userUid: is an account option; the zone endpoint takes only `email`"],
    [{ zoneId: ZONE, email: "a@example.com", warpSessionReauth: false }, "warpSessionReauth: is an account option; the zone endpoint takes only `email`"],
    [{ accountId: ACCOUNT, email: 5 }, "email: must be an email address"],
  ])("refuse %j", (inputs, message) => {
    expect(reasons(validateRevocationInputs(inputs))).toEqual([message]);
  });
});

describe("errors", () => {
  it("all share one root, each with its own name, so a catch can tell them apart", () => {
    const invalid = new InvalidArgumentsError("organization arguments", [
      { property: "sessionDuration", reason: "must be a duration" },
      { property: "accountId", reason: "set accountId or zoneId" },
    ]);
    expect(invalid).toBeInstanceOf(CloudflareError);
    expect(invalid.name).toBe("InvalidArgumentsError");
    expect(invalid.message).toBe("Invalid organization arguments: sessionDuration: must be a duration; accountId: set accountId or zoneId");
    expect(invalid.issues).toHaveLength(2);
    const refused = new ZeroTrustError("adoption_refused", "no");
    expect(refused).toBeInstanceOf(CloudflareError);
    expect([refused.name, refused.code, refused.message]).toEqual(["ZeroTrustError", "adoption_refused", "no"]);
    expect(new CloudflareError("x").name).toBe("CloudflareError");
  });
});

describe("inputs at their edges", () => {
  it("a zone organization with nothing to clear has no clear issue; an undefined argument is no argument", () => {
    expect(validateOrganizationInputs({ zoneId: ZONE, name: "Z" })).toEqual({ ok: true, value: { zoneId: ZONE, name: "Z" } });
    expect(withoutEmpty({ a: undefined, b: "x" })).toStrictEqual({ b: "x" });
  });
});
