import * as pulumi from "@pulumi/pulumi";
import { SETTINGS, settingNamesOf, type OrganizationSetting, type OrganizationSettings, type ValueOf } from "../../model";
import { planInputs } from "../plan";
import { serializableProvider } from "../shim";

type In<T> = pulumi.Input<T>;
type Settings = typeof SETTINGS;

/**
 * What an argument takes for a value of type `T`: an Input of it, and of each item of a list and member of an object.
 * (Wrapped in `[…]` so that a union such as `boolean` stays one type: `Output<boolean>` is accepted whole.)
 */
type Arg<T> = In<[T] extends [readonly (infer E)[]] ? In<E>[] : [T] extends [object] ? { [K in keyof T]?: Arg<Exclude<T[K], undefined>> } : T>;

/** The organization's settings as arguments, mapped from the settings table (model/settings.ts), whose docs they keep. */
type SettingsArgs = { [K in keyof Settings]?: Arg<ValueOf<Settings[K]>> };

/** The organization's settings as outputs: what Cloudflare has; `name` and `authDomain` always have a value. */
type SettingsOutputs = { readonly [K in keyof Settings]: pulumi.Output<Settings[K] extends { always: true } ? ValueOf<Settings[K]> : ValueOf<Settings[K]> | undefined> };

/** `customPages`: the custom pages shown when access is denied (account scope). */
export type CustomPages = NonNullable<OrganizationSettings["customPages"]>;
/** `loginDesign`: the login page's look. */
export type LoginDesign = NonNullable<OrganizationSettings["loginDesign"]>;
/** `mfaConfig`: the organization's multi-factor authentication (account scope). */
export type MfaConfig = NonNullable<OrganizationSettings["mfaConfig"]>;
/** `mfaPivKeyRequirements`: what the SSH keys of the infrastructure authenticators must be (account scope). */
export type MfaPivKeyRequirements = NonNullable<OrganizationSettings["mfaPivKeyRequirements"]>;
/** `serviceTokenInactivity`: what Cloudflare does with service tokens nobody has used for a while (account scope). */
export type ServiceTokenInactivity = NonNullable<OrganizationSettings["serviceTokenInactivity"]>;

/**
 * Arguments of `ZeroTrustOrganization`: the API's fields in lowerCamelCase. Only the settings you set are managed;
 * every other setting keeps whatever it has on Cloudflare. `""`, `[]` and `{}` mean unset. Changing `accountId` or
 * `zoneId` replaces the resource; a change of any other argument updates the organization in place.
 */
export interface ZeroTrustOrganizationArgs extends SettingsArgs {
  /**
   * The account whose organization this is (32 hex characters). Exactly one of `accountId` and `zoneId`; no default.
   * Changing it replaces the resource (the organization it leaves keeps its settings, or gets back its earlier ones
   * with `restoreOnDelete`).
   */
  accountId?: In<string>;
  /**
   * The zone whose organization this is (32 hex characters): zone scope has fewer settings (those marked "account
   * scope" are refused). Exactly one of `accountId` and `zoneId`; no default. Changing it replaces the resource.
   */
  zoneId?: In<string>;
  /**
   * On `pulumi destroy`, write back the values the managed settings had before this resource adopted the
   * organization. Defaults to `false`: destroying leaves every setting as it is on Cloudflare.
   */
  restoreOnDelete?: In<boolean>;
  /**
   * Settings to remove from the organization, so Cloudflare's default applies (removing a setting from the program
   * only stops managing it). Defaults to none.
   */
  clear?: In<In<OrganizationSetting>[]>;
  /**
   * The name (not the value) of an environment variable holding the API token for this resource, e.g. one token per
   * account in a rollout; only the name is stored in the state. Defaults to the provider's credential
   * (`cloudflare:apiToken`, else `CLOUDFLARE_API_TOKEN`).
   */
  apiTokenEnvVar?: In<string>;
}

/** Output names beyond the arguments (seeded so that the engine registers them). */
const OUTPUT_ONLY = ["createdAt", "updatedAt", "trustedAccounts", "adopted", "settingsBeforeAdoption"] as const;
/** Every argument: the scope, each setting of the table, and the resource's options. */
const ARGUMENT_NAMES = [
  "accountId", "zoneId", ...settingNamesOf(SETTINGS), "restoreOnDelete", "clear", "apiTokenEnvVar",
] as const satisfies readonly (keyof ZeroTrustOrganizationArgs)[];

/** Each setting as an output: its value on Cloudflare (see the argument of the same name). */
export interface ZeroTrustOrganization extends SettingsOutputs {}

/**
 * A Cloudflare Zero Trust organization (account or zone). There is one per account or zone: if it exists it is
 * adopted and only the settings you set change; otherwise it is created. Destroying leaves it on Cloudflare.
 * Outputs: every setting as Cloudflare has it (managed or not), the arguments below, and the organization's own.
 */
export class ZeroTrustOrganization extends pulumi.dynamic.Resource {
  /** The account, for an account organization. */
  declare readonly accountId: pulumi.Output<string | undefined>;
  /** The zone, for a zone organization. */
  declare readonly zoneId: pulumi.Output<string | undefined>;
  /** Whether `pulumi destroy` writes back the settings from before the adoption. */
  declare readonly restoreOnDelete: pulumi.Output<boolean | undefined>;
  /** The settings this resource removes. */
  declare readonly clear: pulumi.Output<OrganizationSetting[] | undefined>;
  /** The name of the environment variable holding this resource's API token, if it has its own. */
  declare readonly apiTokenEnvVar: pulumi.Output<string | undefined>;
  /** When Cloudflare created the organization (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** When the organization last changed on Cloudflare (ISO 8601). */
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  /** Accounts this organization trusts for policy and device-posture sharing (read-only, account scope). */
  declare readonly trustedAccounts: pulumi.Output<string[] | undefined>;
  /** True when the organization existed before this resource and was adopted. */
  declare readonly adopted: pulumi.Output<boolean>;
  /**
   * The settings the organization had when it was adopted (Pulumi names); `restoreOnDelete` writes back those the
   * stack manages. Always a secret: it may hold earlier values of any argument.
   */
  declare readonly settingsBeforeAdoption: pulumi.Output<Record<string, unknown> | undefined>;

  constructor(name: string, args: ZeroTrustOrganizationArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const key of [...ARGUMENT_NAMES, ...OUTPUT_ONLY]) props[key] = undefined;
    Object.assign(props, args, planInputs(name, args));
    // it holds earlier values of any argument, secrets included: the engine stores and shows it as a secret
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), "settingsBeforeAdoption"];
    super(serializableProvider("organization"), name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "cloudflare-zero-trust", "ZeroTrustOrganization");
  }
}
