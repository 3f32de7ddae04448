import { z } from "zod";

/**
 * Account and zone ids are 32 hexadecimal characters; anything else could not name an object and is refused.
 * Lower-cased, as Cloudflare writes them, so one id typed two ways is one id.
 */
export function cloudflareId() {
  return z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, "must be a 32-character hexadecimal Cloudflare id")
    .transform((id) => id.toLowerCase());
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** A DNS name such as `example.cloudflareaccess.com` (at least two labels). */
export function hostname(what = "a domain name such as example.com") {
  return z
    .string()
    .refine(
      (name) => name.length <= 253 && name.split(".").length >= 2 && name.split(".").every((l) => LABEL.test(l)),
      `must be ${what}`,
    );
}

/** A UUID, lower-cased so that two spellings of one id compare equal. */
export function uuid() {
  return z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID")
    .transform((id) => id.toLowerCase());
}

export interface SchemaIssue {
  /** Dotted property path, such as `mfaConfig.sessionDuration`. */
  readonly property: string;
  readonly reason: string;
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: SchemaIssue[] };

/** Turns zod's issues into `property: reason` pairs that name the field the way the user wrote it. */
export function issuesOf(error: z.ZodError): SchemaIssue[] {
  return error.issues.flatMap((issue): SchemaIssue[] => {
    const at = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ property: at ? `${at}.${key}` : key, reason: "is not a known property" }));
    }
    return [{ property: at || "(arguments)", reason: issue.message }];
  });
}

/** Whether a dotted path holds a known value; during a preview, a value another resource computes is not known yet. */
export type Known = (path: string) => boolean;

/**
 * Arguments without their empty values: `""`, `[]` and `{}` (at any depth, and an object left empty by that) mean
 * unset, as if the argument were left out — one rule for every argument of every resource and function. Removing a
 * value from Cloudflare is `clear`'s job. `null` is not empty: it is refused as the wrong type.
 */
export function withoutEmpty<T>(args: T): T {
  if (!isRecord(args)) return args;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    const kept = isRecord(value) ? withoutEmpty(value) : value;
    if (!isEmpty(kept)) out[key] = kept;
  }
  return out as T;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === "" || (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * One resource's validation: its fields (each with its own constraints and normalisation), then `rules` between
 * fields, which skip values not known yet. Empty values are unset (`withoutEmpty`). Every issue is reported, each
 * with its path.
 */
export function validator<S extends z.ZodType>(fields: S, rules: (value: z.output<S>, known: Known) => SchemaIssue[]) {
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

/** The option every resource here takes: the name (never the value) of an environment variable holding its token. */
export const apiTokenEnvVar = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable, such as CLOUDFLARE_API_TOKEN_PROD");

export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => `${i.property}: ${i.reason}`).join("; ");
}

/** Sorted and without repeats, so set-like lists compare and display the same whatever order they were given in. */
export function asSet<T extends string | number>(values: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
