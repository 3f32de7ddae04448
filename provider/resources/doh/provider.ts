import type * as pulumi from "@pulumi/pulumi";
import type { CloudflareClient } from "../../client";
import { validateDohArgs, type DohArgs, type DohWire } from "../../schemas";
import { fromWire, type PlainObject } from "../../schemas/naming";
import { checkInputs, describeScope, idOf, parseInputs, replacedKeys, unlessNotFound, withoutProvider } from "../common";
import { apiClient, log } from "../runtime";
import { isUnknown } from "../unknowns";
import { changedPaths, prune, type ComparisonRules } from "../values";

const RULES: ComparisonRules = { durations: new Set(["dohJwtDuration"]), sets: new Set() };
const OUTPUTS = ["clientId", "name", "duration", "expiresAt", "createdAt", "updatedAt", "lastSeenAt"] as const;

/** The managed DoH settings as Cloudflare would hold them, and how they differ from `current` (outputs). */
function dohChanges(args: PlainObject, current: PlainObject): string[] {
  const { dohJwtDuration, serviceTokenId } = args;
  return changedPaths(prune({ dohJwtDuration, serviceTokenId }) as PlainObject ?? {}, current, RULES, { isUnknown });
}

/** Outputs: the arguments' values as Cloudflare has them, and the service token's public details (never a secret). */
function dohOutputs(accountId: string, doh: DohWire): PlainObject {
  const camel = fromWire(doh);
  const out: PlainObject = { accountId, serviceTokenId: camel.id, dohJwtDuration: camel.dohJwtDuration };
  for (const key of OUTPUTS) out[key] = camel[key];
  return prune(out) as PlainObject;
}

export const dohProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: PlainObject, news: PlainObject) {
    return checkInputs(news, (known) => validateDohArgs(known));
  },

  async diff(_id: string, olds: PlainObject, news: PlainObject) {
    const inputs = withoutProvider(news);
    const replaces = replacedKeys(olds, inputs, ["accountId"]);
    return { changes: replaces.length > 0 || dohChanges(inputs, olds).length > 0, replaces };
  },

  async create(news: PlainObject) {
    const args = parseInputs("OrganizationDoh", news, validateDohArgs);
    const { outs } = await apply(apiClient(), args);
    return { id: idOf({ kind: "accounts", id: args.accountId }, "/doh"), outs };
  },

  async update(_id: string, _olds: PlainObject, news: PlainObject) {
    return apply(apiClient(), parseInputs("OrganizationDoh", news, validateDohArgs));
  },

  async read(id: string, props?: PlainObject) {
    if (!props) throw new Error("OrganizationDoh cannot be imported: declare it in your program and `pulumi up` adopts the current settings");
    const accountId = String(props.accountId);
    const current = await unlessNotFound(apiClient().getDoh(accountId));
    return current ? { id, props: dohOutputs(accountId, current) } : { id: "" };
  },

  async delete(_id: string, props: PlainObject) {
    log.info(
      `The DoH settings of ${describeScope({ kind: "accounts", id: String(props.accountId) })} stay on Cloudflare: ` +
        "they are only removed from this stack.",
    );
  },
};

/** GET, then PUT the managed values over what is there (the API answers 201), skipping a PUT that changes nothing. */
async function apply(client: CloudflareClient, args: DohArgs): Promise<{ outs: PlainObject }> {
  const current = await unlessNotFound(client.getDoh(args.accountId));
  if (current && dohChanges(args, dohOutputs(args.accountId, current)).length === 0) {
    return { outs: dohOutputs(args.accountId, current) };
  }
  const serviceTokenId = args.serviceTokenId ?? current?.id ?? undefined;
  if (!serviceTokenId) {
    throw new Error(
      `${describeScope({ kind: "accounts", id: args.accountId })} has no DoH service token configured yet: set serviceTokenId ` +
        "to the id of the Access service token DoH clients authenticate with",
    );
  }
  const dohJwtDuration = args.dohJwtDuration ?? current?.doh_jwt_duration ?? undefined;
  const updated = await client.updateDoh(args.accountId, { service_token_id: serviceTokenId, ...(dohJwtDuration && { doh_jwt_duration: dohJwtDuration }) });
  return { outs: dohOutputs(args.accountId, updated) };
}
