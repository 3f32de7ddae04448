import { runs } from "../support/seed";
import fc from "fast-check";
import { assess, deviationsFrom, describeDeviation } from "../../provider/model/baseline";
import { PRESETS } from "../../provider/model/presets";
import { parseDuration } from "../../provider/model/duration";
import type { PlainObject } from "../../provider/model/naming";

const recommended = PRESETS.recommended as PlainObject;
const strict = PRESETS.strict as PlainObject;
/** The recommended preset with one setting replaced (a dotted path). */
function recommendedWith(path: string, value: unknown): PlainObject {
  return settingsWith(recommended, path, value);
}
/** Settings with one setting replaced (a dotted path). */
function settingsWith(settings: PlainObject, path: string, value: unknown): PlainObject {
  const copy = structuredClone(settings);
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce((node, key) => node[key] as PlainObject, copy);
  if (value === undefined) delete parent[keys.at(-1)!];
  else parent[keys.at(-1)!] = value;
  return copy;
}

/** The recommended preset, with PIV keys allowed: where its PIV-key requirements take effect. */
const RECOMMENDED_WITH_PIV = recommendedWith("mfaConfig.allowedAuthenticators", ["security_key", "biometrics", "totp", "piv_key"]);

describe("deviationsFrom: the live organization against a baseline", () => {
  it("finds nothing when the organization is the baseline", () => {
    expect(deviationsFrom(recommended, recommended)).toEqual([]);
    expect(deviationsFrom(strict, strict)).toEqual([]);
  });

  it("compares by meaning: durations by value, sets in any order", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(["security_key", "biometrics", "totp"], { minLength: 3 }), fc.boolean(), (authenticators, minutes) => {
        const live = recommendedWith("mfaConfig.allowedAuthenticators", authenticators);
        (live as { sessionDuration: string }).sessionDuration = minutes ? "1440m" : "24h0m0s";
        expect(deviationsFrom(recommended, live)).toEqual([]);
      }),
    );
  });

  it("lists every weaker setting of a recommended organization against strict, in the baseline's order", () => {
    // the recommended authenticators have no infrastructure SSH key: its PIV-key requirements have no effect
    expect(deviationsFrom(strict, recommended).map(describeDeviation)).toEqual([
      "sessionDuration: 24h (baseline wants 8h or shorter)",
      "mfaConfig.allowedAuthenticators: security_key, biometrics, totp (baseline wants a subset of security_key)",
      "mfaConfig.sessionDuration: 12h (baseline wants 4h or shorter)",
      "mfaConfig.amrMatchingSessionDuration: (unset) (baseline wants 0m or shorter)",
    ]);
    const withPivKeys = recommendedWith("mfaConfig.allowedAuthenticators", ["security_key", "piv_key"]);
    expect(deviationsFrom(strict, withPivKeys).map(describeDeviation)).toEqual([
      "sessionDuration: 24h (baseline wants 8h or shorter)",
      "mfaConfig.allowedAuthenticators: security_key, piv_key (baseline wants a subset of security_key)",
      "mfaConfig.sessionDuration: 12h (baseline wants 4h or shorter)",
      "mfaConfig.amrMatchingSessionDuration: (unset) (baseline wants 0m or shorter)",
      "mfaPivKeyRequirements.pinPolicy: once (baseline wants always)",
      "mfaPivKeyRequirements.touchPolicy: cached (baseline wants always)",
      "mfaPivKeyRequirements.requireFipsDevice: false (baseline wants true)",
      "mfaPivKeyRequirements.sshKeyType: ecdsa, ed25519 (baseline wants a subset of ecdsa)",
      "mfaPivKeyRequirements.sshKeySize: 256, 384 (baseline wants a subset of 384)",
    ]);
    // a strict organization meets the recommended baseline: every strict value is stricter
    expect(deviationsFrom(recommended, strict)).toEqual([]);
  });

  it.each([
    // [path, live value, complies with recommended]
    ["sessionDuration", "8h", true],
    ["sessionDuration", "30m", true],
    ["sessionDuration", "24h1s", false],
    ["sessionDuration", "720h", false],
    ["sessionDuration", undefined, false],
    ["mfaConfig.sessionDuration", "0m", true],
    ["mfaConfig.sessionDuration", "13h", false],
    ["mfaConfig.allowedAuthenticators", ["security_key"], true],
    ["mfaConfig.allowedAuthenticators", ["totp", "biometrics"], true],
    ["mfaConfig.allowedAuthenticators", ["security_key", "piv_key"], false],
    ["mfaConfig.allowedAuthenticators", [], false],
    ["mfaConfig.allowedAuthenticators", undefined, false],
    ["mfaPivKeyRequirements.pinPolicy", "always", true],
    ["mfaPivKeyRequirements.pinPolicy", "never", false],
    ["mfaPivKeyRequirements.pinPolicy", undefined, false],
    ["mfaPivKeyRequirements.touchPolicy", "always", true],
    ["mfaPivKeyRequirements.touchPolicy", "never", false],
    ["mfaPivKeyRequirements.sshKeyType", ["ed25519"], true],
    ["mfaPivKeyRequirements.sshKeyType", ["ecdsa", "rsa"], false],
    ["mfaPivKeyRequirements.sshKeySize", [384], true],
    ["mfaPivKeyRequirements.sshKeySize", [256, 2048], false],
    ["mfaPivKeyRequirements.requireFipsDevice", true, true], // stricter than the baseline's false
    ["mfaPivKeyRequirements.requireFipsDevice", undefined, true],
    ["mfaRequiredForAllApps", false, false],
    ["mfaRequiredForAllApps", undefined, false],
  ])("recommended: %s = %j complies: %s", (path, value, complies) => {
    // PIV-key requirements are judged where they take effect: with an infrastructure SSH authenticator allowed
    const base = path.startsWith("mfaPivKeyRequirements.") ? RECOMMENDED_WITH_PIV : recommended;
    const deviations = deviationsFrom(base, settingsWith(base, path, value));
    expect(deviations.map((d) => d.path)).toEqual(complies ? [] : [path]);
  });

  it.each([
    [["totp", "security_key"], false],
    [undefined, false],
    [["piv_key"], true],
    [["totp", "ssh_fido2_key"], true],
  ])("PIV-key requirements with allowedAuthenticators %j take effect: %s", (authenticators, inEffect) => {
    const live = { mfaConfig: { allowedAuthenticators: authenticators }, mfaPivKeyRequirements: { pinPolicy: "never" } };
    const baseline = { mfaPivKeyRequirements: { pinPolicy: "once", touchPolicy: "cached", sshKeyType: ["ecdsa"] } };
    expect(deviationsFrom(baseline, live).map(describeDeviation)).toEqual(
      inEffect
        ? [
            "mfaPivKeyRequirements.pinPolicy: never (baseline wants once or always)",
            "mfaPivKeyRequirements.touchPolicy: (unset) (baseline wants cached or always)",
            "mfaPivKeyRequirements.sshKeyType: (unset) (baseline wants a subset of ecdsa)",
          ]
        : [],
    );
  });

  it("says what the baseline wants, with null for an unset value", () => {
    expect(deviationsFrom(RECOMMENDED_WITH_PIV, settingsWith(RECOMMENDED_WITH_PIV, "mfaPivKeyRequirements.pinPolicy", undefined))).toEqual([
      { path: "mfaPivKeyRequirements.pinPolicy", live: null, baseline: "once", wants: "once or always" },
    ]);
    expect(describeDeviation({ path: "sessionDuration", live: "48h", baseline: "24h", wants: "24h or shorter" })).toBe(
      "sessionDuration: 48h (baseline wants 24h or shorter)",
    );
  });

  it("any duration not longer than the baseline's complies, any longer one does not (seeded)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 48 * 60 }), (minutes) => {
        const live = recommendedWith("mfaConfig.sessionDuration", `${minutes}m`);
        const longer = minutes * 60e9 > parseDuration("12h")!.ns;
        expect(deviationsFrom(recommended, live).length).toBe(longer ? 1 : 0);
      }),
      { numRuns: runs(200) },
    );
  });

  it("settings without a stricter side must mean the same", () => {
    const baseline = { autoRedirectToIdentity: true, loginDesign: { textColor: "#000000" }, warpAuthSessionDuration: "1h" };
    expect(deviationsFrom(baseline, { autoRedirectToIdentity: true, loginDesign: { textColor: "#000000" }, warpAuthSessionDuration: "60m" })).toEqual([]);
    expect(deviationsFrom(baseline, { loginDesign: { textColor: "#ffffff" } }).map(describeDeviation)).toEqual([
      "autoRedirectToIdentity: (unset) (baseline wants true)",
      "loginDesign.textColor: #ffffff (baseline wants #000000)",
      "warpAuthSessionDuration: (unset) (baseline wants 1h or shorter)",
    ]);
  });
});

describe("assess: settings with values not known yet", () => {
  it("neither passes nor fails an unknown value, nor what an unknown value decides", () => {
    const settings = { sessionDuration: "48h", mfaConfig: { sessionDuration: "x", allowedAuthenticators: "x" }, mfaRequiredForAllApps: true };
    const result = assess(recommended, settings, ["mfaConfig.sessionDuration", "mfaConfig.allowedAuthenticators"]);
    expect(result.deviations.map(describeDeviation)).toEqual(["sessionDuration: 48h (baseline wants 24h or shorter)"]);
    expect(result.unknown).toEqual([
      "mfaConfig.allowedAuthenticators",
      "mfaConfig.sessionDuration",
      "mfaPivKeyRequirements.pinPolicy",
      "mfaPivKeyRequirements.touchPolicy",
      "mfaPivKeyRequirements.sshKeyType",
      "mfaPivKeyRequirements.sshKeySize",
      "mfaPivKeyRequirements.requireFipsDevice",
    ]);
  });

  it("an unknown object makes every setting inside it unknown", () => {
    expect(assess(strict, strict, ["mfaPivKeyRequirements"])).toEqual({ deviations: [], unknown: [] }); // no PIV key allowed: no effect
    const withPiv = settingsWith(strict, "mfaConfig.allowedAuthenticators", ["piv_key"]);
    expect(assess(strict, withPiv, ["mfaPivKeyRequirements"]).unknown).toEqual(Object.keys(strict.mfaPivKeyRequirements as object).map((k) => `mfaPivKeyRequirements.${k}`));
  });
});
