export interface SchemaIssue {
  /** Dotted property path, such as `mfaConfig.sessionDuration`. */
  readonly property: string;
  readonly reason: string;
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: SchemaIssue[] };

/** Validates input before any request: every issue, each with its path; `known` skips what a preview does not know yet. */
export type Validator<T> = (input: unknown, known?: Known) => Validation<T>;

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

export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => `${i.property}: ${i.reason}`).join("; ");
}

/** Sorted and without repeats, so set-like lists compare and display the same whatever order they were given in. */
export function asSet<T extends string | number>(values: readonly T[]): T[] {
  // no two are equal once in a Set; numbers sort as numbers
  // Stryker disable next-line EqualityOperator: `<=` is `<` where no two are equal
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : 1));
}
