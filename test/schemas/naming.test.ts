import { camelToSnake, fromWire, snakeToCamel, toWire } from "../../provider/schemas/naming";

describe("one mapping between Pulumi and API names", () => {
  it.each([
    ["auth_domain", "authDomain"],
    ["is_ui_read_only", "isUiReadOnly"],
    ["ssh_key_size", "sshKeySize"],
    ["warp_auth_non_browser_401", "warpAuthNonBrowser401"],
    ["required_aaguids", "requiredAaguids"],
    ["deny_unmatched_requests_exempted_zone_names", "denyUnmatchedRequestsExemptedZoneNames"],
    ["mfa_piv_key_requirements", "mfaPivKeyRequirements"],
    ["amr_matching_session_duration", "amrMatchingSessionDuration"],
    ["name", "name"],
  ])("%s ↔ %s", (snake, camel) => {
    expect(snakeToCamel(snake)).toBe(camel);
    expect(camelToSnake(camel)).toBe(snake);
  });

  it("renames keys recursively and leaves values alone", () => {
    const wire = {
      mfa_config: { allowed_authenticators: ["security_key", "totp"], session_duration: "24h" },
      deny_unmatched_requests_exempted_zone_names: ["some_zone.example.com"],
      login_design: { text_color: "#000000" },
    };
    const camel = fromWire(wire);
    expect(camel).toEqual({
      mfaConfig: { allowedAuthenticators: ["security_key", "totp"], sessionDuration: "24h" },
      denyUnmatchedRequestsExemptedZoneNames: ["some_zone.example.com"],
      loginDesign: { textColor: "#000000" },
    });
    expect(toWire(camel)).toEqual(wire);
  });
});
