import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import type { CloudflareClient } from "../../client";
import {
  adoptionIssues,
  changedBody,
  describeScope as describe,
  formatIssues,
  isUnknown,
  managedPaths,
  notApplied,
  organizationChanges,
  restoreBody,
  scopeOf,
  settingsFromWire,
  settingsOf,
  splitForCreate,
  validateOrganizationInputs,
  withReadOnly,
  writeBody,
  writeIssues,
  ZeroTrustError,
  type OrganizationInputs,
  type OrganizationSettings,
  type OrganizationWire,
  type PlainObject,
  type Scope,
  type WriteOptions,
} from "../../model";
import { apiClient, log } from "../runtime";
import { checkInputs, idOf, replacedKeys, unlessNotFound, withoutProvider } from "../common";
import { secretArgumentsOf } from "../secrets";
import { planAtCheck, planAtDiff, printPlanBeforeWrite, refusalWhere } from "./plan";
import { planInputOf } from "../plan";
import { parseOrganizationInputs } from "./args";
import { bookkeeping, keptBookkeeping, organizationOutputs, type Bookkeeping } from "./state";

export const organizationProvider: pulumi.dynamic.ResourceProvider = {
  /**
   * Validates without calling the API, and returns normalised inputs (sorted sets) so `preview --diff` reads well;
   * then plans: a resource new to the stack reads its organization once and prints what adopting or creating it does.
   */
  async check(olds: PlainObject, news: PlainObject) {
    const checked = checkInputs(news, validateOrganizationInputs);
    return checked.failures?.length ? checked : planAtCheck(olds, checked);
  },

  /**
   * No API call: compares the managed settings with the outputs of the last apply or refresh, and prints the plan; or
   * fails, as `up` would, when the organization that would be written breaks a rule between fields.
   */
  async diff(_id: string, olds: PlainObject, news: PlainObject) {
    const inputs = withoutProvider(news);
    const replaces = replacedKeys(olds, inputs, ["accountId", "zoneId"]);
    const changes = organizationChanges(inputs, olds);
    planAtDiff(olds, news, replaces);
    // restoreOnDelete writes back what the stack manages now: a program that stops managing a setting updates that record
    const managedChanged =
      inputs.restoreOnDelete === true &&
      olds.adopted === true &&
      !isDeepStrictEqual(managedPaths(settingsOf(inputs as OrganizationInputs), inputs.clear as string[] | undefined), olds.managedSettings ?? []);
    const optionsChanged =
      managedChanged ||
      isUnknown(inputs.restoreOnDelete) ||
      Boolean(olds.restoreOnDelete) !== Boolean(inputs.restoreOnDelete) ||
      olds.apiTokenEnvVar !== inputs.apiTokenEnvVar;
    return { changes: replaces.length > 0 || changes.length > 0 || optionsChanged, replaces };
  },

  /** Creates the organization, or adopts the one that exists: only the managed settings change. */
  async create(raw: PlainObject) {
    const inputs = parseOrganizationInputs(raw);
    const scope = scopeOf(inputs);
    const settings = settingsOf(inputs);
    const secrets = secretArgumentsOf(raw);
    const id = idOf(scope, { secret: secrets.includes(scope.kind === "accounts" ? "accountId" : "zoneId") });
    const where = refusalWhere(scope, planInputOf(raw).name);
    /** The body of our create, once a read found no organization. */
    let sent: OrganizationWire | undefined;
    /** The organization as first read when it is someone else's: what adopting it started from. */
    let before: OrganizationWire | undefined;
    let read: OrganizationWire | undefined;
    const answer = await apiClient(inputs).rewriteOrganization(scope, (current, { answeredByOurCreate, ourCreateMayHaveApplied }) => {
      read = current;
      if (!current) {
        if (sent) log.info(`The Zero Trust organization of ${describe(scope)} still does not exist after a failed create; creating it again.`);
        else printPlanBeforeWrite(raw, scope, undefined);
        sent = splitForCreate(scope, creationBody(scope, settings, inputs.clear, where)).post;
        return sent;
      }
      // The settings a create does not take (custom pages, …) follow in a PUT built from the create's answer.
      if (answeredByOurCreate || (sent && ourCreateMayHaveApplied && isOurCreation(current, sent))) {
        return checkedBody(scope, current, settings, inputs.clear, {}, where);
      }
      const issues = adoptionIssues(scope, current, inputs);
      if (issues.length) throw new ZeroTrustError("adoption_refused", `Not adopted: ${formatIssues(issues)}. Nothing was written.`);
      // the first read is the organization before the adoption, even if a retried write was applied meanwhile
      if (!before) {
        if (sent) log.info(`The Zero Trust organization of ${describe(scope)} exists after a failed create; adopting it.`);
        printPlanBeforeWrite(raw, scope, (before = current));
      }
      return checkedBody(scope, current, settings, inputs.clear, { adopting: true }, where);
    });
    // the build above writes whenever there is nothing to read: there is an answer
    const result = withReadOnly(read, answer!);
    if (!before) {
      log.info(`Created the Zero Trust organization of ${describe(scope)} (${result.auth_domain ?? settings.authDomain}).`);
      return { id, outs: organizationOutputs(scope, result, bookkeeping(inputs, settings, secrets)) };
    }
    log.info(
      `Adopted the existing Zero Trust organization of ${describe(scope)} (${before.auth_domain}): ` +
        `only the settings in your program are managed, everything else stays as it was.`,
    );
    const book: Bookkeeping = { ...bookkeeping(inputs, settings, secrets), adopted: true, settingsBeforeAdoption: settingsFromWire(scope, before) };
    return { id, outs: organizationOutputs(scope, result, book) };
  },

  async update(_id: string, olds: PlainObject, news: PlainObject) {
    const inputs = parseOrganizationInputs(news);
    const scope = scopeOf(inputs);
    const settings = settingsOf(inputs);
    const where = refusalWhere(scope, planInputOf(news).name);
    let planned = false;
    const result = await rewriteExisting(apiClient(inputs), scope, (current) => {
      if (!planned) printPlanBeforeWrite(news, scope, current, (planned = true));
      return checkedBody(scope, current, settings, inputs.clear, {}, where);
    });
    if (!result) {
      throw new ZeroTrustError(
        "organization_gone",
        `The Zero Trust organization of ${describe(scope)} no longer exists (it was removed outside Pulumi); nothing was ` +
          "written. Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.",
      );
    }
    return { outs: organizationOutputs(scope, result, bookkeeping(inputs, settings, secretArgumentsOf(news), olds)) };
  },

  /** Refresh: what Cloudflare has now. Gone on Cloudflare → an empty id, and Pulumi drops it from the stack. */
  async read(id: string, props?: PlainObject) {
    if (!props) {
      throw new ZeroTrustError(
        "unsupported",
        "ZeroTrustOrganization cannot be imported: declare it in your program and `pulumi up` adopts the existing organization",
      );
    }
    const scope = scopeOf(props);
    const current = await unlessNotFound(apiClient(props).getOrganization(scope));
    if (!current) {
      log.warn(`The Zero Trust organization of ${describe(scope)} no longer exists; removing it from the stack.`);
      return { id: "" };
    }
    // outputs hold both the resource's options and what its create recorded
    return { id, props: organizationOutputs(scope, current, keptBookkeeping(props)) };
  },

  /**
   * The API cannot delete an organization: by default nothing is written. `restoreOnDelete` puts back the values the
   * managed settings had before the adoption, onto a fresh read of everything else.
   */
  async delete(_id: string, props: PlainObject) {
    const scope = scopeOf(props);
    if (props.restoreOnDelete !== true) {
      log.info(
        `The Zero Trust organization of ${describe(scope)} keeps its settings on Cloudflare: it is only removed from this ` +
          "stack (organizations cannot be deleted through the API; set restoreOnDelete to undo an adoption instead).",
      );
      return;
    }
    const before = props.settingsBeforeAdoption as PlainObject | undefined;
    if (!before) {
      log.info(`The Zero Trust organization of ${describe(scope)} was created by this stack, so there are no earlier settings to restore; it keeps its settings.`);
      return;
    }
    const managed = (props.managedSettings as string[] | undefined) ?? [];
    if (managed.length === 0) {
      log.warn(
        `The Zero Trust organization of ${describe(scope)} keeps its settings: this stack's state does not say which ` +
          "settings it manages (it was written by an older version); run `pulumi up` once before `pulumi destroy` to restore.",
      );
      return;
    }
    const restored = await rewriteExisting(apiClient(props), scope, (current) => {
      const body = restoreBody(scope, current, before, managed);
      if (isDeepStrictEqual(body, writeBody(scope, current, {}))) return undefined;
      assertWritable(scope, current, body);
      return body;
    });
    if (restored) log.info(`Restored the settings the Zero Trust organization of ${describe(scope)} had before it was adopted: ${managed.join(", ")}.`);
  },
};

/**
 * The client's read→build→write of an organization that must exist (undefined when it does not: nothing is
 * written), answering also what only the read has (a write's answer lacks `trusted_accounts`).
 */
async function rewriteExisting(
  client: CloudflareClient,
  scope: Scope,
  build: (current: OrganizationWire) => OrganizationWire | undefined,
): Promise<OrganizationWire | undefined> {
  let read: OrganizationWire | undefined;
  const answer = await client.rewriteOrganization(scope, (current) => current && build((read = current)));
  return answer && withReadOnly(read, answer);
}

/**
 * Whether the organization read is what our create (whose answer was lost) made: its name and auth domain (a
 * domain is unique across Cloudflare, and case-insensitive). Only the same program run elsewhere at the same
 * moment could make another one like it; recording that as our creation is the safe side: a destroy with
 * `restoreOnDelete` then keeps it as it is, rather than "restoring" a snapshot of the other run's write.
 */
function isOurCreation(current: OrganizationWire, sent: OrganizationWire): boolean {
  return current.name === sent.name && current.auth_domain?.toLowerCase() === sent.auth_domain?.toLowerCase();
}

/** The body of a create: every setting of the program, checked as a whole. */
function creationBody(scope: Scope, settings: OrganizationSettings, clear: readonly string[] | undefined, where: string): OrganizationWire {
  if (!settings.name || !settings.authDomain) {
    throw new ZeroTrustError(
      "organization_missing",
      `${describe(scope)} has no Zero Trust organization yet: set name and authDomain so one can be created ` +
        "(the auth domain must be unique across Cloudflare, e.g. <team>.cloudflareaccess.com)",
    );
  }
  const body = writeBody(scope, undefined, settings, clear);
  assertWritable(scope, undefined, body, where);
  return body;
}

/**
 * The managed settings over the organization as read (see `changedBody`), checked as a whole before any write;
 * `where`: where that organization comes from, said in a refusal (see `refusalWhere`).
 */
function checkedBody(
  scope: Scope,
  current: OrganizationWire,
  settings: OrganizationSettings,
  clear: readonly string[] = [],
  options: WriteOptions,
  where: string,
): OrganizationWire | undefined {
  const body = changedBody(scope, current, settings, clear, options);
  if (body) assertWritable(scope, current, body, where);
  return body;
}

/** The whole organization about to be written must meet the rules that span fields (see `writeIssues`). */
function assertWritable(scope: Scope, current: OrganizationWire | undefined, body: OrganizationWire, where?: string): void {
  const issues = writeIssues(scope, current, body);
  if (issues.length) throw notApplied(scope, issues, where);
}
