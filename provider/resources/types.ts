/**
 * The type token each resource class of this package registers, as the engine, a policy pack and `LocalStack`'s
 * steps see it. The dynamic resources are `pulumi-nodejs:dynamic/<module>:<type>` (`pulumi.dynamic.Resource` builds
 * the token from the module and type each class passes); the component names its own. test/resources/types.test.ts
 * registers each class and checks its token.
 */
export const RESOURCE_TYPES = {
  ZeroTrustOrganization: "pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization",
  OrganizationDoh: "pulumi-nodejs:dynamic/cloudflare-zero-trust:OrganizationDoh",
  UserAccessRevocation: "pulumi-nodejs:dynamic/cloudflare-zero-trust:UserAccessRevocation",
  HardenedZeroTrustOrganization: "cloudflare-zero-trust:index:HardenedZeroTrustOrganization",
} as const;
