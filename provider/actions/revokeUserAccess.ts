import type { SettingsValues } from "../client";
import { revokeWith } from "../client/revokeUser";
import { clientFor } from "../client/shared";
import { InvalidArgumentsError, validateRevokeUserArgs, type RevokeUserArgs } from "../model";

export type { RevokeUserArgs };

/** Credentials and client settings for one call; whatever is unset comes from the CLOUDFLARE_* environment. */
export type RevokeUserOptions = SettingsValues;

/**
 * Revokes every Cloudflare Access token of a user (offboarding, incident response). Validates before any request;
 * `devices` also revokes the user's devices (sent as the documented query parameter), `warpSessionReauth` forces
 * WARP re-authentication. Resolves to the API's `result`; rejects with a typed error carrying Cloudflare's code.
 */
export async function revokeUserAccess(args: RevokeUserArgs, options: RevokeUserOptions = {}): Promise<boolean> {
  const checked = validateRevokeUserArgs(args);
  if (!checked.ok) throw new InvalidArgumentsError("revokeUserAccess arguments", checked.issues);
  return revokeWith(clientFor(options), checked.value);
}
