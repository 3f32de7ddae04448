import { asSet } from "../../provider/model/common";
import { parseDuration, sameDuration } from "../../provider/model/duration";
import { isPlainObject, WireNames } from "../../provider/model/naming";
import { ORGANIZATION_RULES as RULES } from "../../provider/model/organization";
import { isUnknown, knownPath, restoreUnknowns, UNKNOWN, withoutUnknowns } from "../../provider/model/unknowns";
import { changedPaths, definedOnly, overlay, prune, sameValue, valueAt } from "../../provider/model/values";

/** Comparing by meaning, on the organization's own rules: each case is drift that is not there, or a change missed. */

describe("sameValue on the organization's settings", () => {
  it.each([
    ["the team domain in any letter case", "authDomain", "Acme.CloudflareAccess.com", "acme.cloudflareaccess.com", true],
    ["a different team domain", "authDomain", "acme.cloudflareaccess.com", "acme2.cloudflareaccess.com", false],
    ["a name only exactly", "name", "Acme", "acme", false],
    ["exempted zones in any order", "denyUnmatchedRequestsExemptedZoneNames", ["b.com", "a.com"], ["a.com", "b.com"], true],
    ["exempted zones, one repeated", "denyUnmatchedRequestsExemptedZoneNames", ["a.com", "a.com"], ["a.com"], true],
    ["a set against a scalar", "mfaConfig.allowedAuthenticators", ["totp"], "totp", false],
    ["a nested duration by length", "mfaConfig.sessionDuration", "0.5h", "30m", true],
    ["a duration against an unparsable one", "sessionDuration", "24h", "a day", false],
    ["a duration-looking text elsewhere, exactly", "uiReadOnlyToggleReason", "60m", "1h", false],
    ["a number against its string", "serviceTokenInactivity.inactivityThresholdDays", 30, "30", false],
    ["false against nothing", "isUiReadOnly", false, null, true],
    ["false against true", "isUiReadOnly", false, true, false],
    ["true against a string", "isUiReadOnly", true, "true", false],
    ["nothing against nothing", "sessionDuration", null, "", true],
    ["a value against nothing", "sessionDuration", "24h", "", false],
  ])("%s", (_, path, a, b, same) => {
    expect(sameValue(path, a, b, RULES)).toBe(same);
    expect(sameValue(path, b, a, RULES)).toBe(same);
  });

  it("changedPaths compares nested leaves by their own rules and counts a clear of an unset boolean as done", () => {
    const current = { authDomain: "ACME.cloudflareaccess.com", mfaConfig: { sessionDuration: "12h", allowedAuthenticators: ["totp", "security_key"] }, isUiReadOnly: false };
    expect(changedPaths({ authDomain: "acme.cloudflareaccess.com", mfaConfig: { sessionDuration: "720m", allowedAuthenticators: ["security_key", "totp"] } }, current, RULES)).toEqual([]);
    expect(changedPaths({}, current, RULES, { clear: ["isUiReadOnly", "mfaConfig"] })).toEqual(["mfaConfig"]);
    expect(changedPaths({ mfaConfig: { sessionDuration: "4h" } }, {}, RULES)).toEqual(["mfaConfig.sessionDuration"]);
  });
});

describe("value helpers", () => {
  it("prune keeps 0, false and non-empty lists; drops null, empty text, empty lists and empty objects", () => {
    expect(prune({ a: 0, b: false, c: null, d: "", e: [], f: {}, g: ["x"], h: "y" })).toEqual({ a: 0, b: false, g: ["x"], h: "y" });
    expect(prune(null)).toBeUndefined();
    expect(prune([])).toBeUndefined();
    expect(prune("x")).toBe("x");
    expect(prune([""])).toEqual([""]);
  });

  it("definedOnly drops undefined keys only", () => {
    expect(definedOnly({ a: undefined, b: "", c: null, d: 0 })).toEqual({ b: "", c: null, d: 0 });
    expect(definedOnly(undefined)).toEqual({});
  });

  it("valueAt follows a dotted path, and is undefined past a value that is not an object", () => {
    const value = { a: { b: { c: 1 } }, l: [{ x: 1 }], s: "text" };
    expect(valueAt(value, "a.b.c")).toBe(1);
    expect(valueAt(value, "a.b")).toEqual({ c: 1 });
    expect(valueAt(value, "a.x.c")).toBeUndefined();
    expect(valueAt(value, "l.0")).toBeUndefined();
    expect(valueAt(value, "s.length")).toBeUndefined();
  });

  it("overlay replaces an object by a scalar and a scalar by an object, and never changes its arguments", () => {
    const base = { a: { x: 1 }, b: 2 };
    expect(overlay(base, { a: "flat", b: { y: 1 } })).toEqual({ a: "flat", b: { y: 1 } });
    expect(overlay(base, { a: { y: 2 } })).toEqual({ a: { x: 1, y: 2 }, b: 2 });
    expect(base).toEqual({ a: { x: 1 }, b: 2 });
  });

  it("a set is sorted (numbers as numbers) and without repeats", () => {
    expect(asSet([384, 256, 4096, 256])).toEqual([256, 384, 4096]);
    expect(asSet(["totp", "biometrics", "totp"])).toEqual(["biometrics", "totp"]);
    expect(asSet([])).toEqual([]);
  });

  it("a plain object is neither null, a list nor a scalar", () => {
    expect([{}, null, [], "x", 1, undefined].map(isPlainObject)).toEqual([true, false, false, false, false, false]);
  });
});

describe("unknown values (a preview's values another resource computes)", () => {
  it("are the sentinel, alone or in a list; nothing else is", () => {
    expect([UNKNOWN, [UNKNOWN], ["a", [UNKNOWN]], "", "a", [], ["a"], null, { a: UNKNOWN }].map(isUnknown)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("set aside at every depth and put back where they were, over an object the known part lacks", () => {
    const original = { a: { b: { c: UNKNOWN, d: 1 } }, e: UNKNOWN };
    const { known, unknown } = withoutUnknowns(original);
    expect(known).toEqual({ a: { b: { d: 1 } } });
    expect(unknown).toEqual(["a.b.c", "e"]);
    expect(restoreUnknowns({}, original, unknown)).toEqual({ a: { b: { c: UNKNOWN } }, e: UNKNOWN });
    expect(restoreUnknowns({ a: "flat" }, original, ["a.b.c"])).toEqual({ a: { b: { c: UNKNOWN } } });
    expect(knownPath([])("anything")).toBe(true);
    expect(knownPath(["a.b"])("a.bc")).toBe(true);
  });
});

describe("durations (Go syntax)", () => {
  it.each([
    ["300ms", 300e6],
    ["2h45m", (2 * 60 + 45) * 60e9],
    ["1.5h", 5400e9],
    [".5m", 30e9],
    ["1.m", 60e9],
    ["+2s", 2e9],
    ["0", 0],
    ["1ns", 1],
    ["1us", 1e3],
    ["1µs", 1e3],
    ["1μs", 1e3],
    ["3h2m1s", 3 * 3600e9 + 2 * 60e9 + 1e9],
  ])("%s is %d ns", (text, ns) => {
    expect(parseDuration(text)?.ns).toBe(ns);
  });

  it.each(["", "+", "-1h", "1", "h", "1d", "1h ", " 1h", "1hh", "1h-2m", "0.", "2562048h"])("%j is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("knows which units a duration uses, and compares by length", () => {
    expect([...parseDuration("1h30m10s")!.units]).toEqual(["h", "m", "s"]);
    expect(parseDuration("0")!.units.size).toBe(0);
    expect(sameDuration("90m", "1h30m")).toBe(true);
    expect(sameDuration("90m", "1h31m")).toBe(false);
    expect(sameDuration("x", "x")).toBe(false);
    // the largest Go duration is about 2562047h47m
    expect(parseDuration("2562047h")).toBeDefined();
  });
});

describe("wire names", () => {
  const names = new WireNames({ mfaConfig: { sessionDuration: {} }, warpAuthNonBrowser401: {}, fido2Only: {} });
  it("spell a modelled name as the API does, digits included, and no other name", () => {
    expect(names.wireName("warpAuthNonBrowser401")).toBe("warp_auth_non_browser_401");
    expect(names.wireName("fido2Only")).toBe("fido_2_only");
    expect(names.pulumiName("mfa_config")).toBe("mfaConfig");
    expect(names.wireName("mfa_config")).toBeUndefined();
    expect(names.pulumiName("mfaConfig")).toBeUndefined();
    expect(names.names).toEqual(["mfaConfig", "warpAuthNonBrowser401", "fido2Only"]);
  });

  it("a modelled object's members, both ways; none for a scalar or a name not modelled", () => {
    expect(names.members("mfaConfig")!.wireName("sessionDuration")).toBe("session_duration");
    expect(names.wireMembers("mfa_config")!.pulumiName("session_duration")).toBe("sessionDuration");
    expect(names.members("mfaConfig")!.hasMembers).toBe(true);
    expect(names.members("fido2Only")!.hasMembers).toBe(false);
    expect(names.members("other")).toBeUndefined();
    expect(names.wireMembers("other")).toBeUndefined();
  });

  it("rename the objects in a list, and leave a value that is not an object as it is", () => {
    const list = new WireNames({ rules: { ruleName: {} } });
    expect(list.toWire({ rules: [{ ruleName: "a" }, "x"] })).toEqual({ rules: [{ rule_name: "a" }, "x"] });
    expect(list.fromWire({ rules: [{ rule_name: "a" }] })).toEqual({ rules: [{ ruleName: "a" }] });
    expect(list.toWire("text")).toBe("text");
    expect(names.wirePath("other.path")).toBe("other.path");
    expect(names.wirePath("mfaConfig")).toBe("mfa_config");
  });
});

describe("sameValue with a value of the wrong kind for its rule", () => {
  it("compares it exactly instead of by the rule (a number is no duration, no domain name)", () => {
    expect(sameValue("sessionDuration", 5, "5h", RULES)).toBe(false);
    expect(sameValue("sessionDuration", 5, 5, RULES)).toBe(true);
    expect(sameValue("authDomain", 5, "5", RULES)).toBe(false);
    expect(sameValue("authDomain", ["A.com"], ["a.com"], RULES)).toBe(false);
  });
});

describe("overlay with undefined", () => {
  it("changes nothing where `over` says undefined, at any depth, and adds no key for it", () => {
    expect(overlay({ k: 1, o: { a: 1 } }, { k: undefined, o: { a: undefined }, u: undefined })).toStrictEqual({ k: 1, o: { a: 1 } });
  });
});
