import { INFRASTRUCTURE_AUTHENTICATORS, PIN_POLICIES, ZONE_FIELDS } from "./organization";
import { parseDuration } from "./duration";
import type { PlainObject } from "./naming";
import { ORGANIZATION_RULES } from "./rules";
import { knownPath } from "./unknowns";
import { leaves, prune, sameValue, valueAt } from "./values";

/**
 * Comparing an organization's settings with a baseline, without I/O: the one rule engine of the audit (live
 * settings), the policy pack (a program's settings) and the component's defaults (the presets it fills in). A value
 * complies when it means the same as the baseline's (durations by value, sets in any order: the rules diff uses) or
 * when it is stricter; what "stricter" means is decided setting by setting in `STRICTNESS`, and a setting that has no
 * effect under the organization's own configuration is not judged at all (`IN_EFFECT_ONLY`). README's Audit section
 * repeats both tables.
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

/** Allow-lists: any non-empty subset. Unset does not comply: no MFA method at all, or no restriction on keys. */
const subset: Strictness = {
  complies: (live, wanted) =>
    Array.isArray(live) && Array.isArray(wanted) && live.length > 0 && live.every((item) => wanted.includes(item)),
  wants: (wanted) => `a subset of ${show(wanted)}`,
};

/** Booleans where `true` is the strict side: a baseline of `false` accepts either. Unset is `false`. */
const trueIsStricter: Strictness = {
  complies: (live, wanted) => wanted !== true || live === true,
  wants: () => "true",
};

/** Policies ranked from weakest to strictest: the baseline's or any later one. */
function ranked(order: readonly string[]): Strictness {
  return {
    complies: (live, wanted) => typeof live === "string" && order.includes(live) && order.indexOf(live) >= order.indexOf(String(wanted)),
    wants: (wanted) => order.slice(order.indexOf(String(wanted))).join(" or "),
  };
}

/** What "at least as strict as the baseline" means, setting by setting; any other setting must mean the same. */
export const STRICTNESS: Readonly<Record<string, Strictness>> = {
  sessionDuration: shorter,
  warpAuthSessionDuration: shorter,
  userSeatExpirationInactiveTime: shorter,
  "mfaConfig.sessionDuration": shorter,
  "mfaConfig.amrMatchingSessionDuration": shorter,
  "mfaConfig.allowedAuthenticators": subset,
  "mfaPivKeyRequirements.sshKeyType": subset,
  "mfaPivKeyRequirements.sshKeySize": subset,
  "mfaPivKeyRequirements.pinPolicy": ranked(PIN_POLICIES), // never < once < always
  "mfaPivKeyRequirements.touchPolicy": ranked(["never", "cached", "always"]),
  "mfaPivKeyRequirements.requireFipsDevice": trueIsStricter,
  mfaRequiredForAllApps: trueIsStricter,
  denyUnmatchedRequests: trueIsStricter,
};

/** A group of settings that takes effect only when another setting of the organization says so. */
interface Condition {
  /** The dotted path of the setting that decides. */
  readonly on: string;
  holds(value: unknown): boolean;
}

/**
 * Settings (by path prefix) that have no effect unless a condition holds: there they are not deviations, whatever
 * their value. The PIV-key requirements govern the SSH keys of the infrastructure authenticators: Cloudflare
 * documents them as "PIV key requirements for MFA" on "the SSH key" (PIN, touch, key type and size, FIPS device), and
 * the API names `piv_key` and `ssh_fido2_key` together as the infrastructure SSH authenticators. Without either in
 * `allowedAuthenticators`, no key they govern can be used. Both count, so that no requirement that might apply is
 * skipped.
 */
const IN_EFFECT_ONLY: Readonly<Record<string, Condition>> = {
  mfaPivKeyRequirements: {
    on: "mfaConfig.allowedAuthenticators",
    holds: (authenticators) => Array.isArray(authenticators) && authenticators.some((a) => INFRASTRUCTURE_AUTHENTICATORS.has(String(a))),
  },
};

function sameMeaning(path: string): Strictness {
  return { complies: (live, wanted) => sameValue(path, live, wanted, ORGANIZATION_RULES), wants: show };
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
export function assess(baseline: PlainObject, settings: PlainObject, unknown: readonly string[] = []): Assessment {
  const known = knownPath(unknown);
  const deviations: Deviation[] = [];
  const unknownPaths: string[] = [];
  for (const [path, wanted] of leaves(baseline)) {
    const condition = Object.entries(IN_EFFECT_ONLY).find(([prefix]) => path.startsWith(`${prefix}.`))?.[1];
    if (condition && !known(condition.on)) unknownPaths.push(path);
    else if (condition && !condition.holds(prune(valueAt(settings, condition.on)))) continue;
    else if (!known(path)) unknownPaths.push(path);
    else {
      const value = prune(valueAt(settings, path));
      const rule = STRICTNESS[path] ?? sameMeaning(path);
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
export function baselineForScope(scope: "account" | "zone", baseline: PlainObject): PlainObject {
  if (scope === "account") return baseline;
  return Object.fromEntries(Object.entries(baseline).filter(([key]) => (ZONE_FIELDS as readonly string[]).includes(key)));
}

/** `mfaConfig.sessionDuration: 24h (baseline wants 12h or shorter)`. */
export function describeDeviation(deviation: Deviation): string {
  return `${deviation.path}: ${show(deviation.live)} (baseline wants ${deviation.wants})`;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "(unset)";
  return Array.isArray(value) ? value.join(", ") : String(value);
}
