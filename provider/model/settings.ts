import {
  account,
  accountAndZone,
  answered,
  duration,
  flag,
  group,
  hostname,
  integer,
  oneOf,
  setOf,
  text,
  url,
  uuid,
  type Table,
} from "./fields";

/**
 * Every organization setting, once: adding a setting is one entry here (and its test). Each entry's doc comment is
 * the documentation of its argument and output (the public types are mapped from this table and keep it). The
 * Pulumi name is the API's snake_case name in lowerCamelCase; the first eight are the zone endpoint's too, in the
 * order its messages list them. What each API operation documents (what a create takes, what is read-only) is read
 * from the OpenAPI excerpt (spec.ts), not written here; test/model/settings.test.ts checks this table against it.
 */

export const AUTHENTICATORS = ["totp", "biometrics", "security_key", "piv_key", "ssh_fido2_key"] as const;
/** Authenticators that serve only infrastructure (SSH) applications. */
export const INFRASTRUCTURE_AUTHENTICATORS = ["piv_key", "ssh_fido2_key"] as const;
export const PIN_POLICIES = ["never", "once", "always"] as const;
export const TOUCH_POLICIES = ["never", "always", "cached"] as const;
export const SSH_KEY_TYPES = ["ecdsa", "ed25519", "rsa"] as const;
export const SSH_KEY_SIZES = [256, 384, 521, 2048, 3072, 4096] as const;
export const SERVICE_TOKEN_INACTIVITY_ACTIONS = ["disable", "delete"] as const;

/** MFA session bounds the API documents: minutes or hours, 0m to 720h (30 days). */
const MFA_SESSION = { minutesOrHours: true, minHours: 0, maxHours: 720 } as const;

export const SETTINGS = {
  /**
   * The organization's name (`Widget Corps Internal Applications`), shown to users. Needed only when no organization
   * exists yet, to create one. Unset: Cloudflare's value is kept.
   */
  name: accountAndZone(text({ nonEmpty: true }), { always: true }),
  /**
   * The team domain, `<team>.cloudflareaccess.com`: unique across Cloudflare, and every login URL uses it. Needed only
   * when no organization exists yet; adopting an organization never changes it (a different one fails before any
   * write), a later update does. Compared in any letter case. Unset: Cloudflare's value is kept.
   */
  authDomain: accountAndZone(hostname("a domain name such as example.cloudflareaccess.com"), { always: true }),
  /**
   * Locks every Zero Trust setting read-only in the dashboard, whatever a user's permission: changes go through the
   * API. Unset: Cloudflare's value is kept (Cloudflare's default: `false`).
   */
  isUiReadOnly: accountAndZone(flag({ unset: answered(false) })),
  /**
   * Why the dashboard lock was last turned on or off. Cloudflare blanks it while `isUiReadOnly` is off, so it is
   * compared only while the lock is on. Unset: Cloudflare's value is kept.
   */
  uiReadOnlyToggleReason: accountAndZone(text({ unset: answered(""), blankUnless: "isUiReadOnly" })),
  /** The login page's look. Each member left unset keeps Cloudflare's value. */
  loginDesign: accountAndZone(
    group(
      {
        /** The login page's background colour (`#c5ed1b`). Unset: Cloudflare's value is kept. */
        backgroundColor: text({ unset: answered("") }),
        /** The text at the bottom of the login page. Unset: Cloudflare's value is kept. */
        footerText: text({ unset: answered("") }),
        /** The text at the top of the login page. Unset: Cloudflare's value is kept. */
        headerText: text({ unset: answered("") }),
        /** The URL (http or https) of the logo on the login page. Unset: Cloudflare's value is kept. */
        logoPath: url({ unset: answered("") }),
        /** The login page's text colour (`#c5ed1b`). Unset: Cloudflare's value is kept. */
        textColor: text({ unset: answered("") }),
      },
      { unset: answered({}) },
    ),
  ),
  /**
   * How long a user's seat may stay inactive before it expires (and stops counting against the seat count): a Go
   * duration of at least `730h` (a month), such as `730h` or `2190h`. Shorter is stricter for the baseline. Unset:
   * Cloudflare's value is kept.
   */
  userSeatExpirationInactiveTime: accountAndZone(duration({ minHours: 730 }, { unset: answered(""), stricter: "shorter" })),
  /**
   * Denies every request to a Cloudflare-protected resource that has no Access application: traffic is allowed only
   * where an application and policy allow it. Unset: Cloudflare's value is kept (Cloudflare's default: `false`).
   */
  denyUnmatchedRequests: accountAndZone(flag({ unset: answered(false), stricter: "true" })),
  /**
   * Zone names (`example.com`) exempt from `denyUnmatchedRequests`; a set: order does not matter. Unset: Cloudflare's
   * value is kept.
   */
  denyUnmatchedRequestsExemptedZoneNames: accountAndZone(setOf(hostname("a zone name such as example.com"), { unset: answered([]) })),
  /**
   * Users may authenticate through WARP for any application (an application's own setting wins). Account scope. Unset:
   * Cloudflare's value is kept (Cloudflare's default: `false`).
   */
  allowAuthenticateViaWarp: account(flag({ unset: answered(false) })),
  /**
   * Users skip the identity-provider choice at login. Account scope. Unset: Cloudflare's value is kept (Cloudflare's
   * default: `false`).
   */
  autoRedirectToIdentity: account(flag({ unset: "omittedWhenFalse" })),
  /**
   * How long tokens issued for applications last: a Go duration (`300ms`, `2h45m`; units ns, us or µs, ms, s, m,
   * h), compared by length (`24h` is `1440m`). Account scope. Unset: Cloudflare's value is kept (Cloudflare's
   * default: `24h`).
   */
  sessionDuration: account(duration({}, { unset: answered(""), stricter: "shorter" })),
  /**
   * How long tokens issued through WARP authentication last: a duration in minutes or hours only (`30m`, `2h45m`).
   * Account scope. Unset: Cloudflare's value is kept.
   */
  warpAuthSessionDuration: account(duration({ minutesOrHours: true }, { unset: answered(""), stricter: "shorter" })),
  /**
   * A failed WARP authentication of a non-browser request (no HTML `Accept`) gets HTTP 401 instead of a login
   * redirect. Account scope. Unset: Cloudflare's value is kept (Cloudflare's default: `false`).
   */
  warpAuthNonBrowser401: account(flag({ unset: answered(false) })),
  /**
   * Every application requires MFA (`mfaConfig`) unless its own policy says otherwise. Needs `mfaConfig` with an
   * authenticator other apps can use (not only `piv_key`/`ssh_fido2_key`) and a session duration. Account scope.
   * Unset: Cloudflare's value is kept (Cloudflare's default: `false`).
   */
  mfaRequiredForAllApps: account(flag({ unset: answered(false), stricter: "true" })),
  /** The custom pages shown when access is denied. Account scope. Each member left unset keeps Cloudflare's value. */
  customPages: account(
    group({
      /** The uid of the custom page shown to a user denied after failing a non-identity rule. Unset: Cloudflare's value is kept. */
      forbidden: text(),
      /** The uid of the custom page shown to a user denied access. Unset: Cloudflare's value is kept. */
      identityDenied: text(),
    }),
  ),
  /** The organization's multi-factor authentication. Account scope. Each member left unset keeps Cloudflare's value. */
  mfaConfig: account(
    group({
      /**
       * The MFA methods users may authenticate with, a set of `totp`, `biometrics`, `security_key`, `piv_key`,
       * `ssh_fido2_key` (the last two serve only infrastructure applications). Unset: Cloudflare's value is kept.
       */
      allowedAuthenticators: setOf(oneOf(AUTHENTICATORS), { stricter: "subset" }),
      /** How long an MFA session lasts: minutes or hours, `0m` to `720h` (`12h`). Unset: Cloudflare's value is kept. */
      sessionDuration: duration(MFA_SESSION, { stricter: "shorter" }),
      /**
       * How long MFA may be skipped when the identity provider's AMR claim says `mfa`: minutes or hours, `0m` to
       * `720h`; `0m` never skips it. Unset: Cloudflare's value is kept.
       */
      amrMatchingSessionDuration: duration(MFA_SESSION, { stricter: "shorter" }),
      /** The Cloudflare List (its uuid) of the FIDO2 authenticator AAGUIDs allowed. Unset: Cloudflare's value is kept. */
      requiredAaguids: uuid(),
    }),
  ),
  /**
   * What the SSH keys of the infrastructure authenticators (`piv_key`, `ssh_fido2_key`) must be; the baseline judges
   * them only where `mfaConfig.allowedAuthenticators` has one of those. Account scope. Each member left unset keeps
   * Cloudflare's value.
   */
  mfaPivKeyRequirements: account(
    group(
      {
        /** When a PIN is needed: `never`, `once` (per session) or `always` (every use). Unset: Cloudflare's value is kept. */
        pinPolicy: oneOf(PIN_POLICIES, { stricter: { ranked: PIN_POLICIES } }),
        /** Keys must be on a FIPS 140-2 Level 1 (or higher) validated device. Unset: Cloudflare's value is kept. */
        requireFipsDevice: flag({ stricter: "true" }),
        /**
         * The key sizes allowed, in bits: a set of 256, 384, 521 (ecdsa) and 2048, 3072, 4096 (rsa), each fitting a
         * type in `sshKeyType` (ed25519 has a fixed size). Unset: Cloudflare's value is kept.
         */
        sshKeySize: setOf(oneOf(SSH_KEY_SIZES), { stricter: "subset" }),
        /** The key types allowed: a set of `ecdsa`, `ed25519`, `rsa`. Unset: Cloudflare's value is kept. */
        sshKeyType: setOf(oneOf(SSH_KEY_TYPES), { stricter: "subset" }),
        /**
         * When a touch is needed: `never`, `always` (every use) or `cached` (for 15 seconds). Unset: Cloudflare's
         * value is kept.
         */
        touchPolicy: oneOf(TOUCH_POLICIES, { stricter: { ranked: ["never", "cached", "always"] } }),
      },
      { inEffectOnlyIf: { setting: "mfaConfig.allowedAuthenticators", includesAnyOf: INFRASTRUCTURE_AUTHENTICATORS } },
    ),
  ),
  /**
   * What Cloudflare does with service tokens nobody has used for a while. Account scope. Each member left unset keeps
   * Cloudflare's value: Cloudflare takes the three together, so an organization that never had it must get all three.
   */
  serviceTokenInactivity: account(
    group(
      {
        /** What happens to an inactive service token: `disable` or `delete`. Unset: Cloudflare's value is kept. */
        action: oneOf(SERVICE_TOKEN_INACTIVITY_ACTIONS),
        /** Whether the action applies at all. Unset: Cloudflare's value is kept. */
        enabled: flag(),
        /** Days without use before the action applies: `30` to `365`. Unset: Cloudflare's value is kept. */
        inactivityThresholdDays: integer({ min: 30, max: 365, unit: "days" }),
      },
      { unset: answered({ action: "disable", enabled: false, inactivityThresholdDays: 90 }, { keepsNull: true }) },
    ),
  ),
  /**
   * Service-token requests that fail get HTTP 401/403 (and an audit log) instead of a login redirect. Account scope.
   * Organizations created on or after 2026-10-05 have it on and cannot turn it off (Cloudflare refuses `false`).
   * Unset: Cloudflare's value is kept.
   */
  strictServiceTokenAuth: account(flag({ unset: answered(false) })),
} satisfies Table;
