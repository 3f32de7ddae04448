import { deviationsFrom } from "../../provider/model/baseline";
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
