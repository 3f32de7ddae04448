import type { OrganizationSettings } from "./organization";

export type PresetName = "recommended" | "strict";

/**
 * The settings `HardenedZeroTrustOrganization` fills in where the caller left a value unset. Every value has its
 * reason beside it; the README repeats them. Frozen all the way down: every organization of a program shares them.
 */
export const PRESETS: Readonly<Record<PresetName, OrganizationSettings>> = deepFreeze({
  recommended: {
    // Tokens for applications last one working day: a stolen cookie is useless by tomorrow, and nobody signs in
    // more than once a day. Cloudflare's own default is 24h too, so this pins it against drift.
    sessionDuration: "24h",
    // Every application requires MFA unless its own policy says otherwise: a forgotten app is protected by default.
    mfaRequiredForAllApps: true,
    mfaConfig: {
      // Phishing-resistant methods first (FIDO2 security keys, platform biometrics/passkeys); TOTP stays as the
      // fallback so nobody without a key is locked out on day one. Infrastructure (SSH) keys are added by the PIV
      // requirements below; they cannot be the only method while MFA covers every app.
      allowedAuthenticators: ["security_key", "biometrics", "totp"],
      // One MFA per working day, matching the application session above.
      sessionDuration: "12h",
    },
    mfaPivKeyRequirements: {
      // A PIN once per session and a touch cached for 15 s: proof of possession and presence without prompting for
      // every SSH command.
      pinPolicy: "once",
      touchPolicy: "cached",
      // Modern elliptic-curve keys only: ECDSA P-256/P-384 and Ed25519 (which takes no size). RSA is left out.
      sshKeyType: ["ecdsa", "ed25519"],
      sshKeySize: [256, 384],
      // Most fleets have non-FIPS keys today; the strict preset requires FIPS.
      requireFipsDevice: false,
    },
  },
  strict: {
    // A working session, not a day: access is re-proved after eight hours.
    sessionDuration: "8h",
    mfaRequiredForAllApps: true,
    mfaConfig: {
      // Hardware security keys only: the one method that resists phishing and cannot be copied.
      allowedAuthenticators: ["security_key"],
      sessionDuration: "4h",
      // Do not let an identity provider's own "mfa" claim stand in for a Cloudflare MFA check.
      amrMatchingSessionDuration: "0m",
    },
    mfaPivKeyRequirements: {
      // PIN and touch for every use: no unattended use of a plugged-in key.
      pinPolicy: "always",
      touchPolicy: "always",
      // FIPS 140-2 validated devices, with NIST P-384 keys (ECDSA; Ed25519 is not offered by FIPS PIV devices).
      requireFipsDevice: true,
      sshKeyType: ["ecdsa"],
      sshKeySize: [384],
    },
  },
});

function deepFreeze<T extends object>(value: T): T {
  for (const item of Object.values(value)) if (typeof item === "object" && item !== null) deepFreeze(item);
  return Object.freeze(value);
}
