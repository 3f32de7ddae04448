import type { DurationRule } from "./duration";

/**
 * The field kinds the settings table (settings.ts) is written in: each entry says, once, what its values are and how
 * Cloudflare treats it; everything else — the validator, the types, the names on the wire, the comparison rules, the
 * baseline's strictness, the local API's answers — is derived from the table (table.ts, schema.ts). Pure data.
 */

/** What a value is: how it is checked and normalised (schema.ts) and compared (table.ts). */
export type Kind =
  | { readonly type: "flag" }
  | { readonly type: "text"; readonly nonEmpty: boolean }
  /** A DNS name, compared in any letter case. */
  | { readonly type: "hostname"; readonly what: string }
  /** An http(s) URL. */
  | { readonly type: "url" }
  /** A UUID, lower-cased. */
  | { readonly type: "uuid" }
  /** A Go duration (`24h`, `2h45m`), compared by length. */
  | { readonly type: "duration"; readonly rule: DurationRule }
  | { readonly type: "oneOf"; readonly values: readonly (string | number)[] }
  | { readonly type: "integer"; readonly min: number; readonly max: number; readonly unit: string }
  /** A list whose order does not matter: sorted and without repeats once validated, compared as a set. */
  | { readonly type: "set"; readonly item: Field }
  /** An object of members (`mfaConfig`); each member is a field of its own. */
  | { readonly type: "group"; readonly members: Members };

export type Members = { readonly [member: string]: Field };

/**
 * How Cloudflare answers a setting that is unset: as `answered` (`false`, `""`, `[]`, an object: in Pulumi names; a
 * stored `null` too, unless `keepsNull`), or, for `omittedWhenFalse`, by leaving it out unless it is `true`. A field
 * without one is left out of the answer while unset.
 */
export type Unset = { readonly answered: unknown; readonly keepsNull?: boolean } | "omittedWhenFalse";

/**
 * What "at least as strict as the baseline" means for a setting (the audit and the policy pack; baseline.ts):
 * `shorter` durations, a non-empty `subset` of an allow-list, `true` when the baseline says true, or a value at least
 * as far along a ranking (given weakest first). A setting without one complies only by meaning the same.
 */
export type Stricter = "shorter" | "subset" | "true" | { readonly ranked: readonly string[] };

/** A condition on another setting (a dotted Pulumi path): its list holds at least one of these values. */
export interface Condition {
  readonly setting: string;
  readonly includesAnyOf: readonly string[];
}

declare const VALUE: unique symbol;

/** One field of the table, or one member of a group. `T`: its values, in Pulumi's names (a type only). */
export interface Field<T = unknown> {
  readonly kind: Kind;
  /** See `Unset`. */
  readonly unset?: Unset;
  /** See `Stricter`. */
  readonly stricter?: Stricter;
  /** The setting has no effect unless this holds: the baseline does not judge it (or its members) otherwise. */
  readonly inEffectOnlyIf?: Condition;
  /** Cloudflare answers it blank unless this flag (a setting's Pulumi name) is true, so it is compared only then. */
  readonly blankUnless?: string;
  /** Never set: carries `T` for the derived types. */
  readonly [VALUE]?: T;
}

/** A field of the table: an organization setting. */
export interface Setting<T = unknown> extends Field<T> {
  /** Where it exists: on every organization (`both`: the zone endpoint has it too) or on account organizations only. */
  readonly scope: "account" | "both";
  /** Every organization has it (its output is always there): the name and the auth domain. */
  readonly always?: boolean;
}

/** A table of settings, by Pulumi name, in the order the API's documentation lists them (zone fields first). */
export type Table = { readonly [name: string]: Setting };

/** A field's values. */
export type ValueOf<F> = F extends Field<infer T> ? T : never;

/** A group's values: every member optional. */
export type GroupValue<M extends Members> = { [K in keyof M]?: ValueOf<M[K]> };

/** A table's settings: every one optional. */
export type SettingsOf<T extends Table> = { [K in keyof T]?: ValueOf<T[K]> };

type Options = Pick<Field, "unset" | "stricter" | "inEffectOnlyIf" | "blankUnless">;

function field<T>(kind: Kind, options: Options = {}): Field<T> {
  return { kind, ...options };
}

export const flag = (options?: Options): Field<boolean> => field({ type: "flag" }, options);
export const text = (options?: Options & { nonEmpty?: boolean }): Field<string> => {
  const { nonEmpty = false, ...rest } = options ?? {};
  return field({ type: "text", nonEmpty }, rest);
};
export const hostname = (what: string, options?: Options): Field<string> => field({ type: "hostname", what }, options);
export const url = (options?: Options): Field<string> => field({ type: "url" }, options);
export const uuid = (options?: Options): Field<string> => field({ type: "uuid" }, options);
export const duration = (rule: DurationRule = {}, options?: Options): Field<string> => field({ type: "duration", rule }, options);
export const integer = (range: { min: number; max: number; unit: string }, options?: Options): Field<number> =>
  field({ type: "integer", ...range }, options);

export function oneOf<const V extends readonly (string | number)[]>(values: V, options?: Options): Field<V[number]> {
  return field({ type: "oneOf", values }, options);
}

export function setOf<T>(item: Field<T>, options?: Options): Field<T[]> {
  return field({ type: "set", item }, options);
}

export function group<const M extends Members>(members: M, options?: Options): Field<GroupValue<M>> {
  return field({ type: "group", members }, options);
}

/** Answered as `value` while unset (see `Unset`). */
export function answered(value: unknown, options: { keepsNull?: boolean } = {}): Unset {
  return { answered: value, ...options };
}

/** A setting of account organizations only. */
export function account<T>(of: Field<T>): Setting<T> {
  // Stryker disable next-line StringLiteral: only "both" is ever compared; "account" names the other case for the types
  return { ...of, scope: "account" };
}

/** A setting of every organization: the zone endpoint has it too. `always`: every organization has a value. */
export function accountAndZone<T, const O extends { always?: true } = {}>(of: Field<T>, options?: O): Setting<T> & O {
  return { ...of, scope: "both", ...options } as Setting<T> & O;
}
