import { formatIssues, type SchemaIssue } from "./common";
import { ZeroTrustError } from "./errors";
import { settingsOf, type OrganizationInputs } from "./inputs";
import type { PlainObject } from "./naming";
import { mergedOrganizationIssues, ORGANIZATION_RULES as RULES, type OrganizationSettings } from "./organization";
import { SETTINGS, STRICT_SERVICE_TOKEN_AUTH_SINCE } from "./settings";
import { blankedOf } from "./table";

import { describeScope, type Scope } from "./scope";
import { settingsFromWire, writeBody, type WriteOptions } from "./body";
import { isUnknown, knownPath, withoutUnknowns } from "./unknowns";
import { changedPaths } from "./values";
import type { OrganizationWire } from "./wire";

/**
 * The write `up` makes, as pure functions: which managed settings differ, the body, and the rules the merged
 * organization must meet. `up` applies them to the organization it reads right before writing; a preview applies the
 * same ones to the organization it has in hand (the adoption read, or the last outputs), so a preview fails exactly
 * where `up` would refuse, in the same words.
 */

const BLANKED = blankedOf(SETTINGS);

/** The managed settings that differ from `current` (camelCase settings), by meaning. */
export function organizationChanges(inputs: PlainObject, current: PlainObject): string[] {
  // a `clear` not known yet (a preview) may clear anything
  if (isUnknown(inputs.clear)) return ["clear"];
  const desired: PlainObject = settingsOf(inputs as OrganizationInputs);
  // Cloudflare blanks some settings while a flag is off (the toggle reason, without the lock): compare them only while it is on.
  for (const [name, flag] of BLANKED) {
    const on = desired[flag] !== undefined ? desired[flag] : current[flag];
    if (on !== true && !isUnknown(on)) delete desired[name];
  }
  return changedPaths(desired, current, RULES, { clear: inputs.clear as string[] | undefined, isUnknown });
}

/** The managed settings over the organization as read, or undefined when Cloudflare already has every managed value. */
export function changedBody(
  scope: Scope,
  current: OrganizationWire,
  settings: OrganizationSettings,
  clear: readonly string[] = [],
  options: WriteOptions = {},
): OrganizationWire | undefined {
  if (organizationChanges({ ...settings, clear }, settingsFromWire(scope, current)).length === 0) return undefined;
  return writeBody(scope, current, settings, clear, options);
}

/**
 * What the whole organization about to be written (the program's settings merged with what Cloudflare has) breaks
 * of the rules that span fields: a partial nested object merged with the live one can make a pair the API refuses.
 */
export function writeIssues(scope: Scope, current: OrganizationWire | undefined, body: OrganizationWire, known?: (path: string) => boolean): SchemaIssue[] {
  return [...mergedOrganizationIssues(settingsFromWire(scope, body) as OrganizationSettings, known), ...lockedOnIssues(scope, current, body)];
}

/**
 * An organization created on or after STRICT_SERVICE_TOKEN_AUTH_SINCE cannot turn strict service-token authentication
 * off: Cloudflare refuses `false`, and keeps it on when a write leaves it out, so a `clear` would never converge. A
 * create (no `current`) makes one created today, past that day.
 */
function lockedOnIssues(scope: Scope, current: OrganizationWire | undefined, body: OrganizationWire): SchemaIssue[] {
  if (scope.kind !== "accounts") return [];
  const created = current?.created_at;
  const locked = current ? Boolean(created && created >= STRICT_SERVICE_TOKEN_AUTH_SINCE) : true;
  // a create without it gets it on; an existing organization's body carries what it has, unless the program clears it
  const turnedOff = current ? body.strict_service_token_auth !== true : body.strict_service_token_auth === false;
  if (!locked || !turnedOff) return [];
  const since = `Cloudflare keeps it on for organizations created on or after ${STRICT_SERVICE_TOKEN_AUTH_SINCE}`;
  return [{ property: "strictServiceTokenAuth", reason: `cannot be turned off or cleared: ${since} (this one: ${created ? created.slice(0, 10) : "a new one"})` }];
}

/**
 * Why a write is refused, before anything is sent: the error `up` throws, whose words a preview repeats. `where`: where
 * the organization that breaks the rules comes from.
 */
export function notApplied(scope: Scope, issues: readonly SchemaIssue[], where = MERGED): ZeroTrustError {
  return new ZeroTrustError(
    "invalid_organization",
    `Not applied to ${describeScope(scope)}: ${formatIssues(issues)} (${where}). Nothing was written; set the named field in your program.`,
  );
}

/** Where a merged rule's issue comes from, said with each one. */
export const MERGED = "in the organization that would be written: your settings merged with what Cloudflare has";

/** Where a merged rule's issue comes from when `others`, resources of the same run, write the organization too. */
export function mergedInRun(scope: Scope, name: string, others: readonly string[]): string {
  const them = quoted(others);
  return (
    `${MERGED} and with what ${them} of this run write${others.length === 1 ? "s" : ""} to the same organization ` +
    `(${describeScope(scope)}): "${name}" and ${them} cannot all be applied, up would write one and refuse the other`
  );
}

/** Where a refusal at `up` may come from when other resources of the run manage the organization too. */
export function writtenInRun(others: readonly string[]): string {
  return `${MERGED}, which may include what ${quoted(others)} of this run wrote to it just before`;
}

/** Resource names as a message lists them: `"a", "b"`. */
function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}

/**
 * What `up` would refuse of a program (`args`: its checked inputs, unknown values included) on `current` (undefined:
 * a create): the merged rules, on the write `up` would make. A preview's unknown values are left out of the body and
 * every rule that involves one is skipped; a `clear` not known yet may clear anything, so nothing can be said.
 * `earlier`: the programs of other resources of the run on the same organization, whose writes land first (each one
 * only where it changes something, as `up` writes): the rules then apply to the organization they leave.
 */
export function previewWriteIssues(
  scope: Scope,
  current: OrganizationWire | undefined,
  args: PlainObject,
  options: WriteOptions = {},
  earlier: readonly PlainObject[] = [],
): SchemaIssue[] {
  if ([...earlier, args].some((program) => isUnknown(program.clear))) return [];
  const unknown: string[] = [];
  const knownSettings = (program: PlainObject) => {
    const split = withoutUnknowns(program);
    unknown.push(...split.unknown);
    return split.known as OrganizationInputs;
  };
  let base = current;
  for (const program of earlier) {
    const inputs = knownSettings(program);
    base = base ? (changedBody(scope, base, settingsOf(inputs), inputs.clear) ?? base) : writeBody(scope, undefined, settingsOf(inputs), inputs.clear);
  }
  const inputs = knownSettings(args);
  // (an unknown value always counts as a change)
  if (base && organizationChanges(args, settingsFromWire(scope, base)).length === 0) return [];
  const body = writeBody(scope, base, settingsOf(inputs), inputs.clear, options);
  // the creation date (a rule of its own) is the live organization's; what earlier writes leave has none
  return writeIssues(scope, current, body, knownPath(unknown));
}
