import * as pulumi from "@pulumi/pulumi";
import { planInputs } from "../plan";
import { serializableProvider } from "../shim";

/**
 * Arguments of `UserAccessRevocation`. A change of any of them but `apiTokenEnvVar` replaces the resource: the tokens
 * are revoked again.
 */
export interface UserAccessRevocationArgs {
  /** The account whose organization the user signs in to (32 hex characters). Exactly one of `accountId` and `zoneId`. Changing it replaces the resource. */
  accountId?: pulumi.Input<string>;
  /** The zone, for a zone-level organization (which takes only `email`). Exactly one of `accountId` and `zoneId`. Changing it replaces the resource. */
  zoneId?: pulumi.Input<string>;
  /** The user whose Access tokens are revoked (trimmed; any address RFC 5322 allows). Required. Changing it replaces the resource. */
  email: pulumi.Input<string>;
  /** The user's id (a UUID), when the email is ambiguous; account scope. Defaults to none. Changing it replaces the resource. */
  userUid?: pulumi.Input<string>;
  /** Also revoke every device of the user; account scope. Defaults to `false`. Changing it replaces the resource. */
  devices?: pulumi.Input<boolean>;
  /** Also require the user to re-authenticate to WARP; account scope. Defaults to `false`. Changing it replaces the resource. */
  warpSessionReauth?: pulumi.Input<boolean>;
  /** Any values (an incident number); when one changes, the resource is replaced and the tokens are revoked again. Defaults to none. */
  triggers?: pulumi.Input<pulumi.Input<unknown>[]>;
  /**
   * The name (not the value) of an environment variable holding this resource's API token; only the name is stored.
   * Defaults to the provider's credential (`cloudflare:apiToken`, else `CLOUDFLARE_API_TOKEN`).
   */
  apiTokenEnvVar?: pulumi.Input<string>;
}

/**
 * Offboarding as code: revokes a user's Access tokens when created and again whenever an argument or trigger
 * changes, so a stack holds the list of people whose access was revoked. Deleting it undoes nothing.
 */
export class UserAccessRevocation extends pulumi.dynamic.Resource {
  /** The account, for an account organization. */
  declare readonly accountId: pulumi.Output<string | undefined>;
  /** The zone, for a zone organization. */
  declare readonly zoneId: pulumi.Output<string | undefined>;
  /** The user whose tokens were revoked. */
  declare readonly email: pulumi.Output<string>;
  /** The user's id, if given. */
  declare readonly userUid: pulumi.Output<string | undefined>;
  /** Whether the user's devices were revoked too. */
  declare readonly devices: pulumi.Output<boolean | undefined>;
  /** Whether the user must re-authenticate to WARP. */
  declare readonly warpSessionReauth: pulumi.Output<boolean | undefined>;
  /** The values whose change revokes again. */
  declare readonly triggers: pulumi.Output<unknown[] | undefined>;
  /** When the tokens were last revoked (ISO 8601). */
  declare readonly revokedAt: pulumi.Output<string>;

  constructor(name: string, args: UserAccessRevocationArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      accountId: undefined, zoneId: undefined, userUid: undefined, devices: undefined, warpSessionReauth: undefined,
      triggers: undefined, revokedAt: undefined, apiTokenEnvVar: undefined,
    };
    Object.assign(props, args, planInputs(name, args));
    super(serializableProvider("revocation"), name, props, opts, "cloudflare-zero-trust", "UserAccessRevocation");
  }
}
