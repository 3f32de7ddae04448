import type * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "node:crypto";
import { revokeWith } from "../../client/revokeUser";
import { scopeOf, validateRevocationInputs, ZeroTrustError, type PlainObject } from "../../model";
import { checkInputs, idOf, parseInputs, replacedKeys, withoutProvider } from "../common";
import { apiClient, log } from "../runtime";
import { SECRET_ARGUMENTS, secretArgumentsOf } from "../secrets";

/** Every argument: a change to any of them is a new revocation. */
const ARGUMENTS = ["accountId", "zoneId", "email", "userUid", "devices", "warpSessionReauth", "triggers"] as const;

async function revoke(news: PlainObject): Promise<PlainObject> {
  const inputs = parseInputs("UserAccessRevocation", news, validateRevocationInputs);
  const { triggers: _, apiTokenEnvVar: __, ...args } = inputs;
  if (!(await revokeWith(apiClient(inputs), args))) {
    throw new ZeroTrustError("revocation_refused", `Cloudflare did not revoke the Access tokens of ${inputs.email} (it answered result: false)`);
  }
  log.info(`Revoked every Access token of ${inputs.email}${inputs.devices ? " and their devices" : ""}.`);
  const secretArguments = secretArgumentsOf(news);
  return { ...inputs, revokedAt: new Date().toISOString(), ...(secretArguments.length && { [SECRET_ARGUMENTS]: secretArguments }) };
}

/** Revokes on create and whenever an argument or trigger changes (a replacement); nothing to read or undo. */
export const revocationProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: PlainObject, news: PlainObject) {
    return checkInputs(news, validateRevocationInputs);
  },

  async diff(_id: string, olds: PlainObject, news: PlainObject) {
    const replaces = replacedKeys(olds, withoutProvider(news), ARGUMENTS);
    return { changes: replaces.length > 0, replaces };
  },

  async create(news: PlainObject) {
    const outs = await revoke(news);
    const secrets = secretArgumentsOf(outs);
    const scope = scopeOf(outs);
    const secretScope = secrets.includes(scope.kind === "accounts" ? "accountId" : "zoneId");
    // the id is stored in clear: a secret email is not in it
    const suffix = `/revocations/${secrets.includes("email") ? randomUUID() : String(outs.email)}`;
    return { id: idOf(scope, { suffix, secret: secretScope }), outs };
  },

  /** Only reachable if state says otherwise than diff: revoke again rather than record something not done. */
  async update(_id: string, _olds: PlainObject, news: PlainObject) {
    return { outs: await revoke(news) };
  },

  async read(id: string, props?: PlainObject) {
    return { id, props: props ?? {} };
  },

  async delete(_id: string, props: PlainObject) {
    log.info(
      `Removed the revocation of ${String(props.email)} from the stack. Revoking cannot be undone: the user gets access ` +
        "again only by signing in, if policies still allow it.",
    );
  },
};
