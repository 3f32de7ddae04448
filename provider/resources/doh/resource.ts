import * as pulumi from "@pulumi/pulumi";
import { planInputs } from "../plan";
import { serializableProvider } from "../shim";

/** Arguments of `OrganizationDoh`. Changing `accountId` replaces the resource; any other change updates it in place. */
export interface OrganizationDohArgs {
  /** The account whose DoH settings these are (32 hex characters; DoH is account-only). Required. Changing it replaces the resource. */
  accountId: pulumi.Input<string>;
  /**
   * How long the JWT a DoH client receives lasts: a Go duration (`24h`, `800h`), at most the account's key rotation
   * period; compared by length. Unset: Cloudflare's value is kept (Cloudflare answers `24h` when none was set).
   */
  dohJwtDuration?: pulumi.Input<string>;
  /**
   * The id (a UUID) of the Access service token DoH clients authenticate with. Unset: Cloudflare's value is kept;
   * required when the account has no DoH settings yet.
   */
  serviceTokenId?: pulumi.Input<string>;
  /**
   * The name (not the value) of an environment variable holding this resource's API token; only the name is stored.
   * Defaults to the provider's credential (`cloudflare:apiToken`, else `CLOUDFLARE_API_TOKEN`).
   */
  apiTokenEnvVar?: pulumi.Input<string>;
}

const OUTPUT_ONLY = ["clientId", "name", "duration", "expiresAt", "createdAt", "updatedAt", "lastSeenAt"] as const;

/**
 * The Zero Trust organization's DNS-over-HTTPS settings: which service token DoH clients use and how long their JWT
 * lasts. Only the values you set are managed; destroying leaves the settings on Cloudflare.
 */
export class OrganizationDoh extends pulumi.dynamic.Resource {
  /** The account. */
  declare readonly accountId: pulumi.Output<string>;
  /** How long a DoH client's JWT lasts, as Cloudflare has it. */
  declare readonly dohJwtDuration: pulumi.Output<string | undefined>;
  /** The id of the service token DoH clients authenticate with (the API's `id`). */
  declare readonly serviceTokenId: pulumi.Output<string>;
  /** The service token's client id (sent in `CF-Access-Client-Id`). The client secret is never returned. */
  declare readonly clientId: pulumi.Output<string | undefined>;
  /** The service token's name. */
  declare readonly name: pulumi.Output<string | undefined>;
  /** How long the service token is valid (a duration, such as `8760h`). */
  declare readonly duration: pulumi.Output<string | undefined>;
  /** When the service token expires (ISO 8601). */
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  /** When the DoH settings were created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** When the DoH settings last changed (ISO 8601). */
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  /** When the service token was last used (ISO 8601). */
  declare readonly lastSeenAt: pulumi.Output<string | undefined>;
  /** The name of the environment variable holding this resource's API token, if it has its own. */
  declare readonly apiTokenEnvVar: pulumi.Output<string | undefined>;

  constructor(name: string, args: OrganizationDohArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { dohJwtDuration: undefined, serviceTokenId: undefined, apiTokenEnvVar: undefined };
    for (const key of OUTPUT_ONLY) props[key] = undefined;
    Object.assign(props, args, planInputs(name, args));
    super(serializableProvider("doh"), name, props, opts, "cloudflare-zero-trust", "OrganizationDoh");
  }
}
