import fc from "fast-check";
import { AUTHENTICATORS, PIN_POLICIES, SSH_KEY_TYPES, TOUCH_POLICIES } from "../../provider/schemas/organization";

/** Valid and invalid values for every organization field, generated independently of the provider's own parsers. */

const KEY_SIZES: Record<string, number[]> = { ecdsa: [256, 384, 521], rsa: [2048, 3072, 4096], ed25519: [] };

/** Any string: every code point, control characters, astral planes, very long. */
export const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", minLength: 1000, maxLength: 5000 }));

/** A Go duration with the given units, between min and max hours. */
export function goDuration(units: readonly ("ms" | "s" | "m" | "h")[], minH = 0, maxH = 10_000): fc.Arbitrary<string> {
  const toHours = { ms: 1 / 3.6e6, s: 1 / 3600, m: 1 / 60, h: 1 } as const;
  return fc
    .array(fc.tuple(fc.integer({ min: 0, max: 900 }), fc.constantFrom(...units)), { minLength: 1, maxLength: 3 })
    .filter((terms) => {
      const hours = terms.reduce((sum, [n, unit]) => sum + n * toHours[unit], 0);
      return hours >= minH && hours <= maxH;
    })
    .map((terms) => terms.map(([n, unit]) => `${n}${unit}`).join(""));
}

export const hostname = fc.domain();

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
      uiReadOnlyToggleReason: anyText,
      sessionDuration: goDuration(["ms", "s", "m", "h"]),
      userSeatExpirationInactiveTime: goDuration(["m", "h"], 730),
      warpAuthSessionDuration: goDuration(["m", "h"]),
      warpAuthNonBrowser401: fc.boolean(),
      customPages: fc.record({ forbidden: anyText, identityDenied: anyText }, { requiredKeys: [] }),
      loginDesign: fc.record(
        { backgroundColor: anyText, footerText: anyText, headerText: anyText, logoPath: fc.webUrl({ validSchemes: ["https"] }), textColor: anyText },
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
      mfaRequiredForAllApps: fc.constant(false),
    },
    { requiredKeys: [] },
  );

/** Strings that are not Cloudflare ids, hostile ones first (bounded: a server refuses a URL of many kilobytes). */
export const notAnId = fc.oneof(
  fc.constantFrom("../zones/0123456789abcdef0123456789abcdef", "..", ".", "", "a/b", "id?x=1", "id#frag", "%2e%2e", "\ud800", "0123456789abcdef0123456789abcde\u0000"),
  fc.string({ unit: "binary", maxLength: 300 }).filter((s) => !/^[0-9a-fA-F]{32}$/.test(s)),
);

/** Invalid values, by field, with the property the error must name. */
export const INVALID: Array<[string, fc.Arbitrary<Record<string, unknown>>]> = [
  ["accountId", notAnId.map((accountId) => ({ accountId }))],
  ["name", fc.constantFrom("", "   ", "\t").map((name) => ({ name }))],
  ["authDomain", fc.oneof(fc.constant(""), anyText.filter((s) => /[\s/?#:@]/.test(s) || !s.includes("."))).map((authDomain) => ({ authDomain }))],
  ["sessionDuration", fc.oneof(fc.integer({ min: 1 }).map((n) => `${n}d`), fc.integer().map(String).filter((s) => s !== "0"), fc.constantFrom("5 m", " 5m", "5M", "-5m", "1h-5m", "h", "5mss")).map((sessionDuration) => ({ sessionDuration }))],
  ["warpAuthSessionDuration", goDuration(["ms", "s"]).filter((d) => !/^0+(ms|s)$/.test(d) && /[1-9]/.test(d)).map((warpAuthSessionDuration) => ({ warpAuthSessionDuration }))],
  ["userSeatExpirationInactiveTime", fc.integer({ min: 0, max: 729 }).map((h) => ({ userSeatExpirationInactiveTime: `${h}h` }))],
  ["mfaConfig.sessionDuration", fc.integer({ min: 721, max: 100_000 }).map((h) => ({ mfaConfig: { sessionDuration: `${h}h` } }))],
  ["mfaConfig.amrMatchingSessionDuration", fc.integer({ min: 43_201, max: 10_000_000 }).map((m) => ({ mfaConfig: { amrMatchingSessionDuration: `${m}m` } }))],
  ["mfaConfig.allowedAuthenticators", anyText.filter((s) => !(AUTHENTICATORS as readonly string[]).includes(s)).map((a) => ({ mfaConfig: { allowedAuthenticators: [a] } }))],
  ["mfaConfig.requiredAaguids", anyText.filter((s) => !/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(s)).map((id) => ({ mfaConfig: { requiredAaguids: id } }))],
  ["mfaPivKeyRequirements.pinPolicy", anyText.filter((s) => !(PIN_POLICIES as readonly string[]).includes(s)).map((p) => ({ mfaPivKeyRequirements: { pinPolicy: p } }))],
  ["mfaPivKeyRequirements.touchPolicy", anyText.filter((s) => !(TOUCH_POLICIES as readonly string[]).includes(s)).map((p) => ({ mfaPivKeyRequirements: { touchPolicy: p } }))],
  ["mfaPivKeyRequirements.sshKeySize", fc.integer().filter((n) => ![256, 384, 521, 2048, 3072, 4096].includes(n)).map((n) => ({ mfaPivKeyRequirements: { sshKeySize: [n] } }))],
  ["mfaPivKeyRequirements.sshKeyType", anyText.filter((s) => !(SSH_KEY_TYPES as readonly string[]).includes(s)).map((t) => ({ mfaPivKeyRequirements: { sshKeyType: [t] } }))],
  ["loginDesign.logoPath", anyText.filter((s) => s !== "" && !/^https?:\/\//.test(s)).map((logoPath) => ({ loginDesign: { logoPath } }))],
  ["isUiReadOnly", fc.oneof(fc.string(), fc.integer(), fc.constant(null)).map((isUiReadOnly) => ({ isUiReadOnly }))],
  ["denyUnmatchedRequestsExemptedZoneNames", anyText.filter((s) => /[\s/?#:@]/.test(s)).map((zone) => ({ denyUnmatchedRequestsExemptedZoneNames: [zone] }))],
];
