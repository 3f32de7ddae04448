import { z } from "zod";
import type { Known, SchemaIssue, Validator } from "./common";
import type { SettingsOf, Table } from "./fields";
import { cloudflareId, shapeOf, validator } from "./schema";
import type { ScopeArgs } from "./scope";
import {
  AUTHENTICATORS,
  INFRASTRUCTURE_AUTHENTICATORS,
  PIN_POLICIES,
  SERVICE_TOKEN_INACTIVITY_ACTIONS,
  SETTINGS,
  SSH_KEY_SIZES,
  SSH_KEY_TYPES,
  TOUCH_POLICIES,
} from "./settings";
import { comparisonRulesOf, settingNamesOf, wireNamesOf, zoneSettingsOf } from "./table";

/** The organization's settings (settings.ts) as the rest of the package uses them: every list here is derived. */

export type Authenticator = (typeof AUTHENTICATORS)[number];
export type PinPolicy = (typeof PIN_POLICIES)[number];
export type TouchPolicy = (typeof TOUCH_POLICIES)[number];
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];
export type SshKeySize = (typeof SSH_KEY_SIZES)[number];
export type ServiceTokenInactivityAction = (typeof SERVICE_TOKEN_INACTIVITY_ACTIONS)[number];

/** The organization's settings, in Pulumi's names: every one optional (what a program sets, what Cloudflare has). */
export type OrganizationSettings = SettingsOf<typeof SETTINGS>;
/** The name of an organization setting (what `clear` takes). */
export type OrganizationSetting = keyof typeof SETTINGS & string;
export type OrganizationArgsShape = OrganizationSettings & ScopeArgs;

/** Names of every organization setting (both scopes), in the table's order. */
export const ORGANIZATION_SETTINGS: readonly OrganizationSetting[] = settingNamesOf(SETTINGS);
/** The settings the zone endpoint has; everything else is account-only. */
export const ZONE_FIELDS: readonly OrganizationSetting[] = zoneSettingsOf(SETTINGS);
/** The organization's settings in Pulumi's names and the API's, at every depth: nothing else is ever renamed. */
export const ORGANIZATION_NAMES = wireNamesOf(SETTINGS);
/** How the organization's settings compare by meaning, in diff and in the audit. */
export const ORGANIZATION_RULES = comparisonRulesOf(SETTINGS);

/** Which sizes belong to which key type (ed25519 has a fixed size and takes none). */
const KEY_SIZES_BY_TYPE: Record<SshKeyType, readonly number[]> = {
  ecdsa: [256, 384, 521],
  rsa: [2048, 3072, 4096],
  ed25519: [],
};

/** @internal The checks of an organization's scope and a table's settings (see `organizationValidator`). */
export function organizationShapeOf(table: Table): Record<string, z.ZodType> {
  return { accountId: cloudflareId(), zoneId: cloudflareId(), ...shapeOf(table) };
}

/**
 * Rules between fields, for a table's settings. `known(path)` says whether a value is known yet: during a preview a
 * value computed by another resource is not, and a rule that involves it is skipped rather than failed.
 */
export function organizationRulesOf(table: Table): (args: OrganizationArgsShape, known: Known) => SchemaIssue[] {
  const zoneFields: readonly string[] = zoneSettingsOf(table);
  const names = settingNamesOf(table);
  return (args, known) => {
    const issues: SchemaIssue[] = [];
    const hasAccount = args.accountId !== undefined || !known("accountId");
    const hasZone = args.zoneId !== undefined || !known("zoneId");
    if (hasAccount === hasZone) {
      issues.push({
        property: hasAccount ? "zoneId" : "accountId",
        reason: hasAccount ? "accountId and zoneId are exclusive: set exactly one" : "set accountId or zoneId",
      });
    }
    if (args.zoneId !== undefined && args.accountId === undefined) {
      for (const key of names) {
        if ((args as Record<string, unknown>)[key] !== undefined && !zoneFields.includes(key)) {
          issues.push({ property: key, reason: `is an account setting; the zone endpoint only has ${zoneFields.join(", ")}` });
        }
      }
    }
    issues.push(...requiredMfaIssues(args, { complete: false, known }));
    issues.push(...pivKeySizeIssues(args, known));
    return issues;
  };
}

/**
 * Validates organization arguments of a table's settings: every field's own constraints, then the rules between
 * fields. Set-like lists come back sorted and without repeats, so two orderings of one set are the same input.
 */
export function organizationValidator<T extends Table>(table: T): Validator<SettingsOf<T> & ScopeArgs> {
  return validator(z.strictObject(organizationShapeOf(table)).partial(), organizationRulesOf(table)) as Validator<SettingsOf<T> & ScopeArgs>;
}

/** Validates organization arguments (see `organizationValidator`). */
export const validateOrganizationArgs: Validator<OrganizationArgsShape> = organizationValidator(SETTINGS);

/**
 * `mfaRequiredForAllApps` needs MFA with an authenticator and a session duration, and an authenticator other apps
 * can use (piv_key and ssh_fido2_key serve only infrastructure apps). With `complete`, the settings are the whole
 * organization about to be written, so a missing value is an error too.
 */
export function requiredMfaIssues(
  settings: OrganizationSettings,
  { complete, known = () => true }: { complete: boolean; known?: Known },
): SchemaIssue[] {
  // a value not known yet is not in `settings` (it is set aside before validation), and `known` knows a path
  // unknown when what it lies inside is
  if (settings.mfaRequiredForAllApps !== true || !known("mfaConfig.allowedAuthenticators")) return [];
  const authenticators = settings.mfaConfig?.allowedAuthenticators;
  const issues: SchemaIssue[] = [];
  const property = "mfaConfig.allowedAuthenticators";
  if (authenticators === undefined && complete) {
    issues.push({ property, reason: "must list at least one authenticator when mfaRequiredForAllApps is true" });
  } else if (authenticators?.every((a) => (INFRASTRUCTURE_AUTHENTICATORS as readonly string[]).includes(a))) {
    issues.push({
      property,
      reason:
        "cannot contain only piv_key/ssh_fido2_key when mfaRequiredForAllApps is true: they serve only infrastructure " +
        "apps, so every other app would require an MFA method nobody can use; add totp, biometrics or security_key",
    });
  }
  if (complete && known("mfaConfig.sessionDuration") && !settings.mfaConfig?.sessionDuration) {
    issues.push({ property: "mfaConfig.sessionDuration", reason: "must be set when mfaRequiredForAllApps is true" });
  }
  return issues;
}

/**
 * The rules between fields, on the whole organization about to be written (the program's settings merged with what
 * Cloudflare has): a partial nested object merged with the live one must still make a combination the API takes.
 * At preview, a rule that involves a value not known yet is skipped (`known`).
 */
export function mergedOrganizationIssues(settings: OrganizationSettings, known: Known = () => true): SchemaIssue[] {
  const issues = [...requiredMfaIssues(settings, { complete: true, known }), ...pivKeySizeIssues(settings, known)];
  const inactivity = settings.serviceTokenInactivity;
  if (inactivity && known("serviceTokenInactivity")) {
    for (const member of ["action", "enabled", "inactivityThresholdDays"] as const) {
      if (inactivity[member] === undefined && known(`serviceTokenInactivity.${member}`)) {
        issues.push({ property: `serviceTokenInactivity.${member}`, reason: "must be set: Cloudflare takes the three members together and has no value for it" });
      }
    }
  }
  return issues;
}

function pivKeySizeIssues(args: OrganizationSettings, known: Known): SchemaIssue[] {
  const piv = args.mfaPivKeyRequirements;
  if (!piv?.sshKeySize || !piv.sshKeyType) return [];
  if (!known("mfaPivKeyRequirements.sshKeySize") || !known("mfaPivKeyRequirements.sshKeyType")) return [];
  const allowed = new Set(piv.sshKeyType.flatMap((type) => KEY_SIZES_BY_TYPE[type]));
  const stray = piv.sshKeySize.filter((size) => !allowed.has(size));
  if (stray.length === 0) return [];
  return [
    {
      property: "mfaPivKeyRequirements.sshKeySize",
      reason:
        `${stray.join(", ")} ${stray.length > 1 ? "do" : "does"} not fit the key types ${piv.sshKeyType.join(", ")} ` +
        "(ecdsa takes 256/384/521, rsa 2048/3072/4096, ed25519 has a fixed size)",
    },
  ];
}

