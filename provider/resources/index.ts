export { ZeroTrustOrganization, type ZeroTrustOrganizationArgs } from "./organization/resource";
export type { CustomPages, LoginDesign, MfaConfig, MfaPivKeyRequirements, ServiceTokenInactivity } from "./organization/resource";
export { OrganizationDoh, type OrganizationDohArgs } from "./doh/resource";
export { UserAccessRevocation, type UserAccessRevocationArgs } from "./revocation/resource";
export {
  getZeroTrustOrganization,
  getZeroTrustOrganizationOutput,
  type GetZeroTrustOrganizationArgs,
  type GetZeroTrustOrganizationOptions,
  type GetZeroTrustOrganizationOutputArgs,
  type GetZeroTrustOrganizationResult,
} from "./organization/lookup";
