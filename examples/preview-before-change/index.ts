/**
 * A change worth reviewing first: shortening sessions and requiring MFA everywhere. Read README.md beside this
 * file for what `pulumi preview` prints for it (preview.txt is the real output, captured by a test): the adoption
 * plan, an update, drift after `pulumi refresh`, and a replace.
 */
import * as pulumi from "@pulumi/pulumi";
import { reviewedOrganization } from "./organization";

const config = new pulumi.Config();

reviewedOrganization({ accountId: config.require("accountId"), sessionDuration: config.get("sessionDuration") ?? "12h" });
