import { z } from "zod";
import { asSet, withoutEmpty, type Known, type SchemaIssue, type Validation, type Validator } from "./common";
import { HOUR_NS, parseDuration, type DurationRule } from "./duration";
import type { Field, Table } from "./fields";
import { wireNamesOf } from "./table";

/**
 * The zod schemas: the checks of every argument (each field kind's, from the table) and the lenient shapes answers
 * are read with. Everything here is `@internal`: the build strips it from the declaration files (`stripInternal`), and
 * what other modules export from it is typed without zod (`Validator<T>`, `WireSchema<T>`), so a user's type check
 * never reads zod's typings (test/model/declarations.test.ts).
 */

/**
 * Account and zone ids are 32 hexadecimal characters; anything else could not name an object and is refused.
 * Lower-cased, as Cloudflare writes them, so one id typed two ways is one id.
 *
 * @internal
 */
export function cloudflareId() {
  return z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, "must be a 32-character hexadecimal Cloudflare id")
    .transform((id) => id.toLowerCase());
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** @internal A DNS name such as `example.cloudflareaccess.com` (at least two labels); `what`: what the message asks for. */
export function hostname(what: string) {
  return z
    .string()
    .refine(
      (name) => name.length <= 253 && name.split(".").length >= 2 && name.split(".").every((l) => LABEL.test(l)),
      `must be ${what}`,
    );
}

/** @internal A UUID, lower-cased so that two spellings of one id compare equal. */
export function uuid() {
  return z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID")
    .transform((id) => id.toLowerCase());
}


/** @internal Turns zod's issues into `property: reason` pairs that name the field the way the user wrote it. */
export function issuesOf(error: z.ZodError): SchemaIssue[] {
  return error.issues.flatMap((issue): SchemaIssue[] => {
    const at = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ property: at ? `${at}.${key}` : key, reason: "is not a known property" }));
    }
    return [{ property: at || "(arguments)", reason: issue.message }];
  });
}


/**
 * One resource's validation: its fields (each with its own constraints and normalisation), then `rules` between
 * fields, which skip values not known yet. Empty values are unset (`withoutEmpty`). Every issue is reported, each
 * with its path.
 *
 * @internal
 */
export function validator<S extends z.ZodType>(fields: S, rules: (value: z.output<S>, known: Known) => SchemaIssue[]): Validator<z.output<S>> {
  const refined = (known: Known) =>
    fields.superRefine((value, ctx) => {
      for (const { property, reason } of rules(value, known)) {
        ctx.addIssue({ code: "custom", path: property.split("."), message: reason });
      }
    });
  // Built once: every value is known outside a preview, and building a schema costs far more than using it.
  const everythingKnown = refined(() => true);
  return (input: unknown, known?: Known): Validation<z.output<S>> => {
    const parsed = (known ? refined(known) : everythingKnown).safeParse(withoutEmpty(input));
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: issuesOf(parsed.error) };
  };
}

/** @internal The option every resource here takes: the name (never the value) of an environment variable holding its token. */
export const apiTokenEnvVar = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable, such as CLOUDFLARE_API_TOKEN_PROD");


const SYNTAX = "must be a duration such as 300ms or 2h45m (units ns, us or µs, ms, s, m, h)";
const MH_SYNTAX = "must be a duration in minutes (m) or hours (h), such as 30m or 2h45m";

/** @internal A zod string schema enforcing Go duration syntax plus the field's documented units and bounds. */
export function duration(rule: DurationRule = {}): z.ZodString {
  return z.string().superRefine((text, ctx) => {
    const parsed = parseDuration(text);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: rule.minutesOrHours ? MH_SYNTAX : SYNTAX });
      return;
    }
    if (rule.minutesOrHours && [...parsed.units].some((u) => u !== "m" && u !== "h")) {
      ctx.addIssue({ code: "custom", message: MH_SYNTAX });
      return;
    }
    const { minHours, maxHours } = rule;
    const tooShort = minHours !== undefined && parsed.ns < minHours * HOUR_NS;
    const tooLong = maxHours !== undefined && parsed.ns > maxHours * HOUR_NS;
    if (tooShort || tooLong) {
      const unit = rule.minutesOrHours ? "m" : "s";
      const message =
        minHours !== undefined && maxHours !== undefined
          ? `must be between ${minHours === 0 ? `0${unit}` : `${minHours}h`} and ${maxHours}h`
          : minHours !== undefined
            ? `must be at least ${minHours}h`
            : `must be at most ${maxHours}h`;
      ctx.addIssue({ code: "custom", message: `${message} (got ${text})` });
    }
  });
}

/** @internal The check of one field's values, with its normalisation (sets sorted, ids lower-cased). */
export function fieldSchema(field: Field): z.ZodType {
  const kind = field.kind;
  switch (kind.type) {
    case "flag":
      return z.boolean();
    case "text":
      return kind.nonEmpty ? z.string().trim().min(1, "must not be empty") : z.string();
    case "hostname":
      return hostname(kind.what);
    case "url":
      return z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
    case "uuid":
      return uuid();
    case "duration":
      return duration(kind.rule);
    case "oneOf": {
      const strings = kind.values.filter((value): value is string => typeof value === "string");
      return strings.length === kind.values.length ? z.enum(strings) : z.union(kind.values.map((value) => z.literal(value)));
    }
    case "integer":
      return z.int().min(kind.min, `must be at least ${kind.min} (${kind.unit})`).max(kind.max, `must be at most ${kind.max} (${kind.unit})`);
    case "set":
      return z.array(fieldSchema(kind.item)).transform((items) => asSet(items as (string | number)[]));
    case "group":
      return z.strictObject(shapeOf(kind.members)).partial();
  }
}

/** @internal The checks of a table's fields, by Pulumi name. */
export function shapeOf(fields: Readonly<Record<string, Field>>): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, fieldSchema(field)]));
}

/** @internal How an answer carries a field: the type only, a member Cloudflare adds kept (lenient: see wire.ts). */
function wireValue(field: Field): z.ZodType {
  const kind = field.kind;
  switch (kind.type) {
    case "flag":
      return z.boolean();
    case "integer":
      return z.number();
    case "oneOf":
      return kind.values.every((value) => typeof value === "string") ? z.string() : z.number();
    case "set":
      return z.array(wireValue(kind.item));
    case "group":
      return z.looseObject(wireShapeOf(kind.members));
    default:
      return z.string();
  }
}

/** @internal A table's fields as an answer carries them: wire names, each may be null or missing. */
export function wireShapeOf(fields: Readonly<Record<string, Field>>): Record<string, z.ZodType> {
  const names = wireNamesOf(fields as Table);
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [names.wireName(name)!, wireValue(field).nullish()]));
}
