/**
 * A zone-level organization: the zone endpoint has fewer settings (name, auth domain, the dashboard lock, login
 * design, seat expiry, deny-unmatched); asking for an account-only setting fails at preview, naming it.
 */
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

const config = new pulumi.Config();

const org = new ZeroTrustOrganization("zone-access", {
  zoneId: config.require("zoneId"),
  name: "Widget Corp (www)",
  authDomain: config.require("authDomain"),
  // Changes go through code review, not the dashboard.
  isUiReadOnly: true,
  uiReadOnlyToggleReason: "Managed by Pulumi: see github.com/widgetcorp/zero-trust",
  loginDesign: { backgroundColor: "#0B1F33", textColor: "#FFFFFF", headerText: "Widget Corp" },
  userSeatExpirationInactiveTime: "1460h",
});

export const zoneOrganization = org.id;
