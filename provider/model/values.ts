import { isDeepStrictEqual } from "node:util";
import { asSet } from "./common";
import { sameDuration } from "./duration";
import { isPlainObject, type PlainObject } from "./naming";

/**
 * Comparing settings by meaning. Cloudflare echoes values in its own way (false booleans omitted, unset strings as
 * "", an unset object as an object of empty strings, durations as given, lists in any order); each of those once
 * made the Terraform provider report drift that was not there.
 */

/** The value without empty leaves ("", [], {}, null); undefined when nothing is left. `false` is a value. */
export function prune(value: unknown): unknown {
  if (value === null || value === "") return undefined;
  if (Array.isArray(value)) return value.length ? value : undefined;
  if (!isPlainObject(value)) return value;
  const out: PlainObject = {};
  for (const [key, item] of Object.entries(value)) {
    const kept = prune(item);
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The object without its undefined keys (unlike `prune`, empty values stay). */
export function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Dotted paths to every non-object value (lists count as one value). */
export function leaves(value: PlainObject, prefix = ""): Array<[string, unknown]> {
  return Object.entries(value).flatMap(([key, item]): Array<[string, unknown]> => {
    const path = prefix + key;
    return isPlainObject(item) ? leaves(item, `${path}.`) : [[path, item]];
  });
}

export function valueAt(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), value);
}

/** Objects merge key by key; lists and scalars from `over` replace. `undefined` in `over` changes nothing. */
export function overlay(base: PlainObject, over: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(value) && isPlainObject(base[key]) ? overlay(base[key], value) : value;
  }
  return out;
}

/** How fields compare, by dotted path. */
export interface ComparisonRules {
  readonly durations: ReadonlySet<string>;
  readonly sets: ReadonlySet<string>;
  /** Names that mean the same in any letter case (domain names). */
  readonly caseInsensitive?: ReadonlySet<string>;
  /**
   * What Cloudflare answers for a field while it is unset, where that is a value of its own (an object of defaults, not
   * of empty values): a field cleared by leaving it out of a write reads back so, and is cleared.
   */
  readonly answeredWhenUnset?: ReadonlyMap<string, unknown>;
}

export function sameValue(path: string, a: unknown, b: unknown, rules: ComparisonRules): boolean {
  const x = prune(a);
  const y = prune(b);
  if (typeof x === "boolean" || typeof y === "boolean") return (x ?? false) === (y ?? false);
  if (rules.durations.has(path) && typeof x === "string" && typeof y === "string") return x === y || sameDuration(x, y);
  if (rules.caseInsensitive?.has(path) && typeof x === "string" && typeof y === "string") return x.toLowerCase() === y.toLowerCase();
  if (rules.sets.has(path) && Array.isArray(x) && Array.isArray(y)) return isDeepStrictEqual(asSet(x), asSet(y));
  return isDeepStrictEqual(x, y);
}

/**
 * The dotted paths where `desired` differs from `current`: every leaf the user set, plus every field the user asked
 * to clear that still has a value. `isUnknown` leaves (a preview's unknown values) always count as changes.
 */
export function changedPaths(
  desired: PlainObject,
  current: PlainObject,
  rules: ComparisonRules,
  // Stryker disable next-line ArrayDeclaration,ArrowFunction: any default that clears no setting and knows every value is the same
  { clear = [], isUnknown = () => false }: { clear?: readonly string[]; isUnknown?: (value: unknown) => boolean } = {},
): string[] {
  const changed = leaves(desired)
    .filter(([path, value]) => isUnknown(value) || !sameValue(path, value, valueAt(current, path), rules))
    .map(([path]) => path);
  // a cleared boolean reads back as `false`, a cleared object as Cloudflare's defaults: cleared, by meaning
  const cleared = (field: string) =>
    sameValue(field, undefined, current[field], rules) ||
    (rules.answeredWhenUnset?.has(field) === true && sameValue(field, rules.answeredWhenUnset.get(field), current[field], rules));
  for (const field of clear) if (!cleared(field)) changed.push(field);
  return changed;
}
