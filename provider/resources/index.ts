export { ZeroTrustOrganization, type ZeroTrustOrganizationArgs } from "./organization/resource";
export type { CustomPages, LoginDesign, MfaConfig, MfaPivKeyRequirements } from "./organization/resource";
