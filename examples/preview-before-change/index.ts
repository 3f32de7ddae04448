/**
 * A change worth reviewing first: shortening sessions and requiring MFA everywhere. Read README.md beside this
 * file for what `pulumi preview --diff` shows for it, how drift appears after `pulumi refresh`, and when a preview
 * says "replace".
 */
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

const config = new pulumi.Config();

new ZeroTrustOrganization("org", {
  accountId: config.require("accountId"),
  sessionDuration: "12h",
  mfaRequiredForAllApps: true,
  mfaConfig: { allowedAuthenticators: ["security_key", "totp"], sessionDuration: "12h" },
});
