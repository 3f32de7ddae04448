/**
 * The one mapping between Pulumi names and the API's: every key is the API's snake_case name in lowerCamelCase
 * (`auth_domain` ↔ `authDomain`, `warp_auth_non_browser_401` ↔ `warpAuthNonBrowser401`). Values are untouched.
 */

export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function camelToSnake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([a-zA-Z])(\d)/g, "$1_$2")
    .toLowerCase();
}

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renameKeys(v, rename)]));
}

/** Pulumi-shaped (lowerCamelCase) → wire (snake_case), recursively. */
export function toWire<T = PlainObject>(value: unknown): T {
  return renameKeys(value, camelToSnake) as T;
}

/** Wire (snake_case) → Pulumi-shaped (lowerCamelCase), recursively. */
export function fromWire<T = PlainObject>(value: unknown): T {
  return renameKeys(value, snakeToCamel) as T;
}
