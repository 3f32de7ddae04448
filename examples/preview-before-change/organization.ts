import { ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

export interface ReviewedSettings {
  accountId: string;
  /** How long application tokens last; shortened by a reviewed change. */
  sessionDuration: string;
}

/**
 * The change to review: shorter sessions and MFA everywhere. A function of the stack's config, so the test that
 * captures `preview.txt` runs exactly this program.
 */
export function reviewedOrganization({ accountId, sessionDuration }: ReviewedSettings): ZeroTrustOrganization {
  return new ZeroTrustOrganization("org", {
    accountId,
    sessionDuration,
    mfaRequiredForAllApps: true,
    mfaConfig: { allowedAuthenticators: ["security_key", "totp"], sessionDuration: "12h" },
  });
}
