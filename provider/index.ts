/**
 * pulumi-cloudflare-zero-trust: Cloudflare Zero Trust organization settings as code.
 *
 * The public API, name by name: what README documents and nothing internal (test/index.test.ts pins the list).
 * Add a new public name here, to README, and to that test.
 */

// First: refuses an unsupported Node.js before any dependency loads
import "./node/refuseOldNode";

// Resources
export { ZeroTrustOrganization, OrganizationDoh, UserAccessRevocation } from "./resources";
export type {
  ZeroTrustOrganizationArgs,
  CustomPages,
  LoginDesign,
  MfaConfig,
  MfaPivKeyRequirements,
  ServiceTokenInactivity,
  OrganizationDohArgs,
  UserAccessRevocationArgs,
} from "./resources";
export type { OrganizationSetting } from "./model/organization";

// Component and presets
export { HardenedZeroTrustOrganization, PRESETS } from "./component";
export type { HardenedZeroTrustOrganizationArgs, PresetName } from "./component";

// Read-only: the lookup and the audit
export { getZeroTrustOrganization, getZeroTrustOrganizationOutput } from "./resources";
export type {
  GetZeroTrustOrganizationArgs,
  GetZeroTrustOrganizationOptions,
  GetZeroTrustOrganizationOutputArgs,
  GetZeroTrustOrganizationResult,
} from "./resources";
export { auditOrganizations, describeDeviation } from "./actions";
export type { AuditArgs, AuditFailure, AuditOptions, AuditResult, Deviation } from "./actions";

// Actions
export { revokeUserAccess } from "./actions";
export type { RevokeUserArgs, RevokeUserOptions } from "./actions";

// Errors
export { CloudflareError, InvalidArgumentsError, ZeroTrustError, type ZeroTrustErrorCode } from "./model/errors";
export {
  CloudflareApiError,
  CloudflareNotFoundError,
  CloudflareAuthenticationError,
  CloudflareRateLimitedError,
  CloudflareConflictError,
  CloudflareServerError,
  CloudflareConfigurationError,
  CloudflareNetworkError,
  CloudflareResponseError,
  CloudflareWaitError,
  type CloudflareMessage,
} from "./client";
