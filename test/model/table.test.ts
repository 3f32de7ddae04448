import { ORGANIZATION_NAMES, ORGANIZATION_RULES, ORGANIZATION_SETTINGS, ZONE_FIELDS } from "../../provider/model/organization";
import { SETTINGS } from "../../provider/model/settings";
import { blankedOf, conditionsOf, fieldsOf, strictnessOf } from "../../provider/model/table";
import { render } from "../../provider/testing/organizations";

/**
 * The facts the settings table states, each derived list checked against what Cloudflare documents or does: a wrong
 * entry here is a wrong wire name, a wrong comparison (false drift, or a change not seen), a wrong scope, or a
 * baseline judged the wrong way.
 */

describe("the organization's settings, from the table", () => {
  it("every setting and member has the API's name", () => {
    expect(fieldsOf(SETTINGS).map(([path]) => `${path} ${ORGANIZATION_NAMES.wirePath(path)}`)).toEqual([
      "name name",
      "authDomain auth_domain",
      "isUiReadOnly is_ui_read_only",
      "uiReadOnlyToggleReason ui_read_only_toggle_reason",
      "loginDesign login_design",
      "loginDesign.backgroundColor login_design.background_color",
      "loginDesign.footerText login_design.footer_text",
      "loginDesign.headerText login_design.header_text",
      "loginDesign.logoPath login_design.logo_path",
      "loginDesign.textColor login_design.text_color",
      "userSeatExpirationInactiveTime user_seat_expiration_inactive_time",
      "denyUnmatchedRequests deny_unmatched_requests",
      "denyUnmatchedRequestsExemptedZoneNames deny_unmatched_requests_exempted_zone_names",
      "allowAuthenticateViaWarp allow_authenticate_via_warp",
      "autoRedirectToIdentity auto_redirect_to_identity",
      "sessionDuration session_duration",
      "warpAuthSessionDuration warp_auth_session_duration",
      "warpAuthNonBrowser401 warp_auth_non_browser_401",
      "mfaRequiredForAllApps mfa_required_for_all_apps",
      "customPages custom_pages",
      "customPages.forbidden custom_pages.forbidden",
      "customPages.identityDenied custom_pages.identity_denied",
      "mfaConfig mfa_config",
      "mfaConfig.allowedAuthenticators mfa_config.allowed_authenticators",
      "mfaConfig.sessionDuration mfa_config.session_duration",
      "mfaConfig.amrMatchingSessionDuration mfa_config.amr_matching_session_duration",
      "mfaConfig.requiredAaguids mfa_config.required_aaguids",
      "mfaPivKeyRequirements mfa_piv_key_requirements",
      "mfaPivKeyRequirements.pinPolicy mfa_piv_key_requirements.pin_policy",
      "mfaPivKeyRequirements.requireFipsDevice mfa_piv_key_requirements.require_fips_device",
      "mfaPivKeyRequirements.sshKeySize mfa_piv_key_requirements.ssh_key_size",
      "mfaPivKeyRequirements.sshKeyType mfa_piv_key_requirements.ssh_key_type",
      "mfaPivKeyRequirements.touchPolicy mfa_piv_key_requirements.touch_policy",
      "serviceTokenInactivity service_token_inactivity",
      "serviceTokenInactivity.action service_token_inactivity.action",
      "serviceTokenInactivity.enabled service_token_inactivity.enabled",
      "serviceTokenInactivity.inactivityThresholdDays service_token_inactivity.inactivity_threshold_days",
      "strictServiceTokenAuth strict_service_token_auth",
    ]);
  });

  it("the zone endpoint has the first eight; the rest are the account's", () => {
    expect(ZONE_FIELDS).toEqual(ORGANIZATION_SETTINGS.slice(0, 8));
  });

  it("durations compare by length, sets in any order, DNS names in any letter case; nothing else", () => {
    expect([...ORGANIZATION_RULES.durations].sort()).toEqual([
      "mfaConfig.amrMatchingSessionDuration",
      "mfaConfig.sessionDuration",
      "sessionDuration",
      "userSeatExpirationInactiveTime",
      "warpAuthSessionDuration",
    ]);
    expect([...ORGANIZATION_RULES.sets].sort()).toEqual([
      "denyUnmatchedRequestsExemptedZoneNames",
      "mfaConfig.allowedAuthenticators",
      "mfaPivKeyRequirements.sshKeySize",
      "mfaPivKeyRequirements.sshKeyType",
    ]);
    expect([...ORGANIZATION_RULES.caseInsensitive!]).toEqual(["authDomain"]);
  });

  it("what is stricter for the baseline, setting by setting", () => {
    expect(Object.fromEntries(strictnessOf(SETTINGS))).toEqual({
      userSeatExpirationInactiveTime: "shorter",
      denyUnmatchedRequests: "true",
      sessionDuration: "shorter",
      warpAuthSessionDuration: "shorter",
      mfaRequiredForAllApps: "true",
      "mfaConfig.allowedAuthenticators": "subset",
      "mfaConfig.sessionDuration": "shorter",
      "mfaConfig.amrMatchingSessionDuration": "shorter",
      "mfaPivKeyRequirements.pinPolicy": { ranked: ["never", "once", "always"] },
      "mfaPivKeyRequirements.requireFipsDevice": "true",
      "mfaPivKeyRequirements.sshKeySize": "subset",
      "mfaPivKeyRequirements.sshKeyType": "subset",
      "mfaPivKeyRequirements.touchPolicy": { ranked: ["never", "cached", "always"] },
    });
  });

  it("the PIV key requirements count only with an infrastructure authenticator; the toggle reason only with the lock", () => {
    expect(Object.fromEntries(conditionsOf(SETTINGS))).toEqual({
      mfaPivKeyRequirements: { setting: "mfaConfig.allowedAuthenticators", includesAnyOf: ["piv_key", "ssh_fido2_key"] },
    });
    expect(Object.fromEntries(blankedOf(SETTINGS))).toEqual({ uiReadOnlyToggleReason: "isUiReadOnly" });
  });

  it("answers unset settings as Cloudflare does (the local API reads this from the table)", () => {
    expect(render("accounts", {})).toEqual({
      is_ui_read_only: false,
      ui_read_only_toggle_reason: "",
      login_design: { background_color: "", footer_text: "", header_text: "", logo_path: "", text_color: "" },
      user_seat_expiration_inactive_time: "",
      deny_unmatched_requests: false,
      deny_unmatched_requests_exempted_zone_names: [],
      allow_authenticate_via_warp: false,
      session_duration: "",
      warp_auth_session_duration: "",
      warp_auth_non_browser_401: false,
      mfa_required_for_all_apps: false,
      service_token_inactivity: { action: "disable", enabled: false, inactivity_threshold_days: 90 },
      strict_service_token_auth: false,
    });
    // a stored null is answered as unset, except where Cloudflare keeps it; auto-redirect only while true
    expect(render("accounts", { ui_read_only_toggle_reason: null, service_token_inactivity: null, auto_redirect_to_identity: false })).toMatchObject({
      ui_read_only_toggle_reason: "",
      service_token_inactivity: null,
    });
    expect(render("accounts", { auto_redirect_to_identity: true }).auto_redirect_to_identity).toBe(true);
  });
});
