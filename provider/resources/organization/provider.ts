import type * as pulumi from "@pulumi/pulumi";
import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import { backoff, CloudflareApiError, CloudflareNetworkError, type CloudflareClient, type Scope } from "../../client";
import { formatIssues, type OrganizationSettings, type OrganizationWire } from "../../schemas";
import type { PlainObject } from "../../schemas/naming";
import { ZeroTrustError } from "../errors";
import { apiClient, log } from "../runtime";
import { checkInputs, describeScope as describe, idOf, replacedKeys, unlessNotFound, withoutProvider } from "../common";
import { secretArgumentsOf } from "../secrets";
import { isUnknown } from "../unknowns";
import { adoptionIssues } from "./adoption";
import { planAtCheck, planAtDiff, printPlanBeforeWrite } from "./plan";
import { changedBody, notApplied, organizationChanges, writeIssues } from "./write";
import { parseOrganizationInputs, scopeOf, settingsOf, validateOrganizationInputs, type OrganizationInputs } from "./args";
import {
  bookkeeping,
  keptBookkeeping,
  managedPaths,
  organizationOutputs,
  restoreBody,
  settingsFromWire,
  splitForCreate,
  withReadOnly,
  writeBody,
  type Bookkeeping,
  type WriteOptions,
} from "./state";

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
    const client = apiClient(inputs);
    const secrets = secretArgumentsOf(raw);
    const id = idOf(scope, { secret: secrets.includes(scope.kind === "accounts" ? "accountId" : "zoneId") });
    // A create is never blindly repeated: after a failure that may have reached Cloudflare, read again. If the
    // organization exists (the answer was lost, or someone created it meanwhile) adopt it; if it provably does not,
    // creating again is safe, within the client's retry budget.
    for (let attempt = 1; ; attempt++) {
      const adoption = await adopt(client, scope, inputs, settings, (current) => printPlanBeforeWrite(raw, scope, current));
      if (adoption) {
        const { before, result } = adoption;
        if (attempt > 1) log.info(`The Zero Trust organization of ${describe(scope)} exists after a failed create; adopting it.`);
        log.info(
          `Adopted the existing Zero Trust organization of ${describe(scope)} (${before.auth_domain}): ` +
            `only the settings in your program are managed, everything else stays as it was.`,
        );
        const book: Bookkeeping = { ...bookkeeping(inputs, settings, secrets), adopted: true, settingsBeforeAdoption: settingsFromWire(scope, before) };
        return { id, outs: organizationOutputs(scope, result, book) };
      }
      if (attempt === 1) printPlanBeforeWrite(raw, scope, undefined);
      else log.info(`The Zero Trust organization of ${describe(scope)} still does not exist after a failed create; creating it again.`);
      let created: OrganizationWire;
      const { post, rest } = splitForCreate(scope, creationBody(scope, settings, inputs.clear));
      try {
        created = await client.createOrganization(scope, post);
      } catch (error) {
        if (!mayHaveBeenCreated(error) || attempt > client.retryPolicy.retries) throw error;
        await sleep(backoff(attempt, client.retryPolicy));
        continue;
      }
      // The settings a create does not take (custom pages, …) follow in a PUT built from the create's answer.
      const result = rest ? await writeFrom(client, scope, (current) => checkedBody(scope, current, settings, inputs.clear), created) : created;
      log.info(`Created the Zero Trust organization of ${describe(scope)} (${created.auth_domain ?? settings.authDomain}).`);
      return { id, outs: organizationOutputs(scope, result, bookkeeping(inputs, settings, secrets)) };
    }
  },

  async update(_id: string, olds: PlainObject, news: PlainObject) {
    const inputs = parseOrganizationInputs(news);
    const scope = scopeOf(inputs);
    const settings = settingsOf(inputs);
    let planned = false;
    const result = await unlessNotFound(
      writeFrom(apiClient(inputs), scope, (current) => {
        if (!planned) printPlanBeforeWrite(news, scope, current, (planned = true));
        return checkedBody(scope, current, settings, inputs.clear);
      }),
    );
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
    const restored = await unlessNotFound(
      writeFrom(apiClient(props), scope, (current) => {
        const body = restoreBody(scope, current, before, managed);
        if (isDeepStrictEqual(body, writeBody(scope, current, {}))) return undefined;
        assertWritable(scope, body);
        return body;
      }),
    );
    if (restored) log.info(`Restored the settings the Zero Trust organization of ${describe(scope)} had before it was adopted: ${managed.join(", ")}.`);
  },
};

/**
 * Adopts the organization that exists: reads it, refuses what adoption must never do, writes the managed settings
 * onto it. Undefined when there is no organization.
 */
async function adopt(
  client: CloudflareClient,
  scope: Scope,
  inputs: OrganizationInputs,
  settings: OrganizationSettings,
  plan: (current: OrganizationWire) => void,
) {
  let before: OrganizationWire | undefined;
  const result = await unlessNotFound(
    writeFrom(client, scope, (current) => {
      const issues = adoptionIssues(scope, current, inputs);
      if (issues.length) throw new ZeroTrustError("adoption_refused", `Not adopted: ${formatIssues(issues)}. Nothing was written.`);
      // the first read is the organization before the adoption, even if a retried write was applied meanwhile
      if (!before) plan((before = current));
      return checkedBody(scope, current, settings, inputs.clear, { adopting: true });
    }),
  );
  return result && before && { before, result };
}

/** The client's read→build→write, answering also what only the read has (a write's answer lacks `trusted_accounts`). */
async function writeFrom(
  client: CloudflareClient,
  scope: Scope,
  build: (current: OrganizationWire) => OrganizationWire | undefined,
  first?: OrganizationWire,
): Promise<OrganizationWire> {
  let read: OrganizationWire | undefined;
  const answer = await client.updateOrganizationFrom(scope, (current) => build((read = current)), first);
  return withReadOnly(read, answer);
}

/** The body of a create: every setting of the program, checked as a whole. */
function creationBody(scope: Scope, settings: OrganizationSettings, clear?: readonly string[]): OrganizationWire {
  if (!settings.name || !settings.authDomain) {
    throw new ZeroTrustError(
      "organization_missing",
      `${describe(scope)} has no Zero Trust organization yet: set name and authDomain so one can be created ` +
        "(the auth domain must be unique across Cloudflare, e.g. <team>.cloudflareaccess.com)",
    );
  }
  const body = writeBody(scope, undefined, settings, clear);
  assertWritable(scope, body);
  return body;
}

/** The managed settings over the organization as read (see `changedBody`), checked as a whole before any write. */
function checkedBody(
  scope: Scope,
  current: OrganizationWire,
  settings: OrganizationSettings,
  clear: readonly string[] = [],
  options: WriteOptions = {},
): OrganizationWire | undefined {
  const body = changedBody(scope, current, settings, clear, options);
  if (body) assertWritable(scope, body);
  return body;
}

/** The whole organization about to be written must meet the rules that span fields (see `writeIssues`). */
function assertWritable(scope: Scope, body: OrganizationWire): void {
  const issues = writeIssues(scope, body);
  if (issues.length) throw notApplied(scope, issues);
}

function mayHaveBeenCreated(error: unknown): boolean {
  return error instanceof CloudflareNetworkError || (error instanceof CloudflareApiError && (error.status === 409 || error.status >= 500));
}
