import { ORGANIZATION_NAMES } from "../../provider/model/organization";
import { requiredMfaIssues, validateOrganizationArgs } from "../../provider/model/organization";
import { ACCOUNT, ZONE } from "../support/client";

/** The organization in the Go SDK's create example (seeds/000), minus the read-only timestamps. */
const SEED_EXAMPLE = {
  allow_authenticate_via_warp: true,
  auth_domain: "test.cloudflareaccess.com",
  auto_redirect_to_identity: true,
  custom_pages: { forbidden: "699d98642c564d2e855e9661899b7252", identity_denied: "699d98642c564d2e855e9661899b7252" },
  deny_unmatched_requests: true,
  deny_unmatched_requests_exempted_zone_names: ["example.com"],
  is_ui_read_only: true,
  login_design: {
    background_color: "#c5ed1b",
    footer_text: "This is an example description.",
    header_text: "This is an example description.",
    logo_path: "https://example.com/logo.png",
    text_color: "#c5ed1b",
  },
  mfa_config: {
    allowed_authenticators: ["totp", "biometrics", "security_key"],
    amr_matching_session_duration: "12h",
    required_aaguids: "2fc0579f-8113-47ea-b116-bb5a8db9202a",
    session_duration: "24h",
  },
  mfa_piv_key_requirements: {
    pin_policy: "always",
    require_fips_device: true,
    ssh_key_size: [256, 2048],
    ssh_key_type: ["ecdsa", "rsa"],
    touch_policy: "always",
  },
  mfa_required_for_all_apps: false,
  name: "Widget Corps Internal Applications",
  session_duration: "24h",
  ui_read_only_toggle_reason: "Temporarily turn off the UI read only lock to make a change via the UI",
  user_seat_expiration_inactive_time: "730h",
  warp_auth_session_duration: "24h",
  warp_auth_non_browser_401: false,
};

const account = (args: Record<string, unknown>) => ({ accountId: ACCOUNT, ...args });
const problems = (input: unknown) => {
  const result = validateOrganizationArgs(input);
  return result.ok ? [] : result.issues.map((i) => `${i.property}: ${i.reason}`);
};

describe("organization arguments", () => {
  it("accepts the seeds' full example, mapped to Pulumi names", () => {
    const args = account(ORGANIZATION_NAMES.fromWire(SEED_EXAMPLE));
    const result = validateOrganizationArgs(args);
    expect(result).toEqual({
      ok: true,
      value: {
        ...args,
        // set-like lists come back sorted
        mfaConfig: { ...((args as Record<string, unknown>).mfaConfig as object), allowedAuthenticators: ["biometrics", "security_key", "totp"] },
      },
    });
  });

  it.each([
    ["zone scope with the zone fields", { zoneId: ZONE, name: "Z", authDomain: "z.cloudflareaccess.com", isUiReadOnly: true, loginDesign: { textColor: "#fff" }, userSeatExpirationInactiveTime: "1460h", denyUnmatchedRequests: true }],
    ["only MFA, nothing else", account({ mfaConfig: { sessionDuration: "12h" } })],
    ["0m and 720h MFA bounds", account({ mfaConfig: { sessionDuration: "0m", amrMatchingSessionDuration: "720h" } })],
    ["hours and minutes mixed", account({ warpAuthSessionDuration: "2h45m" })],
    ["ed25519 without sizes", account({ mfaPivKeyRequirements: { sshKeyType: ["ed25519"] } })],
    ["an empty logo path (the API's 'unset')", account({ loginDesign: { logoPath: "" } })],
    ["empty values, which are unset (the merged organization is checked before a write)", account({ name: "", authDomain: "", sessionDuration: "", mfaRequiredForAllApps: true, mfaConfig: { allowedAuthenticators: [], requiredAaguids: "" }, mfaPivKeyRequirements: { pinPolicy: "" } })],
    ["MFA required with usable authenticators", account({ mfaRequiredForAllApps: true, mfaConfig: { allowedAuthenticators: ["security_key", "piv_key"], sessionDuration: "24h" } })],
  ])("accepts %s", (_, args) => {
    expect(problems(args)).toEqual([]);
  });

  it.each([
    ["no scope", { name: "x" }, "accountId: set accountId or zoneId"],
    ["both scopes", { accountId: ACCOUNT, zoneId: ZONE }, "zoneId: accountId and zoneId are exclusive: set exactly one"],
    ["a malformed account id", { accountId: "../zones/x" }, "accountId: must be a 32-character hexadecimal Cloudflare id"],
    ["an id with a query", { zoneId: `${ZONE}?x=1` }, "zoneId: must be a 32-character hexadecimal Cloudflare id"],
    ["a blank name", account({ name: "  " }), "name: must not be empty"],
    ["an auth domain that is not a domain", account({ authDomain: "not a domain" }), "authDomain: must be a domain name such as example.cloudflareaccess.com"],
    ["an exempted zone that is not a zone name", account({ denyUnmatchedRequestsExemptedZoneNames: ["example.com", "http://x"] }), "denyUnmatchedRequestsExemptedZoneNames.1: must be a zone name such as example.com"],
    ["a session duration in days", account({ sessionDuration: "1d" }), "sessionDuration: must be a duration such as 300ms or 2h45m (units ns, us or µs, ms, s, m, h)"],
    ["WARP session in seconds", account({ warpAuthSessionDuration: "3600s" }), "warpAuthSessionDuration: must be a duration in minutes (m) or hours (h), such as 30m or 2h45m"],
    ["a seat expiry under a month", account({ userSeatExpirationInactiveTime: "720h" }), "userSeatExpirationInactiveTime: must be at least 730h (got 720h)"],
    ["an MFA session over 30 days", account({ mfaConfig: { sessionDuration: "721h" } }), "mfaConfig.sessionDuration: must be between 0m and 720h (got 721h)"],
    ["an MFA session in seconds", account({ mfaConfig: { sessionDuration: "30s" } }), "mfaConfig.sessionDuration: must be a duration in minutes (m) or hours (h), such as 30m or 2h45m"],
    ["an AMR duration over 30 days", account({ mfaConfig: { amrMatchingSessionDuration: "800h" } }), "mfaConfig.amrMatchingSessionDuration: must be between 0m and 720h (got 800h)"],
    ["an unknown authenticator", account({ mfaConfig: { allowedAuthenticators: ["sms"] } }), "mfaConfig.allowedAuthenticators.0: Invalid option: expected one of \"totp\"|\"biometrics\"|\"security_key\"|\"piv_key\"|\"ssh_fido2_key\""],
    ["a required AAGUID list that is not a uuid", account({ mfaConfig: { requiredAaguids: "my-list" } }), "mfaConfig.requiredAaguids: must be a UUID"],
    ["an unknown PIN policy", account({ mfaPivKeyRequirements: { pinPolicy: "sometimes" } }), "mfaPivKeyRequirements.pinPolicy: Invalid option: expected one of \"never\"|\"once\"|\"always\""],
    ["an unknown touch policy", account({ mfaPivKeyRequirements: { touchPolicy: "once" } }), "mfaPivKeyRequirements.touchPolicy: Invalid option: expected one of \"never\"|\"always\"|\"cached\""],
    ["an unknown key type", account({ mfaPivKeyRequirements: { sshKeyType: ["dsa"] } }), "mfaPivKeyRequirements.sshKeyType.0: Invalid option: expected one of \"ecdsa\"|\"ed25519\"|\"rsa\""],
    ["an unknown key size", account({ mfaPivKeyRequirements: { sshKeySize: [1024] } }), "mfaPivKeyRequirements.sshKeySize.0: Invalid input"],
    ["key sizes that fit no chosen type", account({ mfaPivKeyRequirements: { sshKeyType: ["ecdsa"], sshKeySize: [256, 2048] } }), "mfaPivKeyRequirements.sshKeySize: 2048 does not fit the key types ecdsa (ecdsa takes 256/384/521, rsa 2048/3072/4096, ed25519 has a fixed size)"],
    ["sizes for ed25519", account({ mfaPivKeyRequirements: { sshKeyType: ["ed25519"], sshKeySize: [256] } }), "mfaPivKeyRequirements.sshKeySize: 256 does not fit the key types ed25519 (ecdsa takes 256/384/521, rsa 2048/3072/4096, ed25519 has a fixed size)"],
    ["a logo path that is not a URL", account({ loginDesign: { logoPath: "logo.png" } }), "loginDesign.logoPath: must be an http(s) URL"],
    ["a misspelt property", account({ sesionDuration: "1h" }), "sesionDuration: is not a known property"],
    ["a misspelt nested property", account({ mfaConfig: { sessionDurations: "1h" } }), "mfaConfig.sessionDurations: is not a known property"],
    ["a wrong type", account({ isUiReadOnly: "yes" }), "isUiReadOnly: Invalid input: expected boolean, received string"],
    ["an account field on a zone", { zoneId: ZONE, mfaConfig: { sessionDuration: "1h" } }, "mfaConfig: is an account setting; the zone endpoint only has name, authDomain, isUiReadOnly, uiReadOnlyToggleReason, loginDesign, userSeatExpirationInactiveTime, denyUnmatchedRequests, denyUnmatchedRequestsExemptedZoneNames"],
    ["MFA required with only PIV keys", account({ mfaRequiredForAllApps: true, mfaConfig: { allowedAuthenticators: ["piv_key"] } }), expect.stringMatching(/^mfaConfig.allowedAuthenticators: cannot contain only piv_key\/ssh_fido2_key/)],
  ])("refuses %s, naming the field", (_, args, message) => {
    expect(problems(args)).toEqual([message]);
  });

  it("skips a rule whose inputs are not known yet (preview)", () => {
    const args = account({ mfaRequiredForAllApps: true, mfaConfig: {} });
    const unknownAuthenticators = validateOrganizationArgs(args, (p) => p !== "mfaConfig.allowedAuthenticators");
    expect(unknownAuthenticators.ok).toBe(true);
    const scopeUnknown = validateOrganizationArgs({ name: "x" }, (p) => p !== "accountId");
    expect(scopeUnknown.ok).toBe(true);
  });

  it("sorts and de-duplicates set-like lists", () => {
    const result = validateOrganizationArgs(
      account({
        denyUnmatchedRequestsExemptedZoneNames: ["b.com", "a.com", "b.com"],
        mfaPivKeyRequirements: { sshKeyType: ["rsa", "ecdsa"], sshKeySize: [4096, 256, 256] },
      }),
    );
    expect(result.ok && result.value).toMatchObject({
      denyUnmatchedRequestsExemptedZoneNames: ["a.com", "b.com"],
      mfaPivKeyRequirements: { sshKeyType: ["ecdsa", "rsa"], sshKeySize: [256, 4096] },
    });
  });
});

describe("MFA required for all apps, on the whole organization about to be written", () => {
  it("needs a session duration and an authenticator once nothing else can supply them", () => {
    expect(requiredMfaIssues({ mfaRequiredForAllApps: true }, { complete: true }).map((i) => i.property)).toEqual([
      "mfaConfig.allowedAuthenticators",
      "mfaConfig.sessionDuration",
    ]);
    expect(requiredMfaIssues({ mfaRequiredForAllApps: true }, { complete: false })).toEqual([]);
    expect(
      requiredMfaIssues({ mfaRequiredForAllApps: true, mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: "1h" } }, { complete: true }),
    ).toEqual([]);
  });
});
