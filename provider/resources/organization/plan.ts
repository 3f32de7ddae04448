import type * as pulumi from "@pulumi/pulumi";
import {
  adoptionIssues,
  describeScope,
  isUnknown,
  lastKnownOrganization,
  leaves,
  managedPaths,
  MERGED,
  mergedInRun,
  notApplied,
  writtenInRun,
  ORGANIZATION_NAMES,
  organizationChanges,
  previewWriteIssues,
  prune,
  scopeOf,
  settingsFromWire,
  settingsOf,
  valueAt,
  writeBody,
  ZeroTrustError,
  type OrganizationInputs,
  type OrganizationWire,
  type PlainObject,
  type SchemaIssue,
  type Scope,
  type WriteOptions,
} from "../../model";
import { unlessNotFound, withoutProvider } from "../common";
import { changeLine, CLEARED, formatValue, isSecretPath, planInputOf, planSubject, printPlan, PLAN_INPUT, type PlanInput } from "../plan";
import { apiClient, previewReadEnabled } from "../runtime";
import { claimIssues, otherPrograms } from "./claims";

// The organization's plan lines: what an adoption, a create or an update will change, setting by setting.

/**
 * What `check` adds to validation. Another resource of the run that sets one of the same settings differently fails
 * it (see claims.ts). A resource new to the stack (or moving to another account or zone, i.e. a replace) gets its
 * adoption plan from one read of Cloudflare, and fails where `create` would refuse; an existing one gets no API
 * call, only the record of what its program changes, for `diff`. Both check that a credential is configured, unless
 * preview reads are off or the token's variable is not known yet.
 */
export async function planAtCheck(olds: PlainObject, checked: pulumi.dynamic.CheckResult): Promise<pulumi.dynamic.CheckResult> {
  const news = checked.inputs as PlainObject;
  const args = withoutProvider(news);
  const plan = planInputOf(news);
  if (plan.name) checkedNames.add(plan.name);
  if (isUnknown(args.accountId) || isUnknown(args.zoneId)) {
    const scope: Scope = { kind: args.zoneId === undefined ? "accounts" : "zones", id: String(args.accountId ?? args.zoneId) };
    printPlan(planSubject(plan, scope), ["the account or zone is not known yet; up prints the plan before it writes"]);
    return checked;
  }
  const scope = scopeOf(args);
  const overlaps = claimIssues(scope, plan, args);
  if (overlaps.length) return { inputs: news, failures: overlaps };
  // the credential of a token variable another resource computes is not known at preview: plan with what is known
  const tokenKnown = !isUnknown(args.apiTokenEnvVar);
  const read = previewReadEnabled() && tokenKnown;
  if (olds.accountId === args.accountId && olds.zoneId === args.zoneId) {
    if (read) apiClient(args); // resolves the credential: a preview without one fails the way `up` would
    // a value that was a secret in the last program stays out too: `before` is stored in clear with the inputs
    const secrets = [...plan.secrets, ...planInputOf(olds).secrets];
    const before = programBefore(settingsOf(withoutProvider(olds) as OrganizationInputs), args, secrets);
    const { secrets: _, ...given } = plan; // the secret arguments' names have their own input
    return { inputs: { ...news, [PLAN_INPUT]: { ...given, before } } };
  }
  const subject = planSubject(plan, scope);
  if (!read) {
    const why = tokenKnown ? "previewRead is false" : "apiTokenEnvVar is not known yet";
    printPlan(subject, [`not read at preview (${why}); up prints the plan before it writes`]);
    return checked;
  }
  const current = await unlessNotFound(apiClient(args).getOrganization(scope));
  // what create would refuse before writing fails the preview, naming the field
  const refusals = current ? adoptionIssues(scope, current, args) : [];
  if (refusals.length) return { inputs: news, failures: refusals };
  if (!current) {
    const missing = (["name", "authDomain"] as const).filter((field) => args[field] === undefined);
    if (missing.length) {
      const reason = `${describeScope(scope)} has no Zero Trust organization yet: set name and authDomain so one can be created`;
      return { inputs: news, failures: missing.map((property) => ({ property, reason })) };
    }
  }
  // under `up`, another resource's write may have landed since the preview: a refusal no other resource causes names them
  const unwritable = runIssues(scope, current, args, plan.name, refusalWhere(scope, plan.name), { adopting: current !== undefined });
  if (unwritable.issues.length) return { inputs: news, failures: unwritable.issues.map(({ property, reason }) => ({ property, reason: `${reason} (${unwritable.where})` })) };
  printPlan(subject, adoptionLines(scope, current, args, plan));
  return checked;
}

/** The plan of a create: a new organization, or the adoption of the one that exists (`current`). */
function adoptionLines(scope: Scope, current: OrganizationWire | undefined, args: PlainObject, plan: PlanInput): string[] {
  if (!current) {
    const header = `creates a new organization ${shown("name", args.name, plan)} (${shown("authDomain", args.authDomain, plan)})`;
    return [header, ...settingLines(args, {}, plan)];
  }
  const lines = settingLines(args, settingsFromWire(scope, current), plan);
  const kept = unmanagedCount(scope, current, args);
  return [
    `adopts ${shown("name", current.name, plan)} (${shown("authDomain", current.auth_domain, plan)}): ` +
      `${lines.length ? count(lines.length, "setting changes", "settings change") : "no setting changes"}, ` +
      `${count(kept, "unmanaged setting", "unmanaged settings")} kept`,
    ...lines,
  ];
}

/**
 * The plan of an update, against what Cloudflare had at the last apply or refresh (`diff`, no API call) or has now
 * (`update`, from its read). A replace moves the resource to another account or zone: `check` planned the new one.
 */
function updateLines(current: PlainObject, args: PlainObject, replaces: readonly string[], plan: PlanInput): string[] {
  if (replaces.length) {
    return [
      `replaced: ${replaces.map((key) => changeLine(key, current[key], args[key], plan.secrets)).join(", ")}; the organization it leaves ` +
        (current.restoreOnDelete === true && current.adopted === true ? "gets back the settings it had before adoption" : "keeps its settings on Cloudflare"),
    ];
  }
  const lines = settingLines(args, current, plan);
  return lines.length ? [`updates ${count(lines.length, "setting", "settings")}`, ...lines] : [];
}

/**
 * The resources this process checked. The engine checks a resource before the diff of a preview or an `up`; a
 * refresh checks nothing and calls diff only to show what it read against the last inputs (pkg/v3 deploy/step.go,
 * RefreshStep.Apply): no plan to print there, and nothing to refuse, since nothing is written.
 */
const checkedNames = new Set<string>();

/**
 * Prints the plan `diff` found (`olds`: the outputs of the last apply or refresh), or throws what `up` would refuse
 * of it on that organization, in `up`'s words: a diff that throws fails the preview with its message. Silent in a
 * refresh's diff.
 */
export function planAtDiff(olds: PlainObject, news: PlainObject, replaces: readonly string[]): void {
  const plan = planInputOf(news);
  if (plan.name && !checkedNames.has(plan.name)) return;
  const args = withoutProvider(news);
  const scope = scopeOf(olds);
  const unwritable = replaces.length ? { issues: [], where: MERGED } : runIssues(scope, lastKnownOrganization(scope, olds), args, plan.name, MERGED);
  if (unwritable.issues.length) {
    const refusal = notApplied(scope, unwritable.issues, unwritable.where);
    throw new ZeroTrustError(refusal.code, `${refusal.message} (Cloudflare's values are those of the last up or refresh: \`pulumi refresh\` reads them again.)`);
  }
  printPlan(planSubject(plan, scope), updateLines(olds, args, replaces, plan));
}

/**
 * What `up` would refuse of this resource's write on `current` once the other resources of the run that manage the
 * organization wrote theirs, in the order they were checked (see claims.ts; `up` starts each write as soon as its
 * resource is checked): the issues, and where they come from: the other resources they need (those without which
 * an issue goes away, all of them when none does alone), or `alone` when the resource breaks the rule by itself.
 */
function runIssues(
  scope: Scope,
  current: OrganizationWire | undefined,
  args: PlainObject,
  name: string | undefined,
  alone: string,
  options: WriteOptions = {},
): { issues: SchemaIssue[]; where: string } {
  const others = otherPrograms(scope, name);
  const issuesWith = (programs: ReadonlyMap<string, PlainObject>) => previewWriteIssues(scope, current, args, options, [...programs.values()]);
  const issues = issuesWith(others);
  if (issues.length === 0 || others.size === 0) return { issues, where: alone };
  const needed = [...others.keys()].filter((other) => issuesWith(new Map([...others].filter(([key]) => key !== other))).length < issues.length);
  if (needed.length === 0 && issuesWith(new Map()).length === issues.length) return { issues, where: alone };
  return { issues, where: mergedInRun(scope, name ?? "this resource", needed.length ? needed : [...others.keys()]) };
}

/**
 * Where the organization a write (or a new resource's check) reads comes from: under `up`, the engine runs a
 * resource's write while it checks the next one (pkg/v3 deploy/deployment_executor.go, handleSingleEvent), so
 * another resource of the run may have written it just before.
 */
export function refusalWhere(scope: Scope, name: string | undefined): string {
  const others = [...otherPrograms(scope, name).keys()];
  return others.length ? writtenInRun(others) : MERGED;
}

/** Prints the plan of `create` or `update` from the read it makes right before writing. */
export function printPlanBeforeWrite(news: PlainObject, scope: Scope, current: OrganizationWire | undefined, update = false): void {
  const args = withoutProvider(news);
  const plan = planInputOf(news);
  const lines = update && current ? updateLines(settingsFromWire(scope, current), args, [], plan) : adoptionLines(scope, current, args, plan);
  printPlan(planSubject(plan, scope), lines);
}

/** The line of every managed setting that changes, sorted; cleared settings leaf by leaf; drift said so. */
function settingLines(args: PlainObject, current: PlainObject, plan: PlanInput): string[] {
  const cleared: unknown[] = Array.isArray(args.clear) ? args.clear : [];
  const drifted = plan.before ? new Set(organizationChanges(previousProgram(args, plan.before), current)) : new Set<string>();
  return organizationChanges(args, current)
    .sort()
    .flatMap((path) => {
      if (cleared.includes(path)) {
        const value = current[path];
        const paths = value !== null && typeof value === "object" && !Array.isArray(value) ? leaves({ [path]: value }) : [[path, value] as const];
        return paths.map(([leaf, old]) => changeLine(leaf, old, CLEARED, plan.secrets));
      }
      const was = valueAt(current, path);
      const line = changeLine(path, was, valueAt(args, path), plan.secrets);
      if (!drifted.has(path) || isSecretPath(path, plan.secrets)) return [line];
      const inProgram = plan.before && path in plan.before ? plan.before[path] : valueAt(args, path);
      return [`${line} (drifted: was ${formatValue(inProgram)} in the program, ${formatValue(was)} on Cloudflare)`];
    });
}

/** The previous program's value of every path the program changes (null: it was not set), secrets left out. */
function programBefore(previous: PlainObject, args: PlainObject, secrets?: readonly string[]): PlainObject {
  const paths = organizationChanges(args, previous).filter((path) => !isSecretPath(path, secrets) && !isUnknown(valueAt(previous, path)));
  return Object.fromEntries(paths.sort().map((path) => [path, valueAt(previous, path) ?? null]));
}

/** The program as it was at the last apply: today's settings with the changed paths put back. */
function previousProgram(args: PlainObject, before: PlainObject): PlainObject {
  const previous = structuredClone(settingsOf(args as OrganizationInputs)) as PlainObject;
  for (const [path, value] of Object.entries(before)) {
    const keys = path.split(".");
    const last = keys.pop()!;
    let node = previous;
    for (const key of keys) node = (node[key] = typeof node[key] === "object" && node[key] !== null ? node[key] : {}) as PlainObject;
    if (value === null) delete node[last];
    else node[last] = value;
  }
  return previous;
}

/**
 * How many settings the adoption writes back as they are, leaf by leaf: those of the body it would send (fields the
 * package does not model too) that the program neither sets nor clears. `false` and empty values are how Cloudflare
 * answers an unset setting, not settings someone made.
 */
function unmanagedCount(scope: Scope, current: OrganizationWire, args: PlainObject): number {
  const settings = settingsOf(args as OrganizationInputs);
  const clear = knownClear(args);
  const body = writeBody(scope, current, settings, clear, { adopting: true }) as PlainObject;
  const managed = managedPaths(settings, clear).map((path) => ORGANIZATION_NAMES.wirePath(path));
  return leaves(body).filter(
    ([path, value]) => value !== false && prune(value) !== undefined && !managed.some((m) => path === m || path.startsWith(`${m}.`)),
  ).length;
}

/** The settings `clear` names, as far as they are known at preview. */
function knownClear(args: PlainObject): string[] {
  return Array.isArray(args.clear) ? args.clear.filter((field): field is string => typeof field === "string" && !isUnknown(field)) : [];
}

/** A value of the setting `key`, unless the program gave that setting as a secret. */
function shown(key: string, value: unknown, plan: PlanInput): string {
  return formatValue(value, isSecretPath(key, plan.secrets));
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
