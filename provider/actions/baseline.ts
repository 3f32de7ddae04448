import { PIN_POLICIES } from "../schemas/organization";
import { parseDuration } from "../schemas/duration";
import type { PlainObject } from "../schemas/naming";
import { ORGANIZATION_RULES } from "../resources/organization/rules";
import { leaves, prune, sameValue, valueAt } from "../resources/values";

/**
 * Comparing a live organization with a baseline, without I/O. A live value complies when it means the same as the
 * baseline's (durations by value, sets in any order: the rules diff uses) or when it is stricter; what "stricter"
 * means is decided setting by setting in `STRICTNESS` (the README repeats the table).
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

/** Allow-lists: any non-empty subset. Unset means Cloudflare allows everything, so it does not comply. */
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

function sameMeaning(path: string): Strictness {
  return { complies: (live, wanted) => sameValue(path, live, wanted, ORGANIZATION_RULES), wants: show };
}

/** Every setting of `baseline` the live settings (Pulumi names) fall short of, in the baseline's order. */
export function deviationsFrom(baseline: PlainObject, live: PlainObject): Deviation[] {
  return leaves(baseline).flatMap(([path, wanted]) => {
    const value = prune(valueAt(live, path));
    const rule = STRICTNESS[path] ?? sameMeaning(path);
    return rule.complies(value, wanted) ? [] : [{ path, live: value ?? null, baseline: wanted, wants: rule.wants(wanted) }];
  });
}

/** `mfaConfig.sessionDuration: 24h (baseline wants 12h or shorter)`. */
export function describeDeviation(deviation: Deviation): string {
  return `${deviation.path}: ${show(deviation.live)} (baseline wants ${deviation.wants})`;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "(unset)";
  return Array.isArray(value) ? value.join(", ") : String(value);
}
