import { account, accountAndZone, answered, duration, flag, type SettingsOf, type Table } from "../../provider/model/fields";
import { assess, baselineForScope } from "../../provider/model/baseline";
import { organizationInputsValidator } from "../../provider/model/inputs";
import { organizationValidator } from "../../provider/model/organization";
import { SETTINGS } from "../../provider/model/settings";
import { OPENAPI_DOCUMENT, resolveSchema } from "../../provider/model/spec";
import { comparisonRulesOf, settingNamesOf, strictnessOf, wireNamesOf, zoneSettingsOf } from "../../provider/model/table";
import { sameValue } from "../../provider/model/values";
import { organizationWireOf } from "../../provider/model/wire";
import { render, zoneFieldsOf } from "../../provider/testing/organizations";
import { ACCOUNT, ZONE } from "../support/client";

type Json = Record<string, unknown>;

/**
 * Adding a setting is one table entry: a copy of the table with two hypothetical settings (a flag the zone endpoint
 * has too, stricter when true, and an account duration) and nothing else edited, and every list, validator, mapping,
 * comparison, strictness and rendering derived from the table knows them.
 */
describe("a setting added to the table", () => {
  const TABLE = {
    ...SETTINGS,
    /** A hypothetical flag both endpoints have. Unset: Cloudflare's value is kept. */
    exampleFlag: accountAndZone(flag({ unset: answered(false), stricter: "true" })),
    /** A hypothetical account duration, at most 48h. Unset: Cloudflare's value is kept. */
    exampleDuration: account(duration({ maxHours: 48 }, { unset: answered(""), stricter: "shorter" })),
  } satisfies Table;

  it("is an argument and an output, of its type", () => {
    expect(settingNamesOf(TABLE)).toEqual([...settingNamesOf(SETTINGS), "exampleFlag", "exampleDuration"]);
    const typed: SettingsOf<typeof TABLE> = { exampleFlag: true, exampleDuration: "24h" };
    // @ts-expect-error: the derived type takes a boolean only
    const wrong: SettingsOf<typeof TABLE> = { exampleFlag: "yes" };
    expect([typed, wrong]).toHaveLength(2);
  });

  it("is validated, named in each issue, and its scope is checked", () => {
    const validate = organizationValidator(TABLE);
    expect(validate({ accountId: ACCOUNT, exampleFlag: true, exampleDuration: "1440m" })).toEqual({
      ok: true,
      value: { accountId: ACCOUNT, exampleFlag: true, exampleDuration: "1440m" },
    });
    expect(validate({ accountId: ACCOUNT, exampleFlag: "yes", exampleDuration: "72h" })).toEqual({
      ok: false,
      issues: [
        { property: "exampleFlag", reason: "Invalid input: expected boolean, received string" },
        { property: "exampleDuration", reason: "must be at most 48h (got 72h)" },
      ],
    });
    expect(validate({ zoneId: ZONE, exampleFlag: true })).toEqual({ ok: true, value: { zoneId: ZONE, exampleFlag: true } });
    const zone = validate({ zoneId: ZONE, exampleDuration: "1h" });
    expect(zone.ok ? [] : zone.issues.map((issue) => issue.property)).toEqual(["exampleDuration"]);
    expect(zoneSettingsOf(TABLE)).toEqual([...zoneSettingsOf(SETTINGS), "exampleFlag"]);
    // the resource's inputs: `clear` may name it
    const inputs = organizationInputsValidator(TABLE)({ accountId: ACCOUNT, clear: ["exampleDuration"] });
    expect(inputs).toEqual({ ok: true, value: { accountId: ACCOUNT, clear: ["exampleDuration"] } });
  });

  it("has a wire name both ways, and a typed place in the answer it is read from", () => {
    const names = wireNamesOf(TABLE);
    expect(names.wireName("exampleFlag")).toBe("example_flag");
    expect(names.fromWire({ example_duration: "2h", example_unknown: 1 })).toEqual({ exampleDuration: "2h", example_unknown: 1 });
    const accounts = organizationWireOf(TABLE, "accounts");
    expect(accounts.safeParse({ example_flag: true, example_duration: null }).success).toBe(true);
    expect(accounts.safeParse({ example_flag: "yes" }).success).toBe(false);
    // an account field is not the zone's: a zone answer keeps it untyped, as read
    expect(organizationWireOf(TABLE, "zones").safeParse({ example_duration: 5 }).success).toBe(true);
  });

  it("compares by its kind's rule, and has its strictness for the baseline", () => {
    const rules = comparisonRulesOf(TABLE);
    expect(sameValue("exampleDuration", "24h", "1440m", rules)).toBe(true);
    expect(sameValue("exampleFlag", false, undefined, rules)).toBe(true);
    expect(strictnessOf(TABLE).get("exampleDuration")).toBe("shorter");
    const baseline = { exampleFlag: true, exampleDuration: "24h" };
    expect(assess(baseline, { exampleFlag: true, exampleDuration: "12h" }, [], TABLE).deviations).toEqual([]);
    expect(assess(baseline, { exampleFlag: false, exampleDuration: "30h" }, [], TABLE).deviations.map((d) => d.wants)).toEqual(["true", "24h or shorter"]);
    expect(baselineForScope("zone", baseline, TABLE)).toEqual({ exampleFlag: true });
  });

  it("is answered by the local API as the table says Cloudflare answers it unset, in its scope", () => {
    expect(render("accounts", { name: "Acme" }, {}, TABLE)).toMatchObject({ example_flag: false, example_duration: "" });
    expect(render("zones", { name: "Acme" }, {}, TABLE)).toMatchObject({ example_flag: false });
    expect(render("zones", { name: "Acme" }, {}, TABLE)).not.toHaveProperty("example_duration");
    expect(zoneFieldsOf(TABLE)).toEqual([...zoneFieldsOf(SETTINGS), "example_flag"]);
  });
});

/**
 * The table writes no fact the OpenAPI excerpt owns (what each operation takes), and agrees with the ones both hold.
 * (That every name of the table is a field the excerpt documents, at its depth: test/schemas/naming.test.ts.)
 */
describe("the settings table, against the OpenAPI excerpt", () => {
  const properties = (schema: Json) => (resolveSchema(OPENAPI_DOCUMENT, schema).properties ?? {}) as Record<string, Json>;

  it("gives the zone endpoint exactly the settings its read documents", () => {
    const names = wireNamesOf(SETTINGS);
    const zoneRead = resolveSchema(OPENAPI_DOCUMENT, (OPENAPI_DOCUMENT.paths as Record<string, Json>)["/zones/{zone_id}/access/organizations"]!.get as Json) as Json;
    const result = properties(((zoneRead.responses as Json)["200"] as { content: { "application/json": { schema: Json } } }).content["application/json"].schema).result!;
    const documented = Object.keys(properties(result));
    expect(zoneSettingsOf(SETTINGS).map((name) => names.wireName(name))).toEqual(settingNamesOf(SETTINGS).map((name) => names.wireName(name)!).filter((wire) => documented.includes(wire)));
  });
});
