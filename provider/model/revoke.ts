import { z } from "zod";
import { apiTokenEnvVar, cloudflareId, validator, type SchemaIssue } from "./common";
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

export type RevokeUserArgs = z.output<typeof REVOKE_USER_ARGS>;

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
export const validateRevokeUserArgs = validator(REVOKE_USER_ARGS, revokeUserRuleIssues);

/** Inputs of `UserAccessRevocation`: the revocation's arguments, values whose change revokes again, and its option. */
const REVOCATION_INPUTS = z.strictObject({
  ...REVOKE_USER_FIELDS,
  triggers: z.array(z.unknown(), { error: "must be a list" }).optional(),
  apiTokenEnvVar: apiTokenEnvVar.optional(),
});

export type RevocationInputs = z.output<typeof REVOCATION_INPUTS>;

/** Validates `UserAccessRevocation` inputs, reporting every issue at once. */
export const validateRevocationInputs = validator(REVOCATION_INPUTS, revokeUserRuleIssues);
