import type { Condition, Field, Stricter, Table } from "./fields";
import { isPlainObject, WireNames, type NameTree } from "./naming";
import { prune, type ComparisonRules } from "./values";

/**
 * What a table of settings implies, each a function of the table (organization.ts applies them to SETTINGS; the
 * table's own test applies them to a copy with one more setting): names, scopes, the wire mapping, the comparison
 * rules, the baseline's strictness and conditions. The validators and wire schemas are derived in schema.ts.
 */

/** Every field of a table at any depth, with its dotted Pulumi path. */
export function fieldsOf(table: Table): Array<[path: string, field: Field]> {
  const walk = (fields: Readonly<Record<string, Field>>, prefix: string): Array<[string, Field]> =>
    Object.entries(fields).flatMap(([name, field]): Array<[string, Field]> => [
      [prefix + name, field],
      ...(field.kind.type === "group" ? walk(field.kind.members, `${prefix}${name}.`) : []),
    ]);
  return walk(table, "");
}

/** The settings' names, in the table's order. */
export function settingNamesOf<T extends Table>(table: T): ReadonlyArray<keyof T & string> {
  return Object.keys(table);
}

/** The settings the zone endpoint has too, in the table's order; every other setting is account-only. */
export function zoneSettingsOf<T extends Table>(table: T): ReadonlyArray<keyof T & string> {
  return Object.keys(table).filter((name) => table[name]!.scope === "both");
}

/** The settings' names in Pulumi's spelling and the API's, at every depth (see WireNames). */
export function wireNamesOf(table: Table): WireNames {
  const tree = (fields: Readonly<Record<string, Field>>): NameTree =>
    Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.kind.type === "group" ? tree(field.kind.members) : {}]));
  return new WireNames(tree(table));
}

/**
 * How the settings compare by meaning (diff, the audit): durations by length, sets in any order, DNS names in any case,
 * an object Cloudflare answers with defaults while unset as unset.
 */
export function comparisonRulesOf(table: Table): ComparisonRules {
  const pathsOf = (type: Field["kind"]["type"]) => new Set(fieldsOf(table).filter(([, field]) => field.kind.type === type).map(([path]) => path));
  const answered = fieldsOf(table).flatMap(([path, { unset }]) => (typeof unset === "object" && isPlainObject(unset.answered) && prune(unset.answered) !== undefined ? [[path, unset.answered] as const] : []));
  return { durations: pathsOf("duration"), sets: pathsOf("set"), caseInsensitive: pathsOf("hostname"), answeredWhenUnset: new Map(answered) };
}

/** What "stricter" means for each setting that has a rule for it, by dotted path. */
export function strictnessOf(table: Table): ReadonlyMap<string, Stricter> {
  return new Map(fieldsOf(table).flatMap(([path, field]) => (field.stricter ? [[path, field.stricter] as const] : [])));
}

/** The settings (by path prefix) that have no effect unless a condition holds. */
export function conditionsOf(table: Table): ReadonlyMap<string, Condition> {
  return new Map(fieldsOf(table).flatMap(([path, field]) => (field.inEffectOnlyIf ? [[path, field.inEffectOnlyIf] as const] : [])));
}

/** The settings Cloudflare blanks unless a flag (another setting) is on, each with that flag. */
export function blankedOf(table: Table): ReadonlyMap<string, string> {
  return new Map(Object.entries(table).flatMap(([name, setting]) => (setting.blankUnless ? [[name, setting.blankUnless] as const] : [])));
}
