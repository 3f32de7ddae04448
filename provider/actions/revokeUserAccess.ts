import type { CloudflareClient, Scope, SettingsValues } from "../client";
import { InvalidArgumentsError, validateRevokeUserArgs, type RevokeUserArgs } from "../model";
import { clientFor } from "./client";

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

/** The request itself, for callers that already hold a client and validated arguments. */
export function revokeWith(client: CloudflareClient, args: RevokeUserArgs): Promise<boolean> {
  const { accountId, zoneId, email, userUid, devices, warpSessionReauth } = args;
  const scope: Scope = accountId !== undefined ? { kind: "accounts", id: accountId } : { kind: "zones", id: zoneId! };
  return client.revokeUser(scope, {
    email,
    ...(userUid !== undefined && { user_uid: userUid }),
    ...(devices !== undefined && { devices }),
    ...(warpSessionReauth !== undefined && { warp_session_reauth: warpSessionReauth }),
  });
}
