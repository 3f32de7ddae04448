import {
  describeScope,
  isUnknown,
  leaves,
  ORGANIZATION_RULES as RULES,
  sameValue,
  settingsOf,
  type OrganizationInputs,
  type PlainObject,
  type SchemaIssue,
  type Scope,
} from "../../model";
import { CLEARED, formatValue, isSecretPath } from "../plan";
import type { ReadPlanInput } from "../planInput";

/**
 * What the resources of one run set on each organization. Two resources that set one setting of one organization to
 * different values would overwrite each other on every `up` (and each preview would show the other's value as
 * drift), so the second to be checked fails the preview, naming both resources and the setting. Different settings
 * of one organization are fine. The dynamic-provider host serves every resource of a run in one process, so this
 * record is the run's; a resource checked again (the same name) replaces its own entry. The record also lets a preview
 * validate the organization that all the run's writes leave (see `otherPrograms`).
 */
interface Claim {
  /** Its checked arguments (unknown values included): the program its write applies. */
  readonly args: PlainObject;
  /** The values it sets, by dotted path (known values only). */
  readonly values: ReadonlyMap<string, unknown>;
  /** The settings it clears. */
  readonly cleared: readonly string[];
  readonly secrets: readonly string[];
}

const claims = new Map<string, Map<string, Claim>>();

/** Records what a resource sets on its organization, and says where another resource of the run sets it otherwise. */
export function claimIssues(scope: Scope, plan: ReadPlanInput, args: PlainObject): SchemaIssue[] {
  if (!plan.name) return []; // state written before resources passed their name: nothing to name them by
  const organization = `${scope.kind}/${scope.id}`;
  const claim: Claim = {
    args,
    values: new Map(leaves(settingsOf(args as OrganizationInputs)).filter(([, value]) => !isUnknown(value))),
    cleared: Array.isArray(args.clear) && !isUnknown(args.clear) ? (args.clear as string[]) : [],
    secrets: plan.secrets,
  };
  const others = claims.get(organization) ?? new Map<string, Claim>();
  claims.set(organization, others.set(plan.name, claim));
  return [...others].filter(([name]) => name !== plan.name).flatMap(([name, other]) => conflicts(scope, plan.name!, claim, name, other));
}

function conflicts(scope: Scope, name: string, claim: Claim, otherName: string, other: Claim): SchemaIssue[] {
  const secret = (path: string) => isSecretPath(path, claim.secrets) || isSecretPath(path, other.secrets);
  const shown = (path: string, value: unknown) => formatValue(value, secret(path));
  const issue = (path: string, mine: unknown, theirs: unknown): SchemaIssue => ({
    property: path,
    reason:
      `is set to ${shown(path, mine)} here and to ${shown(path, theirs)} by "${otherName}", on the same organization ` +
      `(${describeScope(scope)}): "${name}" and "${otherName}" would overwrite each other on every up; set it in one of them`,
  });
  const under = (path: string, setting: string) => path === setting || path.startsWith(`${setting}.`);
  return [
    ...[...claim.values].filter(([path, value]) => other.values.has(path) && !sameValue(path, value, other.values.get(path), RULES)).map(([path, value]) => issue(path, value, other.values.get(path))),
    ...[...claim.values].filter(([path]) => other.cleared.some((setting) => under(path, setting))).map(([path, value]) => issue(path, value, CLEARED)),
    ...[...other.values].filter(([path]) => claim.cleared.some((setting) => under(path, setting))).map(([path, value]) => issue(path, CLEARED, value)),
  ];
}

/**
 * The programs of the other resources of this run that manage the organization, by name, in the order they were
 * checked: what `up` may have written to it before this resource's write (the order of writes is not fixed: the
 * engine checks each resource as the program registers it, and runs its write while it checks the next one).
 */
export function otherPrograms(scope: Scope, name: string | undefined): ReadonlyMap<string, PlainObject> {
  const others = claims.get(`${scope.kind}/${scope.id}`) ?? new Map<string, Claim>();
  return new Map([...others].filter(([other]) => other !== name).map(([other, claim]) => [other, claim.args]));
}
