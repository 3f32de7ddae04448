import { CloudflareClient, resolveSettings, type ClientSettings, type SettingsValues } from "../../provider/client";
import { FAKE_TOKEN, type FakeCloudflare } from "../../provider/testing";

/** Settings for a client of the fake: fast backoff so retry tests take milliseconds, not seconds. */
export function fakeSettings(fake: FakeCloudflare, values: SettingsValues = {}): ClientSettings {
  return resolveSettings({
    origin: "options",
    values: { apiToken: FAKE_TOKEN, baseUrl: fake.baseUrl, rps: 1000, minBackoff: 0.01, maxBackoff: 0.05, timeout: 2, ...values },
  });
}

export function fakeClient(fake: FakeCloudflare, values: SettingsValues = {}): CloudflareClient {
  return new CloudflareClient(fakeSettings(fake, values));
}

export const ACCOUNT = "0123456789abcdef0123456789abcdef";
export const ACCOUNT_2 = "fedcba9876543210fedcba9876543210";
export const ZONE = "00112233445566778899aabbccddeeff";

/** An organization as someone set it up by hand, in the API's format. */
export function handMadeOrganization(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Widget Corps Internal Applications",
    auth_domain: "widgetcorp.cloudflareaccess.com",
    deny_unmatched_requests: true,
    login_design: { background_color: "#c5ed1b", text_color: "#000000", header_text: "Widget Corp" },
    session_duration: "12h",
    ...overrides,
  };
}

/** An organization that meets the recommended baseline, written the way Cloudflare echoes it back. */
export function compliantOrganization(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return handMadeOrganization({
    session_duration: "1440m", // the baseline's 24h, in other words
    mfa_required_for_all_apps: true,
    mfa_config: { allowed_authenticators: ["totp", "security_key"], session_duration: "8h" },
    mfa_piv_key_requirements: { pin_policy: "always", touch_policy: "cached", ssh_key_type: ["ecdsa"], ssh_key_size: [384] },
    ...overrides,
  });
}

/**
 * Resolves once `condition` holds, looking every few milliseconds: for tests that move a fake clock while the local
 * API answers over real sockets. Only a wait for progress, never a measure of time.
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}
