import type * as pulumi from "@pulumi/pulumi";
import { setTimeout as sleep } from "node:timers/promises";
import { backoff, CloudflareApiError, CloudflareNetworkError, type CloudflareClient, type Scope } from "../../client";
import { formatIssues, requiredMfaIssues, type OrganizationSettings, type OrganizationWire } from "../../schemas";
import { fromWire, type PlainObject } from "../../schemas/naming";
import { apiClient, log } from "../runtime";
import { checkInputs, describeScope as describe, idOf, replacedKeys, unlessNotFound, withoutProvider } from "../common";
import { isUnknown } from "../unknowns";
import { changedPaths } from "../values";
import { planAtCheck, printPlanAtDiff, printPlanBeforeWrite } from "./plan";
import { ORGANIZATION_RULES as RULES } from "./rules";
import { parseOrganizationInputs, scopeOf, settingsOf, validateOrganizationInputs, type OrganizationInputs } from "./args";
import { bookkeeping, organizationOutputs, putBody, settingsFromWire, snapshot, type Bookkeeping } from "./state";

/** The managed settings that differ from `current` (camelCase settings), by meaning. */
export function organizationChanges(inputs: PlainObject, current: PlainObject): string[] {
  const desired: PlainObject = settingsOf(inputs as OrganizationInputs);
  // Cloudflare answers "" for the toggle reason whenever the lock is off: only compare it while the lock is on.
  const lock = desired.isUiReadOnly !== undefined ? desired.isUiReadOnly : current.isUiReadOnly;
  if (lock !== true && !isUnknown(lock)) delete desired.uiReadOnlyToggleReason;
  return changedPaths(desired, current, RULES, { clear: (inputs.clear as string[] | undefined) ?? [], isUnknown });
}

export const organizationProvider: pulumi.dynamic.ResourceProvider = {
  /**
   * Validates without calling the API, and returns normalised inputs (sorted sets) so `preview --diff` reads well;
   * then plans: a resource new to the stack reads its organization once and prints what adopting or creating it does.
   */
  async check(olds: PlainObject, news: PlainObject) {
    const checked = checkInputs(news, validateOrganizationInputs);
    return checked.failures?.length ? checked : planAtCheck(olds, checked, organizationChanges);
  },

  /** No API call: compares the managed settings with the outputs of the last apply or refresh, and prints the plan. */
  async diff(_id: string, olds: PlainObject, news: PlainObject) {
    const inputs = withoutProvider(news);
    const replaces = replacedKeys(olds, inputs, ["accountId", "zoneId"]);
    const changes = organizationChanges(inputs, olds);
    printPlanAtDiff(olds, news, replaces, organizationChanges);
    const optionsChanged =
      Boolean(olds.restoreOnDelete) !== Boolean(inputs.restoreOnDelete) || olds.apiTokenEnvVar !== inputs.apiTokenEnvVar;
    return { changes: replaces.length > 0 || changes.length > 0 || optionsChanged, replaces };
  },

  /** Creates the organization, or adopts the one that exists: only the managed settings change. */
  async create(raw: PlainObject) {
    const inputs = parseOrganizationInputs(raw);
    const scope = scopeOf(inputs);
    const settings = settingsOf(inputs);
    const client = apiClient(inputs);
    let current = await getOrganization(client, scope);
    printPlanBeforeWrite(raw, scope, current, organizationChanges);
    // A create is never blindly repeated: after a failure that may have reached Cloudflare, read again. If the
    // organization exists (the answer was lost, or someone created it meanwhile) adopt it; if it provably does not,
    // creating again is safe, within the client's retry budget.
    for (let attempt = 1; !current; attempt++) {
      try {
        const created = await createOrganization(client, scope, settings, inputs.clear);
        log.info(`Created the Zero Trust organization of ${describe(scope)} (${created.auth_domain ?? settings.authDomain}).`);
        return { id: idOf(scope), outs: organizationOutputs(scope, created, bookkeeping(inputs)) };
      } catch (error) {
        if (!mayHaveBeenCreated(error) || attempt > client.retryPolicy.retries) throw error;
        await sleep(backoff(attempt, client.retryPolicy));
        current = await getOrganization(client, scope);
        if (current) log.info(`The Zero Trust organization of ${describe(scope)} exists after a failed create; adopting it.`);
      }
    }
    const result = await applySettings(client, scope, current, settings, inputs.clear);
    log.info(
      `Adopted the existing Zero Trust organization of ${describe(scope)} (${current.auth_domain}): ` +
        `only the settings in your program are managed, everything else stays as it was.`,
    );
    const book: Bookkeeping = { ...bookkeeping(inputs), adopted: true, settingsBeforeAdoption: snapshot(current) };
    return { id: idOf(scope), outs: organizationOutputs(scope, result, book) };
  },

  async update(_id: string, olds: PlainObject, news: PlainObject) {
    const inputs = parseOrganizationInputs(news);
    const scope = scopeOf(inputs);
    const client = apiClient(inputs);
    const current = await getOrganization(client, scope);
    if (!current) {
      throw new Error(
        `The Zero Trust organization of ${describe(scope)} no longer exists (it was removed outside Pulumi); nothing was ` +
          "written. Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.",
      );
    }
    printPlanBeforeWrite(news, scope, current, organizationChanges, true);
    const result = await applySettings(client, scope, current, settingsOf(inputs), inputs.clear);
    return { outs: organizationOutputs(scope, result, bookkeeping(inputs, olds)) };
  },

  /** Refresh: what Cloudflare has now. Gone on Cloudflare → an empty id, and Pulumi drops it from the stack. */
  async read(id: string, props?: PlainObject) {
    if (!props) throw new Error("ZeroTrustOrganization cannot be imported: declare it in your program and `pulumi up` adopts the existing organization");
    const scope = scopeOf(props);
    const current = await getOrganization(apiClient(props), scope);
    if (!current) {
      log.warn(`The Zero Trust organization of ${describe(scope)} no longer exists; removing it from the stack.`);
      return { id: "" };
    }
    // outputs hold both the resource's options and what its create recorded
    return { id, props: organizationOutputs(scope, current, bookkeeping(props as OrganizationInputs, props)) };
  },

  /** The API cannot delete an organization: by default nothing is written; `restoreOnDelete` puts back the adopted settings. */
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
    const client = apiClient(props);
    if (!(await getOrganization(client, scope))) return;
    await client.updateOrganization(scope, putBody(undefined, before));
    log.info(`Restored the settings the Zero Trust organization of ${describe(scope)} had before it was adopted.`);
  },
};

async function createOrganization(client: CloudflareClient, scope: Scope, settings: OrganizationSettings, clear?: readonly string[]) {
  if (!settings.name || !settings.authDomain) {
    throw new Error(
      `${describe(scope)} has no Zero Trust organization yet: set name and authDomain so one can be created ` +
        "(the auth domain must be unique across Cloudflare, e.g. <team>.cloudflareaccess.com)",
    );
  }
  const body = putBody(undefined, settings as PlainObject, clear);
  assertComplete(scope, body);
  return client.createOrganization(scope, body);
}

/** GET, overlay the managed settings, PUT — skipping the PUT when Cloudflare already has every managed value. */
async function applySettings(
  client: CloudflareClient,
  scope: Scope,
  current: OrganizationWire,
  settings: OrganizationSettings,
  clear: readonly string[] = [],
): Promise<OrganizationWire> {
  const changed = organizationChanges({ ...settings, clear }, settingsFromWire(scope, current));
  if (changed.length === 0) return current;
  const body = putBody(current, settings as PlainObject, clear);
  assertComplete(scope, body);
  return client.updateOrganization(scope, body);
}

/** The whole organization about to be written must satisfy the rules that span fields the program may not set. */
function assertComplete(scope: Scope, body: OrganizationWire): void {
  if (scope.kind !== "accounts") return;
  const issues = requiredMfaIssues(fromWire(body) as OrganizationSettings, { complete: true });
  if (issues.length) {
    throw new Error(
      `Not applied to ${describe(scope)}: ${formatIssues(issues)} (neither your program nor the organization on Cloudflare sets it)`,
    );
  }
}

function getOrganization(client: CloudflareClient, scope: Scope): Promise<OrganizationWire | undefined> {
  return unlessNotFound(client.getOrganization(scope));
}

function mayHaveBeenCreated(error: unknown): boolean {
  return error instanceof CloudflareNetworkError || (error instanceof CloudflareApiError && (error.status === 409 || error.status >= 500));
}

