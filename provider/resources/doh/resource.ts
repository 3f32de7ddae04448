import * as pulumi from "@pulumi/pulumi";
import { PLAN_INPUT, planInput } from "../plan";
import { serializableProvider } from "../shim";

export interface OrganizationDohArgs {
  /** The account (DoH is account-only). Changing it replaces the resource. */
  accountId: pulumi.Input<string>;
  /** How long the JWT a DoH client receives lasts (Go duration, e.g. 800h); at most the account's key rotation period. */
  dohJwtDuration?: pulumi.Input<string>;
  /** The id (uuid) of the Access service token DoH clients authenticate with. */
  serviceTokenId?: pulumi.Input<string>;
  /** The name of an environment variable holding this resource's API token; only the name is stored. */
  apiTokenEnvVar?: pulumi.Input<string>;
}

const OUTPUT_ONLY = ["clientId", "name", "duration", "expiresAt", "createdAt", "updatedAt", "lastSeenAt"] as const;

/**
 * The Zero Trust organization's DNS-over-HTTPS settings: which service token DoH clients use and how long their JWT
 * lasts. Only the values you set are managed; destroying leaves the settings on Cloudflare.
 */
export class OrganizationDoh extends pulumi.dynamic.Resource {
  declare readonly accountId: pulumi.Output<string>;
  declare readonly dohJwtDuration: pulumi.Output<string | undefined>;
  declare readonly serviceTokenId: pulumi.Output<string>;
  /** The service token's client id (sent in `CF-Access-Client-Id`). The client secret is never returned. */
  declare readonly clientId: pulumi.Output<string | undefined>;
  /** The service token's name. */
  declare readonly name: pulumi.Output<string | undefined>;
  /** How long the service token is valid. */
  declare readonly duration: pulumi.Output<string | undefined>;
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  declare readonly lastSeenAt: pulumi.Output<string | undefined>;
  declare readonly apiTokenEnvVar: pulumi.Output<string | undefined>;

  constructor(name: string, args: OrganizationDohArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { dohJwtDuration: undefined, serviceTokenId: undefined, apiTokenEnvVar: undefined };
    for (const key of OUTPUT_ONLY) props[key] = undefined;
    Object.assign(props, args, { [PLAN_INPUT]: planInput(name, args) });
    super(serializableProvider("doh"), name, props, opts, "cloudflare-zero-trust", "OrganizationDoh");
  }
}
