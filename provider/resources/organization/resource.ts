import * as pulumi from "@pulumi/pulumi";
import type { Authenticator, OrganizationSetting, PinPolicy, ServiceTokenInactivityAction, SshKeySize, SshKeyType, TouchPolicy } from "../../model";
import { PLAN_INPUT, planInput } from "../plan";
import { serializableProvider } from "../shim";

type In<T> = pulumi.Input<T>;

export interface CustomPages {
  /** The uid of the custom page shown when a user is denied after failing a non-identity rule. */
  forbidden?: string;
  /** The uid of the custom page shown when a user is denied access. */
  identityDenied?: string;
}

export interface LoginDesign {
  backgroundColor?: string;
  footerText?: string;
  headerText?: string;
  /** The URL of the logo on the login page. */
  logoPath?: string;
  textColor?: string;
}

export interface MfaConfig {
  allowedAuthenticators?: Authenticator[];
  /** How long an MFA session lasts: minutes or hours, 0m to 720h. */
  sessionDuration?: string;
  /** How long MFA may be skipped when the IdP's AMR claim says "mfa": minutes or hours, 0m to 720h. */
  amrMatchingSessionDuration?: string;
  /** A Cloudflare List (uuid) of the FIDO2 authenticator AAGUIDs allowed. */
  requiredAaguids?: string;
}

export interface MfaPivKeyRequirements {
  pinPolicy?: PinPolicy;
  requireFipsDevice?: boolean;
  sshKeySize?: SshKeySize[];
  sshKeyType?: SshKeyType[];
  touchPolicy?: TouchPolicy;
}

/** What Cloudflare does with service tokens nobody has used for a while (account scope). */
export interface ServiceTokenInactivity {
  /** What happens to an inactive service token. */
  action?: ServiceTokenInactivityAction;
  enabled?: boolean;
  /** Days without use before the action applies: 30 to 365. */
  inactivityThresholdDays?: number;
}

type Inputs<T> = { [K in keyof T]?: In<T[K] extends (infer E)[] ? In<E>[] : T[K]> };

/**
 * Arguments of `ZeroTrustOrganization`: the API's fields in lowerCamelCase. Only the settings you set are managed;
 * every other setting keeps whatever it has on Cloudflare.
 */
export interface ZeroTrustOrganizationArgs {
  /** The account whose organization this is. Exactly one of accountId and zoneId; changing it replaces. */
  accountId?: In<string>;
  /** The zone whose organization this is (zone scope has fewer settings). Changing it replaces. */
  zoneId?: In<string>;
  /** Needed only when no organization exists yet. */
  name?: In<string>;
  /** The organization's unique `<team>.cloudflareaccess.com` domain; needed only when none exists yet. */
  authDomain?: In<string>;
  allowAuthenticateViaWarp?: In<boolean>;
  autoRedirectToIdentity?: In<boolean>;
  denyUnmatchedRequests?: In<boolean>;
  denyUnmatchedRequestsExemptedZoneNames?: In<In<string>[]>;
  isUiReadOnly?: In<boolean>;
  uiReadOnlyToggleReason?: In<string>;
  /** How long application tokens last (Go duration, e.g. 24h). */
  sessionDuration?: In<string>;
  /** How long an inactive seat lasts before it expires (at least 730h). */
  userSeatExpirationInactiveTime?: In<string>;
  /** How long WARP-authenticated tokens last (minutes or hours). */
  warpAuthSessionDuration?: In<string>;
  warpAuthNonBrowser401?: In<boolean>;
  mfaRequiredForAllApps?: In<boolean>;
  customPages?: In<Inputs<CustomPages>>;
  loginDesign?: In<Inputs<LoginDesign>>;
  mfaConfig?: In<Inputs<MfaConfig>>;
  mfaPivKeyRequirements?: In<Inputs<MfaPivKeyRequirements>>;
  /**
   * Automatic enforcement for inactive service tokens (account scope). Cloudflare takes the three members together:
   * members you leave out keep Cloudflare's values.
   */
  serviceTokenInactivity?: In<Inputs<ServiceTokenInactivity>>;
  /**
   * Service-token requests that fail get a 401/403 instead of a login redirect (account scope). Organizations created
   * on or after 2026-10-05 have it on and cannot turn it off.
   */
  strictServiceTokenAuth?: In<boolean>;
  /** On `pulumi destroy`, write back the values the managed settings had before the adoption. Default: leave them. */
  restoreOnDelete?: In<boolean>;
  /** Settings to remove from the organization, so Cloudflare's default applies. */
  clear?: In<In<OrganizationSetting>[]>;
  /**
   * The name of an environment variable holding the API token for this resource (e.g. one token per account in a
   * rollout). Only the name is stored in the state. Default: cloudflare:apiToken or CLOUDFLARE_API_TOKEN.
   */
  apiTokenEnvVar?: In<string>;
}

/** Output names beyond the arguments (seeded so that the engine registers them). */
const OUTPUT_ONLY = ["createdAt", "updatedAt", "trustedAccounts", "adopted", "settingsBeforeAdoption"] as const;
const ARGUMENT_NAMES = [
  "accountId", "zoneId", "name", "authDomain", "allowAuthenticateViaWarp", "autoRedirectToIdentity", "denyUnmatchedRequests",
  "denyUnmatchedRequestsExemptedZoneNames", "isUiReadOnly", "uiReadOnlyToggleReason", "sessionDuration",
  "userSeatExpirationInactiveTime", "warpAuthSessionDuration", "warpAuthNonBrowser401", "mfaRequiredForAllApps",
  "customPages", "loginDesign", "mfaConfig", "mfaPivKeyRequirements", "serviceTokenInactivity", "strictServiceTokenAuth",
  "restoreOnDelete", "clear", "apiTokenEnvVar",
] as const satisfies readonly (keyof ZeroTrustOrganizationArgs)[];

/**
 * A Cloudflare Zero Trust organization (account or zone). There is one per account or zone: if it exists it is
 * adopted and only the settings you set change; otherwise it is created. Destroying leaves it on Cloudflare.
 */
export class ZeroTrustOrganization extends pulumi.dynamic.Resource {
  declare readonly accountId: pulumi.Output<string | undefined>;
  declare readonly zoneId: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string>;
  declare readonly authDomain: pulumi.Output<string>;
  declare readonly allowAuthenticateViaWarp: pulumi.Output<boolean | undefined>;
  declare readonly autoRedirectToIdentity: pulumi.Output<boolean | undefined>;
  declare readonly denyUnmatchedRequests: pulumi.Output<boolean | undefined>;
  declare readonly denyUnmatchedRequestsExemptedZoneNames: pulumi.Output<string[] | undefined>;
  declare readonly isUiReadOnly: pulumi.Output<boolean | undefined>;
  declare readonly uiReadOnlyToggleReason: pulumi.Output<string | undefined>;
  declare readonly sessionDuration: pulumi.Output<string | undefined>;
  declare readonly userSeatExpirationInactiveTime: pulumi.Output<string | undefined>;
  declare readonly warpAuthSessionDuration: pulumi.Output<string | undefined>;
  declare readonly warpAuthNonBrowser401: pulumi.Output<boolean | undefined>;
  declare readonly mfaRequiredForAllApps: pulumi.Output<boolean | undefined>;
  declare readonly customPages: pulumi.Output<CustomPages | undefined>;
  declare readonly loginDesign: pulumi.Output<LoginDesign | undefined>;
  declare readonly mfaConfig: pulumi.Output<MfaConfig | undefined>;
  declare readonly mfaPivKeyRequirements: pulumi.Output<MfaPivKeyRequirements | undefined>;
  declare readonly serviceTokenInactivity: pulumi.Output<ServiceTokenInactivity | undefined>;
  declare readonly strictServiceTokenAuth: pulumi.Output<boolean | undefined>;
  declare readonly restoreOnDelete: pulumi.Output<boolean | undefined>;
  declare readonly clear: pulumi.Output<OrganizationSetting[] | undefined>;
  declare readonly apiTokenEnvVar: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  /** Accounts this organization trusts for policy and device-posture sharing (read-only, account scope). */
  declare readonly trustedAccounts: pulumi.Output<string[] | undefined>;
  /** True when the organization existed before this resource and was adopted. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** The settings the organization had when it was adopted; `restoreOnDelete` writes back those the stack manages. */
  declare readonly settingsBeforeAdoption: pulumi.Output<Record<string, unknown> | undefined>;

  constructor(name: string, args: ZeroTrustOrganizationArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const key of [...ARGUMENT_NAMES, ...OUTPUT_ONLY]) props[key] = undefined;
    Object.assign(props, args, { [PLAN_INPUT]: planInput(name, args) });
    // it holds earlier values of any argument, secrets included: the engine stores and shows it as a secret
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), "settingsBeforeAdoption"];
    super(serializableProvider("organization"), name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "cloudflare-zero-trust", "ZeroTrustOrganization");
  }
}
