import type { ComparisonRules } from "./values";

/** How the organization's settings compare by meaning, in diff and in the audit. */
export const ORGANIZATION_RULES: ComparisonRules = {
  durations: new Set([
    "sessionDuration", "userSeatExpirationInactiveTime", "warpAuthSessionDuration",
    "mfaConfig.sessionDuration", "mfaConfig.amrMatchingSessionDuration",
  ]),
  sets: new Set([
    "denyUnmatchedRequestsExemptedZoneNames", "mfaConfig.allowedAuthenticators",
    "mfaPivKeyRequirements.sshKeySize", "mfaPivKeyRequirements.sshKeyType",
  ]),
  // the team domain is a DNS name: `ACME.cloudflareaccess.com` is the organization's `acme.cloudflareaccess.com`
  caseInsensitive: new Set(["authDomain"]),
};
