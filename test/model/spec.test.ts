import { z } from "zod";
import { validateOrganizationArgs } from "../../provider/model/organization";
import { duration } from "../../provider/model/schema";
import { bodyFor, nodeAt, resolveSchema } from "../../provider/model/spec";

/** Reading the OpenAPI excerpt (what each write carries), and the messages of checks the table's fields do not all reach. */

describe("the OpenAPI reader", () => {
  const doc = {
    components: {
      schemas: {
        "a/b": { type: "object", properties: { x: { type: "string" } } },
        "c~d": { type: "string" },
        base: { properties: { id: { type: "string" } } },
        merged: { allOf: [{ $ref: "#/components/schemas/base" }, { properties: { name: { type: "string" } } }], properties: { own: { type: "boolean" } } },
      },
    },
  };

  it("follows a pointer, unescaping `~1` and `~0` as JSON Pointer says, and keeps a readOnly set beside a $ref", () => {
    expect(resolveSchema(doc, { $ref: "#/components/schemas/a~1b" })).toEqual(doc.components.schemas["a/b"]);
    expect(resolveSchema(doc, { $ref: "#/components/schemas/c~0d", readOnly: true })).toEqual({ type: "string", readOnly: true });
    expect(resolveSchema(doc, { $ref: "#/components/schemas/c~0d" })).toEqual({ type: "string" });
    expect(nodeAt(doc, ["components", "schemas", "missing", "deeper"])).toBeUndefined();
  });

  it("merges the members of an allOf with the schema's own", () => {
    expect(Object.keys(resolveSchema(doc, { $ref: "#/components/schemas/merged" }).properties as object)).toEqual(["id", "name", "own"]);
  });

  it("a write carries what its operation documents, and a field documented nowhere, at every depth", () => {
    const organization = { name: "A", created_at: "t", mfa_config: { session_duration: "1h", brand_new: 1 }, brand_new_top: { x: 1 } };
    expect(bodyFor("accounts", "put", organization)).toEqual({ name: "A", mfa_config: { session_duration: "1h", brand_new: 1 }, brand_new_top: { x: 1 } });
    // the zone PUT has no MFA: a field of the other scope is never sent
    expect(bodyFor("zones", "put", organization)).toEqual({ name: "A", brand_new_top: { x: 1 } });
    // a documented object that is not one as read goes as it is
    expect(bodyFor("accounts", "put", { mfa_config: "odd" })).toEqual({ mfa_config: "odd" });
  });
});

describe("messages", () => {
  const check = (schema: z.ZodType, value: string) => {
    const r = schema.safeParse(value);
    return r.success ? "ok" : r.error.issues[0]!.message;
  };

  it("a bound from 0 says its unit: seconds for any duration, minutes for minutes-or-hours", () => {
    expect(check(duration({ minHours: 0, maxHours: 1 }), "2h")).toBe("must be between 0s and 1h (got 2h)");
    expect(check(duration({ minHours: 2, maxHours: 3 }), "1h")).toBe("must be between 2h and 3h (got 1h)");
    expect(check(duration({ maxHours: 1 }), "61m")).toBe("must be at most 1h (got 61m)");
    expect(check(duration({ maxHours: 1 }), "60m")).toBe("ok");
  });

  it("arguments that are not an object are named as the arguments", () => {
    expect(validateOrganizationArgs("x")).toEqual({ ok: false, issues: [{ property: "(arguments)", reason: "Invalid input: expected object, received string" }] });
  });
});
