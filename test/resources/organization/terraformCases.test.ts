import { ZeroTrustOrganization, type ZeroTrustOrganizationArgs } from "../../../provider";
import { FAKE_TOKEN } from "../../../provider/testing/server";
import { ACCOUNT } from "../../support/client";
import { useFakeCloudflare } from "../../support/fake";
import { ProviderHost, urnOf } from "../../../provider/testing/host";
import { serializedResource } from "../../../provider/testing/program";

/**
 * The Cloudflare Terraform provider's acceptance configurations for this resource, replayed in order on one account
 * through Pulumi's dynamic-provider host. Each step applies, then a second identical run (before and after a
 * refresh) must find nothing to change: the quirks of the live API must not show up as drift.
 */
const fake = useFakeCloudflare();
let host: ProviderHost;
beforeAll(async () => {
  host = await ProviderHost.start();
});
afterAll(() => host.stop());

const base = { accountId: ACCOUNT, name: "terraform-cfapi.cloudflareaccess.com", authDomain: "terraform-cfapi.cloudflareaccess.com" };
const design = (background: string, text: string) => ({
  backgroundColor: background,
  textColor: text,
  logoPath: "https://example.com/logo.png",
  headerText: "My header text",
  footerText: "My footer text",
});

const STEPS: Array<[string, ZeroTrustOrganizationArgs, Record<string, unknown>]> = [
  [
    "basic",
    { ...base, isUiReadOnly: false, autoRedirectToIdentity: false, sessionDuration: "12h", warpAuthSessionDuration: "36h", userSeatExpirationInactiveTime: "1460h", loginDesign: design("#FFFFFF", "#000000") },
    { session_duration: "12h", warp_auth_session_duration: "36h", user_seat_expiration_inactive_time: "1460h", login_design: { background_color: "#FFFFFF", text_color: "#000000", logo_path: "https://example.com/logo.png", header_text: "My header text", footer_text: "My footer text" } },
  ],
  [
    "update",
    { ...base, isUiReadOnly: false, autoRedirectToIdentity: false, sessionDuration: "24h", warpAuthSessionDuration: "48h", userSeatExpirationInactiveTime: "2190h", loginDesign: design("#000000", "#FFFFFF") },
    { session_duration: "24h", warp_auth_session_duration: "48h", user_seat_expiration_inactive_time: "2190h", login_design: { background_color: "#000000", text_color: "#FFFFFF" } },
  ],
  [
    "booleans true",
    { ...base, allowAuthenticateViaWarp: true, autoRedirectToIdentity: true, isUiReadOnly: true, uiReadOnlyToggleReason: "managed as code", warpAuthNonBrowser401: true },
    { allow_authenticate_via_warp: true, auto_redirect_to_identity: true, is_ui_read_only: true, ui_read_only_toggle_reason: "managed as code", warp_auth_non_browser_401: true, session_duration: "24h" },
  ],
  ["deny unmatched on", { ...base, denyUnmatchedRequests: true, denyUnmatchedRequestsExemptedZoneNames: ["example.com", "example.org"] }, { deny_unmatched_requests: true, deny_unmatched_requests_exempted_zone_names: ["example.com", "example.org"] }],
  ["deny unmatched off", { ...base, denyUnmatchedRequests: false, denyUnmatchedRequestsExemptedZoneNames: [] }, { deny_unmatched_requests: false }],
  ["deny unmatched omitted", { ...base }, { deny_unmatched_requests: false }],
  ["login design removed (kept on Cloudflare)", { ...base, isUiReadOnly: false }, { is_ui_read_only: false, login_design: { background_color: "#000000", text_color: "#FFFFFF" } }],
  ["login design re-added", { ...base, loginDesign: design("#FFFFFF", "#000000") }, { login_design: { background_color: "#FFFFFF", text_color: "#000000" } }],
  [
    "MFA totp + security_key",
    { ...base, mfaConfig: { allowedAuthenticators: ["totp", "security_key"], sessionDuration: "24h", amrMatchingSessionDuration: "12h" } },
    { mfa_config: { allowed_authenticators: ["security_key", "totp"], session_duration: "24h", amr_matching_session_duration: "12h" } },
  ],
];

describe("the Terraform provider's acceptance configurations", () => {
  it("each step applies, then an identical second run finds nothing to change", async () => {
    await host.configure({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake().baseUrl });
    let state: { id: string; outputs: Record<string, unknown> } | undefined;
    for (const [step, args, expected] of STEPS) {
      try {
        state = await applyTwice(args, expected, state);
      } catch (error) {
        throw new Error(`step "${step}": ${(error as Error).message}`);
      }
    }
  });
});

async function applyTwice(args: ZeroTrustOrganizationArgs, expected: Record<string, unknown>, state?: { id: string; outputs: Record<string, unknown> }) {
  const { type, provider, inputs } = await serializedResource(() => new ZeroTrustOrganization("org", args));
  const urn = urnOf(type, "org");
  const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
  expect(checked.failures).toEqual([]);

  if (!state) {
    const created = await host.create(urn, checked.inputs);
    state = { id: created.id, outputs: created.properties };
  } else {
    // a step that only stops managing something (an omitted setting) has nothing to apply
    if ((await host.diff(state.id, urn, state.outputs, checked.inputs)).changes === "some") {
      state = { id: state.id, outputs: await host.update(state.id, urn, state.outputs, checked.inputs) };
    }
  }
  expect(fake().organization("accounts", ACCOUNT)).toMatchObject(expected);

  const again = await host.check(urn, checked.inputs, { ...inputs, __provider: provider });
  expect(await host.diff(state.id, urn, state.outputs, again.inputs)).toEqual({ changes: "none", replaces: [] });
  const refreshed = await host.read(state.id, urn, state.outputs);
  expect(await host.diff(state.id, urn, refreshed.properties, again.inputs)).toEqual({ changes: "none", replaces: [] });
  return state;
}
