import { ORGANIZATION_NAMES } from "../../provider/model/organization";
import { OPENAPI_DOCUMENT, resolveSchema } from "../../provider/model/spec";
import type { WireNames } from "../../provider/model/naming";

type Json = Record<string, unknown>;

describe("the mapping between Pulumi and API names: the modelled names, and no others", () => {
  it.each([
    ["auth_domain", "authDomain"],
    ["is_ui_read_only", "isUiReadOnly"],
    ["warp_auth_non_browser_401", "warpAuthNonBrowser401"],
    ["deny_unmatched_requests_exempted_zone_names", "denyUnmatchedRequestsExemptedZoneNames"],
    ["mfa_piv_key_requirements", "mfaPivKeyRequirements"],
    ["name", "name"],
  ])("%s ↔ %s", (wire, name) => {
    expect(ORGANIZATION_NAMES.wireName(name)).toBe(wire);
    expect(ORGANIZATION_NAMES.pulumiName(wire)).toBe(name);
  });

  it("renames modelled keys at every depth, leaves every other key and every value exactly as it is", () => {
    const wire = {
      mfa_config: { allowed_authenticators: ["security_key", "totp"], session_duration: "24h", fido2_only: true, extra_v2: [] },
      mfa_piv_key_requirements: { ssh_key_size: [256] },
      deny_unmatched_requests_exempted_zone_names: ["some_zone.example.com"],
      login_design: { text_color: "#000000", x_v2: "" },
      login_v2_enabled: { nested_key_1: { deeper_v3: {} } },
    };
    const named = ORGANIZATION_NAMES.fromWire(wire);
    expect(named).toEqual({
      mfaConfig: { allowedAuthenticators: ["security_key", "totp"], sessionDuration: "24h", fido2_only: true, extra_v2: [] },
      mfaPivKeyRequirements: { sshKeySize: [256] },
      denyUnmatchedRequestsExemptedZoneNames: ["some_zone.example.com"],
      loginDesign: { textColor: "#000000", x_v2: "" },
      login_v2_enabled: { nested_key_1: { deeper_v3: {} } },
    });
    expect(ORGANIZATION_NAMES.toWire(named)).toEqual(wire);
    expect(ORGANIZATION_NAMES.wirePath("mfaPivKeyRequirements.sshKeySize")).toBe("mfa_piv_key_requirements.ssh_key_size");
    expect(ORGANIZATION_NAMES.wirePath("mfaConfig.fido2_only")).toBe("mfa_config.fido2_only");
  });

  it("every modelled name is a field the OpenAPI excerpt documents, at its depth", () => {
    const account = resolveSchema(OPENAPI_DOCUMENT, (OPENAPI_DOCUMENT.components as Json & { schemas: Json }).schemas.access_organizations as Json);
    const undocumented = (names: WireNames, schema: Json, at: string): string[] =>
      names.names.flatMap((name) => {
        const wire = names.wireName(name)!;
        const property = (schema.properties as Record<string, Json> | undefined)?.[wire];
        if (!property) return [`${at}${wire}`];
        return undocumented(names.members(name)!, resolveSchema(OPENAPI_DOCUMENT, property), `${at}${wire}.`);
      });
    expect(undocumented(ORGANIZATION_NAMES, account, "")).toEqual([]);
  });
});
