/**
 * One account's Zero Trust organization, hardened: MFA for every app with phishing-resistant authenticators first,
 * PIV-key requirements for SSH, bounded sessions. An existing organization is adopted; only these settings change.
 *
 *   pulumi config set accountId <32-hex account id>
 *   pulumi config set --secret cloudflare:apiToken <token>   # or export CLOUDFLARE_API_TOKEN
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { HardenedZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

const config = new pulumi.Config();

const org = new HardenedZeroTrustOrganization("zero-trust", {
  accountId: config.require("accountId"),
  // Only used if the account has no organization yet.
  name: config.get("name") || undefined,
  authDomain: config.get("authDomain") || undefined,
  // Your own choices win over the baseline, field by field:
  mfaConfig: { sessionDuration: "8h" },
});

export const authDomain = org.organization.authDomain;
export const adopted = org.organization.adopted;
export const mfa = org.organization.mfaConfig;
