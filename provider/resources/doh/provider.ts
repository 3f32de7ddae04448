import type * as pulumi from "@pulumi/pulumi";
import {
  changedPaths,
  describeScope,
  dohWriteBody,
  isUnknown,
  prune,
  validateDohInputs,
  WireNames,
  ZeroTrustError,
  type ComparisonRules,
  type DohInputs,
  type DohWire,
  type PlainObject,
} from "../../model";
import { checkInputs, idOf, parseInputs, replacedKeys, unlessNotFound, withoutProvider } from "../common";
import { apiClient, log } from "../runtime";
import { SECRET_ARGUMENTS, secretArgumentsOf } from "../secrets";

const RULES: ComparisonRules = { durations: new Set(["dohJwtDuration"]), sets: new Set() };
const OUTPUTS = ["clientId", "name", "duration", "expiresAt", "createdAt", "updatedAt", "lastSeenAt"] as const;
/** The DoH answer's fields this package reads (the API's `id` is the service token's). */
const NAMES = new WireNames(Object.fromEntries(["id", "dohJwtDuration", ...OUTPUTS].map((name) => [name, {}])));

/** The managed DoH settings as Cloudflare would hold them, and how they differ from `current` (outputs). */
function dohChanges(args: PlainObject, current: PlainObject): string[] {
  const { dohJwtDuration, serviceTokenId } = args;
  return changedPaths(prune({ dohJwtDuration, serviceTokenId }) as PlainObject ?? {}, current, RULES, { isUnknown });
}

/**
 * Outputs: the arguments' values as Cloudflare has them, the service token's public details (never a secret), and
 * which arguments were given as secrets (see secrets.ts).
 */
function dohOutputs({ accountId, apiTokenEnvVar }: { accountId: string; apiTokenEnvVar?: unknown }, doh: DohWire, secretArguments: string[]): PlainObject {
  const camel = NAMES.fromWire(doh);
  const out: PlainObject = { accountId, serviceTokenId: camel.id, dohJwtDuration: camel.dohJwtDuration, apiTokenEnvVar, [SECRET_ARGUMENTS]: secretArguments };
  for (const key of OUTPUTS) out[key] = camel[key];
  return prune(out) as PlainObject;
}

export const dohProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: PlainObject, news: PlainObject) {
    return checkInputs(news, validateDohInputs);
  },

  async diff(_id: string, olds: PlainObject, news: PlainObject) {
    const inputs = withoutProvider(news);
    const replaces = replacedKeys(olds, inputs, ["accountId"]);
    const changes = replaces.length > 0 || dohChanges(inputs, olds).length > 0 || olds.apiTokenEnvVar !== inputs.apiTokenEnvVar;
    return { changes, replaces };
  },

  async create(news: PlainObject) {
    const args = parseInputs("OrganizationDoh", news, validateDohInputs);
    const secrets = secretArgumentsOf(news);
    const { outs } = await apply(args, secrets);
    return { id: idOf({ kind: "accounts", id: args.accountId }, { suffix: "/doh", secret: secrets.includes("accountId") }), outs };
  },

  async update(_id: string, _olds: PlainObject, news: PlainObject) {
    return apply(parseInputs("OrganizationDoh", news, validateDohInputs), secretArgumentsOf(news));
  },

  async read(id: string, props?: PlainObject) {
    if (!props) throw new ZeroTrustError("unsupported", "OrganizationDoh cannot be imported: declare it in your program and `pulumi up` adopts the current settings");
    const accountId = String(props.accountId);
    const current = await unlessNotFound(apiClient(props).getDoh(accountId));
    return current ? { id, props: dohOutputs({ accountId, apiTokenEnvVar: props.apiTokenEnvVar }, current, secretArgumentsOf(props)) } : { id: "" };
  },

  async delete(_id: string, props: PlainObject) {
    log.info(
      `The DoH settings of ${describeScope({ kind: "accounts", id: String(props.accountId) })} stay on Cloudflare: ` +
        "they are only removed from this stack.",
    );
  },
};

/**
 * The managed values over what is there, written whole (the API answers 201), skipping a write that changes nothing;
 * what the package does not know is written back as read (`dohWriteBody`).
 * The client builds the body from a read made right before the PUT, and again from a new read on every retry: an
 * edit made on Cloudflare during a retry's wait is kept, not reverted.
 */
async function apply(args: DohInputs, secretArguments: string[]): Promise<{ outs: PlainObject }> {
  const written = await apiClient(args).rewriteDoh(args.accountId, (current) => {
    if (current && dohChanges(args, dohOutputs(args, current, secretArguments)).length === 0) return undefined;
    const serviceTokenId = args.serviceTokenId ?? current?.id ?? undefined;
    if (!serviceTokenId) {
      throw new ZeroTrustError(
        "doh_token_missing",
        `${describeScope({ kind: "accounts", id: args.accountId })} has no DoH service token configured yet: set serviceTokenId ` +
          "to the id of the Access service token DoH clients authenticate with",
      );
    }
    return dohWriteBody(current, { service_token_id: serviceTokenId, doh_jwt_duration: args.dohJwtDuration });
  });
  // with no DoH settings to read, the build above always writes (or throws): there is an answer
  return { outs: dohOutputs(args, written!, secretArguments) };
}
