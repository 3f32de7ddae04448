import { parseDuration } from "./duration";
import type { Condition, Stricter, Table } from "./fields";
import type { PlainObject } from "./naming";
import { SETTINGS } from "./settings";
import { comparisonRulesOf, conditionsOf, strictnessOf, zoneSettingsOf } from "./table";
import { knownPath } from "./unknowns";
import { leaves, prune, sameValue, valueAt, type ComparisonRules } from "./values";

/**
 * Comparing an organization's settings with a baseline, without I/O: the one rule engine of the audit (live
 * settings), the policy pack (a program's settings) and the component's defaults (the presets it fills in). A value
 * complies when it means the same as the baseline's (durations by value, sets in any order: the rules diff uses) or
 * when it is stricter; what "stricter" means is decided setting by setting in the settings table (`stricter`), and a
 * setting that has no effect under the organization's own configuration is not judged at all (`inEffectOnlyIf`).
 * README's Audit section repeats both.
 */

/** One setting that falls short of the baseline. */
export interface Deviation {
  /** The dotted Pulumi path, such as `mfaConfig.sessionDuration`. */
  readonly path: string;
  /** What the organization has; `null` when the setting is unset (Cloudflare's default applies). */
  readonly live: unknown;
  readonly baseline: unknown;
  /** What would comply, in words: `24h or shorter`, `a subset of security_key, totp`. */
  readonly wants: string;
}

/** When a live value complies with the baseline's value `wanted`, and how to say what complies. */
interface Strictness {
  complies(live: unknown, wanted: unknown): boolean;
  wants(wanted: unknown): string;
}

/** Durations: anything not longer. An unparsable or unset duration does not comply. */
const shorter: Strictness = {
  complies: (live, wanted) => {
    const [a, b] = [live, wanted].map((v) => (typeof v === "string" ? parseDuration(v) : undefined));
    return a !== undefined && b !== undefined && a.ns <= b.ns;
  },
  wants: (wanted) => `${show(wanted)} or shorter`,
};

/**
 * Allow-lists: any non-empty subset. Unset (an empty list is unset: `assess` prunes) does not comply: no MFA method
 * at all, or no restriction on keys.
 */
const subset: Strictness = {
  complies: (live, wanted) => Array.isArray(live) && Array.isArray(wanted) && live.every((item) => wanted.includes(item)),
  wants: (wanted) => `a subset of ${show(wanted)}`,
};

/** Booleans where `true` is the strict side: a baseline of `false` accepts either. Unset is `false`. */
const trueIsStricter: Strictness = {
  complies: (live, wanted) => wanted !== true || live === true,
  wants: () => "true",
};

/**
 * Policies ranked from weakest to strictest: the baseline's or any later one. The baseline's value is one of the
 * ranks (the presets are valid arguments), so a value outside them, or none, ranks below it.
 */
function ranked(order: readonly string[]): Strictness {
  return {
    complies: (live, wanted) => order.indexOf(live as string) >= order.indexOf(wanted as string),
    wants: (wanted) => order.slice(order.indexOf(String(wanted))).join(" or "),
  };
}

/** The rule of each kind of `stricter` (see fields.ts). */
function strictness(stricter: Stricter): Strictness {
  if (typeof stricter === "object") return ranked(stricter.ranked);
  return { shorter, subset, true: trueIsStricter }[stricter];
}

/** Whether a condition on another setting holds for its value. */
function holds(condition: Condition, value: unknown): boolean {
  return Array.isArray(value) && value.some((item) => condition.includesAnyOf.includes(String(item)));
}

function sameMeaning(path: string, rules: ComparisonRules): Strictness {
  return { complies: (live, wanted) => sameValue(path, live, wanted, rules), wants: show };
}

/** What the settings are, judged against a baseline. */
export interface Assessment {
  /** The settings that fall short, in the baseline's order. */
  readonly deviations: Deviation[];
  /** Baseline paths that cannot be judged yet: their value, or what decides whether they apply, is unknown. */
  readonly unknown: string[];
}

/**
 * Judges settings (Pulumi names) against `baseline`. `unknown` lists the dotted paths whose values are not known yet
 * (a preview's outputs of other resources): what depends on them is neither a pass nor a fail.
 */
// Stryker disable next-line ArrayDeclaration: a default that lists paths no setting has means the same as none
export function assess(baseline: PlainObject, settings: PlainObject, unknown: readonly string[] = [], table: Table = SETTINGS): Assessment {
  const known = knownPath(unknown);
  const stricter = strictnessOf(table);
  const conditions = [...conditionsOf(table)];
  const rules = comparisonRulesOf(table);
  const deviations: Deviation[] = [];
  const unknownPaths: string[] = [];
  for (const [path, wanted] of leaves(baseline)) {
    const condition = conditions.find(([prefix]) => path.startsWith(`${prefix}.`))?.[1];
    if (condition && !known(condition.setting)) unknownPaths.push(path);
    else if (condition && !holds(condition, prune(valueAt(settings, condition.setting)))) continue;
    else if (!known(path)) unknownPaths.push(path);
    else {
      const value = prune(valueAt(settings, path));
      const rule = stricter.has(path) ? strictness(stricter.get(path)!) : sameMeaning(path, rules);
      if (!rule.complies(value, wanted)) deviations.push({ path, live: value ?? null, baseline: wanted, wants: rule.wants(wanted) });
    }
  }
  return { deviations, unknown: unknownPaths };
}

/** Every setting of `baseline` the live settings (Pulumi names) fall short of, in the baseline's order. */
export function deviationsFrom(baseline: PlainObject, live: PlainObject): Deviation[] {
  return assess(baseline, live).deviations;
}

/** The baseline's settings an organization of that scope has: a zone organization has only a few of them. */
export function baselineForScope(scope: "account" | "zone", baseline: PlainObject, table: Table = SETTINGS): PlainObject {
  if (scope === "account") return baseline;
  const zoneFields: readonly string[] = zoneSettingsOf(table);
  return Object.fromEntries(Object.entries(baseline).filter(([key]) => zoneFields.includes(key)));
}

/** `mfaConfig.sessionDuration: 24h (baseline wants 12h or shorter)`. */
export function describeDeviation(deviation: Deviation): string {
  return `${deviation.path}: ${show(deviation.live)} (baseline wants ${deviation.wants})`;
}

/** A live value (`null`: unset) or a baseline's, in words. */
function show(value: unknown): string {
  if (value === null) return "(unset)";
  return Array.isArray(value) ? value.join(", ") : String(value);
}
