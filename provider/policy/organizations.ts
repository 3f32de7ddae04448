import { isPlainObject, UNKNOWN, withoutUnknowns, type PlainObject } from "../model";
import { PLAN_INPUT, planInputOf, SECRET_ARGUMENTS } from "../resources/plan";
import { RESOURCE_TYPES } from "../resources/types";

/**
 * The Zero Trust organizations a stack declares, as a policy sees them: each resource type that manages one, and one
 * small adapter per shape that maps its inputs to this package's Pulumi names (the names the rule engine judges).
 */

/** An organization a program declares, in this package's names. */
export interface DeclaredOrganization {
  /** How messages name the resource's type: `ZeroTrustOrganization`, `cloudflare.AccessOrganization`. */
  readonly kind: string;
  readonly scope: "account" | "zone";
  /** The declared settings, Pulumi names, with the unknown values left out. */
  readonly settings: PlainObject;
  /** Dotted paths whose values are not known yet (a preview's outputs of other resources). */
  readonly unknown: string[];
  /** Top-level settings given as secrets: their values are never shown. */
  readonly secret: readonly string[];
}

/**
 * This package's `ZeroTrustOrganization`, by the token a dynamic resource registers. A `HardenedZeroTrustOrganization`
 * is a component: its settings are those of its child `ZeroTrustOrganization` (same name), which is checked.
 */
export const ZERO_TRUST_ORGANIZATION_TYPE = RESOURCE_TYPES.ZeroTrustOrganization;

/** The official provider's tokens (@pulumi/cloudflare), by the versions that register them. */
export const OFFICIAL_TYPES = {
  /** v6: the current resource; objects for nested settings, `mfaSshPivKeyRequirements`. */
  zeroTrustOrganization: "cloudflare:index/zeroTrustOrganization:ZeroTrustOrganization",
  /** v4–v6: v4/v5 with lists for nested blocks and no MFA settings; v6 kept it, deprecated, in the v6 shape. */
  accessOrganization: "cloudflare:index/accessOrganization:AccessOrganization",
  /** v5: the renamed resource, in the v5 shape. */
  zeroTrustAccessOrganization: "cloudflare:index/zeroTrustAccessOrganization:ZeroTrustAccessOrganization",
  /** The module layout of the provider's newest sources (aliased to the v6 token), in the v6 shape. */
  zeroTrustModuleOrganization: "cloudflare:zeroTrust/organization:Organization",
} as const;

type Adapter = (props: PlainObject) => PlainObject;

/** This package: the inputs are already in its names. A setting listed in `clear` is removed: it ends up unset. */
const thisPackage: Adapter = (props) => {
  const { __provider, [PLAN_INPUT]: _plan, [SECRET_ARGUMENTS]: _secrets, clear, restoreOnDelete, apiTokenEnvVar, ...settings } = props;
  if (Array.isArray(clear)) for (const name of clear) if (typeof name === "string") delete settings[name];
  return settings;
};

/** @pulumi/cloudflare v6: one renamed object (the API's former `mfa_ssh_piv_key_requirements`) and the former `ssh_piv_key`. */
const officialV6: Adapter = ({ mfaSshPivKeyRequirements, mfaConfig, ...settings }) => {
  const out: PlainObject = { ...settings };
  if (isPlainObject(mfaConfig)) {
    const { allowedAuthenticators } = mfaConfig;
    out.mfaConfig = Array.isArray(allowedAuthenticators)
      ? { ...mfaConfig, allowedAuthenticators: allowedAuthenticators.map((a) => (a === "ssh_piv_key" ? "piv_key" : a)) }
      : mfaConfig;
  } else if (mfaConfig !== undefined) out.mfaConfig = mfaConfig;
  if (isPlainObject(mfaSshPivKeyRequirements)) {
    const { sshKeySizes, sshKeyTypes, ...rest } = mfaSshPivKeyRequirements;
    out.mfaPivKeyRequirements = { ...rest, sshKeySize: sshKeySizes, sshKeyType: sshKeyTypes };
  } else if (mfaSshPivKeyRequirements !== undefined) out.mfaPivKeyRequirements = mfaSshPivKeyRequirements;
  return out;
};

/** @pulumi/cloudflare v4/v5: nested blocks are lists of at most one item. */
const officialV4: Adapter = ({ loginDesigns, customPages, ...settings }) => ({
  ...settings,
  loginDesign: firstOf(loginDesigns),
  customPages: firstOf(customPages),
});

/** The v4/v5 `AccessOrganization` has list blocks; v6's has objects. */
const accessOrganization: Adapter = (props) =>
  Array.isArray(props.loginDesigns) || Array.isArray(props.customPages) ? officialV4(props) : officialV6(props);

const ADAPTERS: Readonly<Record<string, { kind: string; adapt: Adapter }>> = {
  [ZERO_TRUST_ORGANIZATION_TYPE]: { kind: "ZeroTrustOrganization", adapt: thisPackage },
  [OFFICIAL_TYPES.zeroTrustOrganization]: { kind: "cloudflare.ZeroTrustOrganization", adapt: officialV6 },
  [OFFICIAL_TYPES.zeroTrustModuleOrganization]: { kind: "cloudflare.zerotrust.Organization", adapt: officialV6 },
  [OFFICIAL_TYPES.accessOrganization]: { kind: "cloudflare.AccessOrganization", adapt: accessOrganization },
  [OFFICIAL_TYPES.zeroTrustAccessOrganization]: { kind: "cloudflare.ZeroTrustAccessOrganization", adapt: officialV4 },
};

/**
 * The organization a resource declares, or undefined for any other type. `props` are the inputs as the analyzer
 * gives them (plain values; an unknown one as one of the engine's sentinels).
 */
export function declaredOrganization(type: string, props: PlainObject): DeclaredOrganization | undefined {
  const shape = ADAPTERS[type];
  if (!shape) return undefined;
  const inputs = withSdkUnknowns(props) as PlainObject;
  const { known, unknown } = withoutUnknowns(dropUndefined(shape.adapt(inputs)));
  return {
    kind: shape.kind,
    // a zone id (even one not known yet) without an account id: the zone endpoint's few settings
    scope: inputs.zoneId !== undefined && inputs.accountId === undefined ? "zone" : "account",
    settings: known,
    unknown,
    secret: type === ZERO_TRUST_ORGANIZATION_TYPE ? planInputOf(inputs).secrets : [],
  };
}

/**
 * The engine sends an analyzer one sentinel per kind of unknown value (Pulumi's `plugin.Unknown*Value`: bool, number,
 * string, array, asset, archive, object); the rule engine knows one (the string sentinel, `UNKNOWN`).
 */
const ENGINE_UNKNOWNS: ReadonlySet<unknown> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

function withSdkUnknowns(value: unknown): unknown {
  if (ENGINE_UNKNOWNS.has(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(withSdkUnknowns);
  return isPlainObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withSdkUnknowns(item)])) : value;
}

function firstOf(list: unknown): unknown {
  return Array.isArray(list) ? list[0] : list;
}

function dropUndefined(value: PlainObject): PlainObject {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
