/**
 * The stack's program, as a function so that tests can run it: one hardened organization for the account in stack
 * config, with this team's choices on top of the baseline.
 */
import * as pulumi from "@pulumi/pulumi";
import { HardenedZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

export function zeroTrust(): HardenedZeroTrustOrganization {
  const config = new pulumi.Config();
  return new HardenedZeroTrustOrganization("zero-trust", {
    accountId: config.require("accountId"),
    mfaConfig: { sessionDuration: "8h" },
    sessionDuration: "12h",
  });
}
