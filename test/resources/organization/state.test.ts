import type { OrganizationInputs } from "../../../provider/model/inputs";
import type { Scope } from "../../../provider/model/scope";
import { bookkeeping, keptBookkeeping, organizationOutputs } from "../../../provider/resources/organization/state";
import { PLAN_INPUT } from "../../../provider/resources/planInput";
import { SECRET_ARGUMENTS, secretArgumentsOf } from "../../../provider/resources/planInput";
import { ACCOUNT } from "../../support/client";

/**
 * What a resource records in its state beyond Cloudflare's settings: read, update and delete get only outputs, so
 * what they need (whether it adopted, what to restore, which arguments are secret) must survive a round trip.
 */

const scope: Scope = { kind: "accounts", id: ACCOUNT };
const org = { name: "Acme", auth_domain: "acme.cloudflareaccess.com", session_duration: "24h", created_at: "2026-01-01T00:00:00Z" };

describe("the outputs", () => {
  it("are the organization's state plus the bookkeeping that is set, and nothing empty", () => {
    expect(organizationOutputs(scope, org, { adopted: false })).toEqual({
      accountId: ACCOUNT,
      name: "Acme",
      authDomain: "acme.cloudflareaccess.com",
      sessionDuration: "24h",
      createdAt: "2026-01-01T00:00:00Z",
      adopted: false,
    });
    const empty = organizationOutputs(scope, org, { adopted: true, managedSettings: [], clear: [], secretArguments: [], restoreOnDelete: false, apiTokenEnvVar: "" });
    for (const key of ["managedSettings", "clear", SECRET_ARGUMENTS, "restoreOnDelete", "apiTokenEnvVar", "settingsBeforeAdoption"]) expect(empty).not.toHaveProperty(key);
    expect(empty.adopted).toBe(true);
  });

  it("record everything a later method needs: what was there before, what is managed, the token's variable, the secret names", () => {
    const book = {
      adopted: true,
      settingsBeforeAdoption: { sessionDuration: "12h" },
      managedSettings: ["sessionDuration"],
      restoreOnDelete: true,
      clear: ["loginDesign"],
      apiTokenEnvVar: "CLOUDFLARE_API_TOKEN_PROD",
      secretArguments: ["name"],
    };
    const outputs = organizationOutputs(scope, org, structuredClone(book));
    expect(outputs).toMatchObject(book);
    // and read back, every item survives the round trip through outputs
    expect(keptBookkeeping(outputs)).toEqual(book);
  });
});

describe("the bookkeeping", () => {
  const inputs: OrganizationInputs = { accountId: ACCOUNT, sessionDuration: "8h", restoreOnDelete: true, clear: ["loginDesign"], apiTokenEnvVar: "TOKEN" };

  it("of a create: not adopted unless it was, the managed paths, the options, the secret names", () => {
    expect(bookkeeping(inputs, { sessionDuration: "8h" }, ["sessionDuration"])).toEqual({
      secretArguments: ["sessionDuration"],
      adopted: false,
      settingsBeforeAdoption: undefined,
      managedSettings: ["loginDesign", "sessionDuration"],
      restoreOnDelete: true,
      clear: ["loginDesign"],
      apiTokenEnvVar: "TOKEN",
    });
  });

  it("of an update carries over what only the first create could know: the adoption and what was there before", () => {
    const previous = { adopted: true, settingsBeforeAdoption: { sessionDuration: "24h" } };
    expect(bookkeeping(inputs, { sessionDuration: "8h" }, [], previous)).toMatchObject(previous);
    // only a recorded `true` is an adoption
    expect(bookkeeping(inputs, {}, [], { adopted: "true" }).adopted).toBe(false);
  });

  it("a refresh keeps only what the outputs say, and a value of the wrong kind is no value", () => {
    expect(keptBookkeeping({ adopted: "yes", restoreOnDelete: 1 })).toEqual({
      adopted: false,
      settingsBeforeAdoption: undefined,
      managedSettings: undefined,
      restoreOnDelete: false,
      clear: undefined,
      apiTokenEnvVar: undefined,
      secretArguments: [],
    });
  });
});

describe("the names of the arguments given as secrets", () => {
  it("come from the plan input (inputs) and from the outputs, once each, sorted; only names", () => {
    expect(secretArgumentsOf({ [PLAN_INPUT]: { name: "org", secrets: ["name", "authDomain"] } })).toEqual(["authDomain", "name"]);
    expect(secretArgumentsOf({ [SECRET_ARGUMENTS]: ["name", 7, "name"] })).toEqual(["name"]);
    expect(secretArgumentsOf({ [PLAN_INPUT]: { secrets: ["authDomain"] }, [SECRET_ARGUMENTS]: ["name", "authDomain"] })).toEqual(["authDomain", "name"]);
    expect(SECRET_ARGUMENTS).toBe("secretArguments");
  });

  it("are none when neither says, or either is not what it should be", () => {
    expect(secretArgumentsOf({})).toEqual([]);
    expect(secretArgumentsOf({ [PLAN_INPUT]: "unknown", [SECRET_ARGUMENTS]: "name" })).toEqual([]);
    expect(secretArgumentsOf({ [PLAN_INPUT]: { name: "org" } })).toEqual([]);
    expect(PLAN_INPUT).toBe("__plan");
  });
});
