import { baselineForScope, describeDeviation, deviationsFrom } from "../../provider/model/baseline";
import type { PlainObject } from "../../provider/model/naming";
import { validateOrganizationArgs } from "../../provider/model/organization";
import { PRESETS } from "../../provider/model/presets";
import { ACCOUNT } from "../support/client";

/** The presets HardenedZeroTrustOrganization fills in: shared by every organization of a program, so never changed. */
describe("the presets", () => {
  it("are frozen all the way down: one organization cannot change another's defaults", () => {
    const recommended = PRESETS.recommended as PlainObject;
    expect(Object.isFrozen(PRESETS)).toBe(true);
    expect(Object.isFrozen(recommended)).toBe(true);
    expect(Object.isFrozen(recommended.mfaConfig)).toBe(true);
    expect(Object.isFrozen((recommended.mfaConfig as PlainObject).allowedAuthenticators)).toBe(true);
    expect(Object.isFrozen((PRESETS.strict.mfaPivKeyRequirements as PlainObject).sshKeySize)).toBe(true);
  });

  it("are valid arguments as they are, and strict is at least as strict as recommended everywhere", () => {
    for (const preset of Object.values(PRESETS)) expect(validateOrganizationArgs({ accountId: ACCOUNT, ...preset })).toMatchObject({ ok: true });
    expect(deviationsFrom(PRESETS.recommended as PlainObject, PRESETS.strict as PlainObject)).toEqual([]);
    expect(Object.keys(PRESETS)).toEqual(["recommended", "strict"]);
  });
});

describe("the baseline's rules at their edges", () => {
  it("an account organization is judged on the whole baseline", () => {
    const baseline = PRESETS.strict as PlainObject;
    expect(baselineForScope("account", baseline)).toBe(baseline);
  });

  it("a duration complies only when both it and the baseline's parse, and it is not longer", () => {
    expect(deviationsFrom({ sessionDuration: "24h" }, { sessionDuration: "1d" }).map(describeDeviation)).toEqual(["sessionDuration: 1d (baseline wants 24h or shorter)"]);
    expect(deviationsFrom({ sessionDuration: "a day" }, { sessionDuration: "1h" })).toHaveLength(1);
    expect(deviationsFrom({ sessionDuration: "24h" }, { sessionDuration: "1440m" })).toEqual([]);
  });

  it("a ranked policy complies at the baseline's rank or a stricter one, never with a value outside the ranks", () => {
    const baseline = { mfaPivKeyRequirements: { pinPolicy: "once" } };
    const piv = (pinPolicy: unknown) => ({ mfaConfig: { allowedAuthenticators: ["piv_key"] }, mfaPivKeyRequirements: { pinPolicy } });
    expect(["never", "once", "always", "sometimes", 7].map((p) => deviationsFrom(baseline, piv(p)).length)).toEqual([1, 0, 0, 1, 1]);
    expect(deviationsFrom(baseline, piv("never"))[0]!.wants).toBe("once or always");
  });

  it("an allow-list complies as a non-empty subset; unset or empty does not", () => {
    const baseline = { mfaConfig: { allowedAuthenticators: ["security_key", "totp"] } };
    const live = (allowedAuthenticators: unknown) => ({ mfaConfig: { allowedAuthenticators } });
    expect([["totp"], ["totp", "security_key"], ["totp", "biometrics"], [], undefined].map((a) => deviationsFrom(baseline, live(a)).length)).toEqual([0, 0, 1, 1, 1]);
    expect(describeDeviation(deviationsFrom(baseline, live([]))[0]!)).toBe("mfaConfig.allowedAuthenticators: (unset) (baseline wants a subset of security_key, totp)");
  });
});
