import { z } from "zod";

/**
 * Makes a value on first use and keeps it. Schemas are built at call time, never at module load (a zod schema in
 * a module-level value breaks Pulumi's closure serialization), and once per process rather than on every call.
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

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

export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => `${i.property}: ${i.reason}`).join("; ");
}

/** Sorted and without repeats, so set-like lists compare and display the same whatever order they were given in. */
export function asSet<T extends string | number>(values: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Arguments that fail validation; thrown before any request is made. */
export class InvalidArgumentsError extends Error {
  override readonly name = "InvalidArgumentsError";
  constructor(
    what: string,
    readonly issues: readonly SchemaIssue[],
  ) {
    super(`Invalid ${what}: ${formatIssues(issues)}`);
  }
}
