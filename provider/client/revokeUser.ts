import type { RevokeUserArgs } from "../model/revoke";
import { scopeOf } from "../model/scope";
import type { CloudflareClient } from "./client";

/**
 * Revokes every Access token of a user, from validated arguments (Pulumi names): the request `revokeUserAccess`, the
 * `UserAccessRevocation` resource and the `revoke-user` command all send. Resolves to the API's `result`.
 */
export function revokeWith(client: CloudflareClient, args: RevokeUserArgs): Promise<boolean> {
  const { email, userUid, devices, warpSessionReauth } = args;
  return client.revokeUser(scopeOf(args), {
    email,
    ...(userUid !== undefined && { user_uid: userUid }),
    ...(devices !== undefined && { devices }),
    ...(warpSessionReauth !== undefined && { warp_session_reauth: warpSessionReauth }),
  });
}
