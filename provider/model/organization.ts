import { z } from "zod";
import { asSet, cloudflareId, hostname, uuid, validator, type Known, type SchemaIssue } from "./common";
import { duration } from "./duration";
import { WireNames, type NameTree } from "./naming";

export const AUTHENTICATORS = ["totp", "biometrics", "security_key", "piv_key", "ssh_fido2_key"] as const;
/** Authenticators that serve only infrastructure (SSH) applications. */
export const INFRASTRUCTURE_AUTHENTICATORS: ReadonlySet<string> = new Set(["piv_key", "ssh_fido2_key"]);
export const PIN_POLICIES = ["never", "once", "always"] as const;
export const TOUCH_POLICIES = ["never", "always", "cached"] as const;
export const SSH_KEY_TYPES = ["ecdsa", "ed25519", "rsa"] as const;
export const SSH_KEY_SIZES = [256, 384, 521, 2048, 3072, 4096] as const;
export const SERVICE_TOKEN_INACTIVITY_ACTIONS = ["disable", "delete"] as const;
export type Authenticator = (typeof AUTHENTICATORS)[number];
export type PinPolicy = (typeof PIN_POLICIES)[number];
export type TouchPolicy = (typeof TOUCH_POLICIES)[number];
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];
export type SshKeySize = (typeof SSH_KEY_SIZES)[number];
export type ServiceTokenInactivityAction = (typeof SERVICE_TOKEN_INACTIVITY_ACTIONS)[number];

/** Which sizes belong to which key type (ed25519 has a fixed size and takes none). */
const KEY_SIZES_BY_TYPE: Record<SshKeyType, readonly number[]> = {
  ecdsa: [256, 384, 521],
  rsa: [2048, 3072, 4096],
  ed25519: [],
};

/** The settings the zone endpoint has; everything else is account-only. */
export const ZONE_FIELDS = [
  "name", "authDomain", "isUiReadOnly", "uiReadOnlyToggleReason", "loginDesign", "userSeatExpirationInactiveTime",
  "denyUnmatchedRequests", "denyUnmatchedRequestsExemptedZoneNames",
] as const;

/** MFA session bounds the API documents: minutes or hours, 0m to 720h (30 days). */
const mfaSession = duration({ minutesOrHours: true, minHours: 0, maxHours: 720 });

/**
 * A set-like list: sorted and without repeats once validated, so two orderings of one set are the same input.
 * `value` is one item's schema.
 */
function setOf<T extends z.ZodType<string | number>>(value: T) {
  return z.array(value).transform((items) => asSet(items as (string | number)[]) as z.output<T>[]);
}

/** Every organization setting, in Pulumi's names, with the constraints the API documents. */
const SETTINGS = {
  name: z.string().trim().min(1, "must not be empty"),
  authDomain: hostname("a domain name such as example.cloudflareaccess.com"),
  allowAuthenticateViaWarp: z.boolean(),
  autoRedirectToIdentity: z.boolean(),
  denyUnmatchedRequests: z.boolean(),
  denyUnmatchedRequestsExemptedZoneNames: setOf(hostname("a zone name such as example.com")),
  isUiReadOnly: z.boolean(),
  uiReadOnlyToggleReason: z.string(),
  sessionDuration: duration(),
  userSeatExpirationInactiveTime: duration({ minHours: 730 }),
  warpAuthSessionDuration: duration({ minutesOrHours: true }),
  warpAuthNonBrowser401: z.boolean(),
  mfaRequiredForAllApps: z.boolean(),
  customPages: z.strictObject({ forbidden: z.string(), identityDenied: z.string() }).partial(),
  loginDesign: z
    .strictObject({
      backgroundColor: z.string(),
      footerText: z.string(),
      headerText: z.string(),
      logoPath: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
      textColor: z.string(),
    })
    .partial(),
  mfaConfig: z
    .strictObject({
      allowedAuthenticators: setOf(z.enum(AUTHENTICATORS)),
      sessionDuration: mfaSession,
      amrMatchingSessionDuration: mfaSession,
      requiredAaguids: uuid(),
    })
    .partial(),
  mfaPivKeyRequirements: z
    .strictObject({
      pinPolicy: z.enum(PIN_POLICIES),
      requireFipsDevice: z.boolean(),
      sshKeySize: setOf(z.union(SSH_KEY_SIZES.map((size) => z.literal(size)))),
      sshKeyType: setOf(z.enum(SSH_KEY_TYPES)),
      touchPolicy: z.enum(TOUCH_POLICIES),
    })
    .partial(),
  serviceTokenInactivity: z
    .strictObject({
      action: z.enum(SERVICE_TOKEN_INACTIVITY_ACTIONS),
      enabled: z.boolean(),
      inactivityThresholdDays: z.int().min(30, "must be at least 30 (days)").max(365, "must be at most 365 (days)"),
    })
    .partial(),
  strictServiceTokenAuth: z.boolean(),
};

/** The fields of a `ZeroTrustOrganization` (scope and settings), before the resource adds its own options. */
export const ORGANIZATION_FIELDS = { accountId: cloudflareId(), zoneId: cloudflareId(), ...SETTINGS };

/** The modelled names of a schema's object: each key, with its members' names when its value is an object. */
function namesOf(shape: Readonly<Record<string, z.ZodType>>): NameTree {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema instanceof z.ZodObject ? namesOf(schema.shape) : {}]));
}

/** The organization's settings in Pulumi's names and the API's, at every depth: nothing else is ever renamed. */
export const ORGANIZATION_NAMES = new WireNames(namesOf(SETTINGS));

/** Names of every organization setting (both scopes). */
export const ORGANIZATION_SETTINGS = Object.keys(SETTINGS) as readonly OrganizationSetting[];

export type OrganizationSettings = Partial<z.output<z.ZodObject<typeof SETTINGS>>>;
export type OrganizationSetting = keyof typeof SETTINGS;
export type OrganizationArgsShape = OrganizationSettings & { accountId?: string; zoneId?: string };

/**
 * Rules between fields. `known(path)` says whether a value is known yet: during a preview a value computed by
 * another resource is not, and a rule that involves it is skipped rather than failed.
 */
export function organizationRuleIssues(args: OrganizationArgsShape, known: Known = () => true): SchemaIssue[] {
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
    const zoneFields: ReadonlySet<string> = new Set(ZONE_FIELDS);
    for (const key of ORGANIZATION_SETTINGS) {
      if (args[key] !== undefined && !zoneFields.has(key)) {
        issues.push({
          property: key,
          reason: `is an account setting; the zone endpoint only has ${ZONE_FIELDS.join(", ")}`,
        });
      }
    }
  }
  issues.push(...requiredMfaIssues(args, { complete: false, known }));
  issues.push(...pivKeySizeIssues(args, known));
  return issues;
}

/**
 * `mfaRequiredForAllApps` needs MFA with an authenticator and a session duration, and an authenticator other apps
 * can use (piv_key and ssh_fido2_key serve only infrastructure apps). With `complete`, the settings are the whole
 * organization about to be written, so a missing value is an error too.
 */
export function requiredMfaIssues(
  settings: OrganizationSettings,
  { complete, known = () => true }: { complete: boolean; known?: Known },
): SchemaIssue[] {
  if (settings.mfaRequiredForAllApps !== true || !known("mfaRequiredForAllApps")) return [];
  if (!known("mfaConfig") || !known("mfaConfig.allowedAuthenticators")) return [];
  const authenticators = settings.mfaConfig?.allowedAuthenticators;
  const issues: SchemaIssue[] = [];
  const property = "mfaConfig.allowedAuthenticators";
  if (authenticators === undefined && complete) {
    issues.push({ property, reason: "must list at least one authenticator when mfaRequiredForAllApps is true" });
  } else if (authenticators?.every((a) => INFRASTRUCTURE_AUTHENTICATORS.has(a))) {
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

/**
 * Validates organization arguments: every field's own constraints, then the rules between fields. Set-like lists
 * come back sorted and without repeats, so two orderings of one set are the same input.
 */
export const validateOrganizationArgs = validator(z.strictObject(ORGANIZATION_FIELDS).partial(), organizationRuleIssues);
