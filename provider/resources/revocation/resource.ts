import * as pulumi from "@pulumi/pulumi";
import { PLAN_INPUT, planInput } from "../plan";
import { serializableProvider } from "../shim";

export interface UserAccessRevocationArgs {
  /** Exactly one of accountId and zoneId. */
  accountId?: pulumi.Input<string>;
  zoneId?: pulumi.Input<string>;
  /** The user whose Access tokens are revoked. */
  email: pulumi.Input<string>;
  /** The user's id, when the email is ambiguous (account scope). */
  userUid?: pulumi.Input<string>;
  /** Also revoke every device of the user (account scope). */
  devices?: pulumi.Input<boolean>;
  /** Also require the user to re-authenticate to WARP (account scope). */
  warpSessionReauth?: pulumi.Input<boolean>;
  /** Any values; when one changes, the tokens are revoked again (e.g. an incident number). */
  triggers?: pulumi.Input<pulumi.Input<unknown>[]>;
  /** The name of an environment variable holding this resource's API token; only the name is stored. */
  apiTokenEnvVar?: pulumi.Input<string>;
}

/**
 * Offboarding as code: revokes a user's Access tokens when created and again whenever an argument or trigger
 * changes, so a stack holds the list of people whose access was revoked. Deleting it undoes nothing.
 */
export class UserAccessRevocation extends pulumi.dynamic.Resource {
  declare readonly accountId: pulumi.Output<string | undefined>;
  declare readonly zoneId: pulumi.Output<string | undefined>;
  declare readonly email: pulumi.Output<string>;
  declare readonly userUid: pulumi.Output<string | undefined>;
  declare readonly devices: pulumi.Output<boolean | undefined>;
  declare readonly warpSessionReauth: pulumi.Output<boolean | undefined>;
  declare readonly triggers: pulumi.Output<unknown[] | undefined>;
  /** When the tokens were last revoked (ISO 8601). */
  declare readonly revokedAt: pulumi.Output<string>;

  constructor(name: string, args: UserAccessRevocationArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      accountId: undefined, zoneId: undefined, userUid: undefined, devices: undefined, warpSessionReauth: undefined,
      triggers: undefined, revokedAt: undefined, apiTokenEnvVar: undefined,
    };
    Object.assign(props, args, { [PLAN_INPUT]: planInput(name, args) });
    super(serializableProvider("revocation"), name, props, opts, "cloudflare-zero-trust", "UserAccessRevocation");
  }
}
