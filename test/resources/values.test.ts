import { changedPaths, leaves, overlay, prune, sameValue, type ComparisonRules } from "../../provider/model/values";
// the model's sentinel is Pulumi's (test/model/unknowns.test.ts): no Pulumi load here, so `npm run mutation` stays fast
import { knownPath, restoreUnknowns, UNKNOWN as unknownValue, withoutUnknowns } from "../../provider/model/unknowns";

const rules: ComparisonRules = { durations: new Set(["d", "m.d"]), sets: new Set(["s"]) };

describe("sameValue: comparing by meaning", () => {
  it.each([
    ["durations by value", "d", "24h", "1440m", true],
    ["durations by value (Go's long form)", "d", "24h", "24h0m0s", true],
    ["nested durations", "m.d", "30m", "0.5h", true],
    ["different durations", "d", "24h", "12h", false],
    ["sets ignoring order", "s", ["totp", "security_key"], ["security_key", "totp"], true],
    ["sets with a different member", "s", ["totp"], ["totp", "biometrics"], false],
    ["ordered lists elsewhere", "x", ["a", "b"], ["b", "a"], false],
    ["false ≡ absent", "x", false, undefined, true],
    ["true ≢ absent", "x", true, undefined, false],
    ["empty string ≡ absent", "x", "", undefined, true],
    ["empty list ≡ absent", "x", [], undefined, true],
    ["object of empty strings ≡ absent", "x", { a: "", b: "" }, undefined, true],
    ["strings exactly", "x", "#FFFFFF", "#ffffff", false],
    ["a value against nothing", "x", "a", undefined, false],
  ])("%s", (_, path, a, b, same) => {
    expect(sameValue(path, a, b, rules)).toBe(same);
    expect(sameValue(path, b, a, rules)).toBe(same);
  });
});

describe("changedPaths", () => {
  it("compares only the leaves the user set", () => {
    const current = { d: "24h", other: "kept", m: { d: "1h", e: "x" } };
    expect(changedPaths({ d: "1440m", m: { d: "60m" } }, current, rules)).toEqual([]);
    expect(changedPaths({ m: { d: "2h" } }, current, rules)).toEqual(["m.d"]);
  });
  it("counts a field to clear only while it still has a value", () => {
    expect(changedPaths({}, { other: "x" }, rules, { clear: ["other", "missing"] })).toEqual(["other"]);
  });
  it("counts unknown values as changes", () => {
    expect(changedPaths({ d: unknownValue }, { d: "1h" }, rules, { isUnknown: (v) => v === unknownValue })).toEqual(["d"]);
  });
});

describe("value helpers", () => {
  it("prunes empty leaves, keeping false", () => {
    expect(prune({ a: "", b: { c: "", d: [] }, e: false, f: [1] })).toEqual({ e: false, f: [1] });
    expect(prune({ a: { b: "" } })).toBeUndefined();
  });
  it("overlays objects key by key and replaces lists", () => {
    expect(overlay({ a: { x: 1, y: 2 }, l: [1, 2], k: "keep" }, { a: { y: 3 }, l: [3], u: undefined })).toEqual({ a: { x: 1, y: 3 }, l: [3], k: "keep" });
  });
  it("lists leaves with dotted paths", () => {
    expect(leaves({ a: 1, b: { c: [1], d: { e: "x" } } })).toEqual([["a", 1], ["b.c", [1]], ["b.d.e", "x"]]);
  });
});

describe("unknown values during preview", () => {
  it("are set aside for validation and put back afterwards", () => {
    const inputs = { a: "1", b: unknownValue, c: { d: unknownValue, e: "x" }, l: ["x", unknownValue] };
    const { known, unknown } = withoutUnknowns(inputs);
    expect(known).toEqual({ a: "1", c: { e: "x" } });
    expect(unknown).toEqual(["b", "c.d", "l"]);
    expect(restoreUnknowns({ ...known, a: "normalised" }, inputs, unknown)).toEqual({ ...inputs, a: "normalised" });
    const known_ = knownPath(unknown);
    expect([known_("a"), known_("b"), known_("c"), known_("c.d"), known_("c.d.x"), known_("c.e")]).toEqual([true, false, true, false, false, true]);
  });
});
