import fc from "fast-check";
import { ZONE_FIELDS } from "../../provider/model/organization";
import { AUTHENTICATORS, PIN_POLICIES, SSH_KEY_TYPES, TOUCH_POLICIES } from "../../provider/model/settings";

/** Valid and invalid values for every organization field, generated independently of the provider's own parsers. */

const KEY_SIZES: Record<string, number[]> = { ecdsa: [256, 384, 521], rsa: [2048, 3072, 4096], ed25519: [] };

/** Any string: every code point, control characters, astral planes, very long. */
export const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", minLength: 1000, maxLength: 5000 }));

/** Any text but the empty string, which means "unset" for every argument. */
export const someText = anyText.filter((s) => s !== "");

type Unit = "ns" | "us" | "µs" | "ms" | "s" | "m" | "h";
const HOURS: Record<Unit, number> = { ns: 1 / 3.6e12, us: 1 / 3.6e9, "µs": 1 / 3.6e9, ms: 1 / 3.6e6, s: 1 / 3600, m: 1 / 60, h: 1 };
export const ALL_UNITS: readonly Unit[] = ["ns", "us", "µs", "ms", "s", "m", "h"];

/** An amount as Go writes or accepts it: `5`, `1.5`, `.5`, `2.` — with its value. */
const amount = fc.oneof(
  fc.integer({ min: 0, max: 900 }).map((n) => [String(n), n] as const),
  fc.tuple(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 999 })).map(([whole, part]) => [`${whole}.${part}`, Number(`${whole}.${part}`)] as const),
  fc.integer({ min: 0, max: 999 }).map((part) => [`.${part}`, Number(`0.${part}`)] as const),
  fc.integer({ min: 0, max: 900 }).map((n) => [`${n}.`, n] as const),
);

/**
 * A Go duration with the given units, between min and max hours: fractions, any mix of units, sometimes a leading
 * `+`, and the bare `0` when the range allows it.
 */
export function goDuration(units: readonly Unit[], minH = 0, maxH = 10_000): fc.Arbitrary<string> {
  const terms = fc
    .tuple(fc.boolean(), fc.array(fc.tuple(amount, fc.constantFrom(...units)), { minLength: 1, maxLength: 3 }))
    .filter(([, list]) => {
      const hours = list.reduce((sum, [[, value], unit]) => sum + value * HOURS[unit], 0);
      return hours >= minH && hours <= maxH;
    })
    .map(([plus, list]) => (plus ? "+" : "") + list.map(([[text], unit]) => `${text}${unit}`).join(""));
  return minH > 0 ? terms : fc.oneof({ arbitrary: terms, weight: 9 }, { arbitrary: fc.constantFrom("0", "+0"), weight: 1 });
}

export const hostname = fc.domain();

/** The value without empty lists and objects, which mean "unset" (a record whose every key is optional may be one). */
function nonEmpty<T>(value: T): T {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const kept = Object.entries(value)
    .map(([key, item]) => [key, nonEmpty(item)] as const)
    .filter(([, item]) => !(Array.isArray(item) && item.length === 0) && !(typeof item === "object" && item !== null && !Array.isArray(item) && Object.keys(item).length === 0));
  return Object.fromEntries(kept) as T;
}

export const validOrganizationSettings = fc
  .record(
    {
      name: fc.string({ minLength: 1, maxLength: 100 }).filter((s) => s.trim() === s && s.length > 0),
      authDomain: hostname,
      allowAuthenticateViaWarp: fc.boolean(),
      autoRedirectToIdentity: fc.boolean(),
      denyUnmatchedRequests: fc.boolean(),
      denyUnmatchedRequestsExemptedZoneNames: fc.uniqueArray(hostname, { maxLength: 4 }).map((names) => [...names].sort()),
      isUiReadOnly: fc.boolean(),
      uiReadOnlyToggleReason: someText,
      sessionDuration: goDuration(ALL_UNITS),
      userSeatExpirationInactiveTime: goDuration(["m", "h"], 730),
      warpAuthSessionDuration: goDuration(["m", "h"]),
      warpAuthNonBrowser401: fc.boolean(),
      customPages: fc.record({ forbidden: someText, identityDenied: someText }, { requiredKeys: [] }),
      loginDesign: fc.record(
        { backgroundColor: someText, footerText: someText, headerText: someText, logoPath: fc.webUrl({ validSchemes: ["https"] }), textColor: someText },
        { requiredKeys: [] },
      ),
      mfaConfig: fc.record(
        {
          allowedAuthenticators: fc.uniqueArray(fc.constantFrom(...AUTHENTICATORS)).map((a) => [...a].sort()),
          sessionDuration: goDuration(["m", "h"], 0, 720),
          amrMatchingSessionDuration: goDuration(["m", "h"], 0, 720),
          requiredAaguids: fc.uuid(),
        },
        { requiredKeys: [] },
      ),
      mfaPivKeyRequirements: fc
        .record(
          {
            pinPolicy: fc.constantFrom(...PIN_POLICIES),
            requireFipsDevice: fc.boolean(),
            sshKeyType: fc.uniqueArray(fc.constantFrom(...SSH_KEY_TYPES), { minLength: 1 }).map((t) => [...t].sort()),
            touchPolicy: fc.constantFrom(...TOUCH_POLICIES),
          },
          { requiredKeys: [] },
        )
        .chain((piv) =>
          fc
            .subarray(piv.sshKeyType?.flatMap((type) => KEY_SIZES[type]!) ?? [])
            .map((sizes) => (sizes.length ? { ...piv, sshKeySize: [...sizes].sort((a, b) => a - b) } : piv)),
        ),
      mfaRequiredForAllApps: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .map(nonEmpty)
  // MFA for every app needs an authenticator every app can use (the cross-field cases below break this)
  .filter(({ mfaRequiredForAllApps, mfaConfig }) => {
    const authenticators = mfaConfig?.allowedAuthenticators;
    return !mfaRequiredForAllApps || authenticators === undefined || authenticators.some((a) => !INFRASTRUCTURE.includes(a));
  });

const INFRASTRUCTURE: readonly string[] = ["piv_key", "ssh_fido2_key"];
const ZONE_SETTINGS: readonly string[] = ZONE_FIELDS;

/** Valid settings of a zone organization: only the fields the zone endpoint has. */
export const validZoneSettings = validOrganizationSettings.map((settings) =>
  Object.fromEntries(Object.entries(settings).filter(([key]) => ZONE_SETTINGS.includes(key))),
);

interface Failure {
  property: string;
  reason: string | RegExp;
}

/** Inputs whose every field is valid but whose combination is not, with the exact failures check must report. */
export const CROSS_FIELD_INVALID: Array<[string, fc.Arbitrary<{ args: Record<string, unknown>; failures: Failure[] }>]> = [
  [
    "only infrastructure authenticators while MFA covers every app",
    fc.tuple(validOrganizationSettings, fc.subarray([...INFRASTRUCTURE], { minLength: 1 })).map(([settings, authenticators]) => ({
      args: { accountId: "0123456789abcdef0123456789abcdef", ...settings, mfaRequiredForAllApps: true, mfaConfig: { ...settings.mfaConfig, allowedAuthenticators: [...authenticators].sort() } },
      failures: [{ property: "mfaConfig.allowedAuthenticators", reason: /^cannot contain only piv_key\/ssh_fido2_key when mfaRequiredForAllApps is true/ }],
    })),
  ],
  [
    "account settings on a zone",
    validOrganizationSettings
      .map((settings) => Object.entries(settings).filter(([key]) => !ZONE_SETTINGS.includes(key)))
      .filter((accountOnly) => accountOnly.length > 0)
      .chain((accountOnly) =>
        validZoneSettings.map((zone) => ({
          args: { zoneId: "00112233445566778899aabbccddeeff", ...zone, ...Object.fromEntries(accountOnly) },
          failures: accountOnly.map(([property]) => ({ property, reason: /^is an account setting; the zone endpoint only has name, authDomain/ })),
        })),
      ),
  ],
  [
    "SSH key sizes that fit none of the key types",
    fc
      .constantFrom(...(["ecdsa", "rsa", "ed25519"] as const))
      .chain((type) =>
        fc
          .subarray(Object.entries(KEY_SIZES).flatMap(([other, sizes]) => (other === type ? [] : sizes)), { minLength: 1 })
          .map((sizes) => ({
            args: { accountId: "0123456789abcdef0123456789abcdef", mfaPivKeyRequirements: { sshKeyType: [type], sshKeySize: [...sizes].sort((a, b) => a - b) } },
            failures: [{ property: "mfaPivKeyRequirements.sshKeySize", reason: `${[...sizes].sort((a, b) => a - b).join(", ")} ${sizes.length > 1 ? "do" : "does"} not fit the key types ${type} (ecdsa takes 256/384/521, rsa 2048/3072/4096, ed25519 has a fixed size)` }],
          })),
      ),
  ],
  [
    "both scopes",
    validZoneSettings.map((zone) => ({
      args: { accountId: "0123456789abcdef0123456789abcdef", zoneId: "00112233445566778899aabbccddeeff", ...zone },
      failures: [{ property: "zoneId", reason: "accountId and zoneId are exclusive: set exactly one" }],
    })),
  ],
];

/** Strings that are not Cloudflare ids, hostile ones first (bounded: a server refuses a URL of many kilobytes). */
export const notAnId = fc.oneof(
  fc.constantFrom("../zones/0123456789abcdef0123456789abcdef", "..", ".", "", "a/b", "id?x=1", "id#frag", "%2e%2e", "\ud800", "0123456789abcdef0123456789abcde\u0000"),
  fc.string({ unit: "binary", maxLength: 300 }).filter((s) => !/^[0-9a-fA-F]{32}$/.test(s)),
);

/** Invalid values, by field, with the property the error must name. */
export const INVALID: Array<[string, fc.Arbitrary<Record<string, unknown>>]> = [
  ["accountId", notAnId.map((accountId) => ({ accountId }))],
  ["name", fc.constantFrom("   ", "\t").map((name) => ({ name }))],
  ["authDomain", someText.filter((s) => /[\s/?#:@]/.test(s) || !s.includes(".")).map((authDomain) => ({ authDomain }))],
  ["sessionDuration", fc.oneof(fc.integer({ min: 1 }).map((n) => `${n}d`), fc.integer().map(String).filter((s) => s !== "0"), fc.constantFrom("5 m", " 5m", "5M", "-5m", "1h-5m", "h", "5mss")).map((sessionDuration) => ({ sessionDuration }))],
  ["warpAuthSessionDuration", goDuration(["ms", "s"]).filter((d) => !/^0+(ms|s)$/.test(d) && /[1-9]/.test(d)).map((warpAuthSessionDuration) => ({ warpAuthSessionDuration }))],
  ["userSeatExpirationInactiveTime", fc.integer({ min: 0, max: 729 }).map((h) => ({ userSeatExpirationInactiveTime: `${h}h` }))],
  ["mfaConfig.sessionDuration", fc.integer({ min: 721, max: 100_000 }).map((h) => ({ mfaConfig: { sessionDuration: `${h}h` } }))],
  ["mfaConfig.amrMatchingSessionDuration", fc.integer({ min: 43_201, max: 10_000_000 }).map((m) => ({ mfaConfig: { amrMatchingSessionDuration: `${m}m` } }))],
  ["mfaConfig.allowedAuthenticators", someText.filter((s) => !(AUTHENTICATORS as readonly string[]).includes(s)).map((a) => ({ mfaConfig: { allowedAuthenticators: [a] } }))],
  ["mfaConfig.requiredAaguids", someText.filter((s) => !/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(s)).map((id) => ({ mfaConfig: { requiredAaguids: id } }))],
  ["mfaPivKeyRequirements.pinPolicy", someText.filter((s) => !(PIN_POLICIES as readonly string[]).includes(s)).map((p) => ({ mfaPivKeyRequirements: { pinPolicy: p } }))],
  ["mfaPivKeyRequirements.touchPolicy", someText.filter((s) => !(TOUCH_POLICIES as readonly string[]).includes(s)).map((p) => ({ mfaPivKeyRequirements: { touchPolicy: p } }))],
  ["mfaPivKeyRequirements.sshKeySize", fc.integer().filter((n) => ![256, 384, 521, 2048, 3072, 4096].includes(n)).map((n) => ({ mfaPivKeyRequirements: { sshKeySize: [n] } }))],
  ["mfaPivKeyRequirements.sshKeyType", someText.filter((s) => !(SSH_KEY_TYPES as readonly string[]).includes(s)).map((t) => ({ mfaPivKeyRequirements: { sshKeyType: [t] } }))],
  ["loginDesign.logoPath", someText.filter((s) => !/^https?:\/\//.test(s)).map((logoPath) => ({ loginDesign: { logoPath } }))],
  ["isUiReadOnly", fc.oneof(fc.string({ minLength: 1 }), fc.integer(), fc.constant(null)).map((isUiReadOnly) => ({ isUiReadOnly }))],
  ["denyUnmatchedRequestsExemptedZoneNames", someText.filter((s) => /[\s/?#:@]/.test(s)).map((zone) => ({ denyUnmatchedRequestsExemptedZoneNames: [zone] }))],
];

// The organizations and programs of the preview properties (test/properties/preview.test.ts, pairPreview.test.ts):
// aimed at the rules of the merged organization (MFA required, MFA config, PIV key types and sizes, service-token
// inactivity), with partial objects and `clear`.

const MERGED_AUTHENTICATORS = ["totp", "security_key", "piv_key"] as const;
const MERGED_SIZES = [256, 384, 2048] as const;
export const sorted = <T>(values: readonly T[]) => [...values].sort();

/** An organization on Cloudflare, in the API's format. */
export const liveOrganizationArb = fc.record(
  {
    mfa_required_for_all_apps: fc.boolean(),
    mfa_config: fc.record(
      { allowed_authenticators: fc.subarray([...MERGED_AUTHENTICATORS], { minLength: 1 }).map(sorted), session_duration: fc.constantFrom("8h", "12h") },
      { requiredKeys: [] },
    ),
    mfa_piv_key_requirements: fc.record(
      { ssh_key_type: fc.subarray(["ecdsa", "ed25519", "rsa"], { minLength: 1 }).map(sorted), ssh_key_size: fc.subarray([...MERGED_SIZES], { minLength: 1 }) },
      { requiredKeys: [] },
    ),
    service_token_inactivity: fc.oneof(fc.constant(null), fc.constant({ action: "delete", enabled: true, inactivity_threshold_days: 60 })),
    session_duration: fc.constantFrom("6h", "12h"),
    allow_authenticate_via_warp: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** A program: a few settings, partial objects included, and what it clears (only settings it does not set). */
export const programArb = fc
  .record(
    {
      mfaRequiredForAllApps: fc.boolean(),
      mfaConfig: fc.record(
        { allowedAuthenticators: fc.subarray([...MERGED_AUTHENTICATORS], { minLength: 1 }).map(sorted), sessionDuration: fc.constantFrom("4h", "8h") },
        { requiredKeys: [] },
      ),
      mfaPivKeyRequirements: fc.oneof(
        fc.record({ sshKeyType: fc.subarray(["ecdsa", "ed25519", "rsa"], { minLength: 1 }).map(sorted) }),
        fc.record({ sshKeySize: fc.subarray([...MERGED_SIZES], { minLength: 1 }) }),
        fc.constant({ sshKeyType: ["ecdsa"], sshKeySize: [384] }),
      ),
      serviceTokenInactivity: fc.record(
        { action: fc.constantFrom("disable", "delete"), enabled: fc.boolean(), inactivityThresholdDays: fc.constantFrom(30, 90) },
        { requiredKeys: [] },
      ),
      sessionDuration: fc.constantFrom("6h", "24h"),
      allowAuthenticateViaWarp: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .chain((settings) => {
    const clearable = ["mfaConfig", "mfaPivKeyRequirements", "sessionDuration", "allowAuthenticateViaWarp", "mfaRequiredForAllApps"].filter((name) => !(name in settings));
    return fc.record({ settings: fc.constant(settings as Record<string, unknown>), clear: fc.subarray(clearable) });
  });
