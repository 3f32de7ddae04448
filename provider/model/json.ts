/**
 * JSON read and copied so that a number is written back exactly as it was read. `JSON.parse` turns every number into
 * a double: `9223372036854775807` would come back as `9223372036854776000`, a different value in a field the package
 * does not know and must write back as read. A number whose text a double does not reproduce is kept as its text
 * (a raw JSON value, which `JSON.stringify` writes as that text); every other number is an ordinary number.
 * Node >= 22 has both halves without flags: the reviver's `context.source` and `JSON.rawJSON`.
 */

/** A number kept as the text it was read as (frozen, null prototype): `JSON.stringify` writes `rawJSON` as is. */
export interface RawJson {
  readonly rawJSON: string;
}

/** What Node's `JSON` has beyond the ES2022 lib this package compiles against. */
interface JsonWithSource {
  parse(text: string, reviver: (key: string, value: unknown, context: { source?: string }) => unknown): unknown;
  rawJSON(text: string): RawJson;
  isRawJSON(value: unknown): value is RawJson;
}

const NATIVE = JSON as unknown as JsonWithSource;

/** Whether a value is a number kept as its text. */
export function isRawJson(value: unknown): value is RawJson {
  return NATIVE.isRawJSON(value);
}

/** The text as JSON, every number whose text a double does not reproduce (`9223372036854775807`, `1.0`, `1e400`) kept as that text. */
export function parseExact(text: string): unknown {
  return NATIVE.parse(text, (_key, value, { source }) =>
    typeof value === "number" && source !== undefined && JSON.stringify(value) !== source ? NATIVE.rawJSON(source) : value,
  );
}

/**
 * A deep copy of JSON data (a read, a body) that keeps numbers kept as text: `structuredClone` refuses them. They are
 * frozen, so the copy shares them.
 */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (typeof value !== "object" || value === null || isRawJson(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyJson(item)])) as T;
}
