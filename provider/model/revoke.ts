import { z } from "zod";
import type { SchemaIssue, Validator } from "./common";
import { apiTokenEnvVar, cloudflareId, validator } from "./schema";
import { scopeIssues } from "./scope";

/** Arguments of `revokeUserAccess`: exactly one scope, the user's email, and what else to end. */
const REVOKE_USER_FIELDS = {
  accountId: cloudflareId().optional(),
  zoneId: cloudflareId().optional(),
  /** Trimmed, and any address RFC 5322 allows (`o'brien@example.com`, `a~b@example.com`), as Cloudflare does. */
  email: z.string({ error: "must be an email address" }).trim().pipe(z.email({ pattern: z.regexes.rfc5322Email, error: "must be an email address" })),
  /** The user's id: a UUID, or the 32-hex form Cloudflare shows. */
  userUid: z
    .string()
    .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i, "must be a user id (a UUID)")
    .optional(),
  devices: z.boolean().optional(),
  warpSessionReauth: z.boolean().optional(),
};

const REVOKE_USER_ARGS = z.strictObject(REVOKE_USER_FIELDS);

/** Whose Access to revoke, where, and what else to end. Validated before any request. */
export type RevokeUserArgs = {
  /** The account whose organization the user signs in to (32 hex characters). Exactly one of `accountId` and `zoneId`. */
  accountId?: string;
  /** The zone, for a zone-level organization; the zone endpoint takes only `email`. Exactly one of `accountId` and `zoneId`. */
  zoneId?: string;
  /** The user whose Access tokens are revoked: trimmed, any address RFC 5322 allows. Required. */
  email: string;
  /** The user's id (a UUID, or the 32-hex form Cloudflare shows), when the email is ambiguous. Account scope. Defaults to none. */
  userUid?: string;
  /** Also revokes every device of the user (sent as the API's query parameter). Account scope. Defaults to `false`. */
  devices?: boolean;
  /** Also makes the user re-authenticate to WARP. Account scope. Defaults to `false`. */
  warpSessionReauth?: boolean;
};

/** Exactly one scope; the zone endpoint takes only the email. */
function revokeUserRuleIssues(args: RevokeUserArgs): SchemaIssue[] {
  const issues = scopeIssues(args);
  if (args.zoneId !== undefined) {
    for (const key of ["userUid", "devices", "warpSessionReauth"] as const) {
      if (args[key] !== undefined) issues.push({ property: key, reason: "is an account option; the zone endpoint takes only `email`" });
    }
  }
  return issues;
}

/** Validates `revokeUserAccess` arguments before any request is made. */
export const validateRevokeUserArgs: Validator<RevokeUserArgs> = validator(REVOKE_USER_ARGS, revokeUserRuleIssues);

/** Inputs of `UserAccessRevocation`: the revocation's arguments, values whose change revokes again, and its option. */
const REVOCATION_INPUTS = z.strictObject({
  ...REVOKE_USER_FIELDS,
  triggers: z.array(z.unknown(), { error: "must be a list" }).optional(),
  apiTokenEnvVar: apiTokenEnvVar.optional(),
});

/** `UserAccessRevocation`'s inputs, validated (its Args document each). */
export type RevocationInputs = RevokeUserArgs & {
  triggers?: unknown[];
  apiTokenEnvVar?: string;
};

/** Validates `UserAccessRevocation` inputs, reporting every issue at once. */
export const validateRevocationInputs: Validator<RevocationInputs> = validator(REVOCATION_INPUTS, revokeUserRuleIssues);
