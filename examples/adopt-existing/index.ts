/**
 * Adopting an organization someone set up by hand years ago. The first `pulumi up` reads it, changes only what is
 * written here (MFA), and keeps everything else exactly as it is: deny-unmatched, login page, session lengths,
 * custom pages. `pulumi destroy` would put back the settings it had before (restoreOnDelete).
 *
 * There is no `pulumi import` for dynamic resources: declaring the resource is the import.
 */
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

const org = new ZeroTrustOrganization("existing", {
  accountId: new pulumi.Config().require("accountId"),
  mfaConfig: { allowedAuthenticators: ["security_key", "biometrics"], sessionDuration: "12h" },
  restoreOnDelete: true,
});

// What it had before Pulumi touched it, kept in the state.
export const before = org.settingsBeforeAdoption;
export const keptDenyUnmatched = org.denyUnmatchedRequests;
