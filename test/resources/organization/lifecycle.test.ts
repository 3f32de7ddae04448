import { organizationProvider as provider } from "../../../provider/resources/organization/provider";
import { ACCOUNT, ZONE, handMadeOrganization } from "../../support/client";
import { useProviderAgainstFake } from "../../support/provider";

const { fake, logs } = useProviderAgainstFake();

type Props = Record<string, unknown>;
const writes = () => fake().requests.filter((r) => r.method !== "GET");
const calls = () => fake().requests.map((r) => r.method);

/** What a Pulumi program would pass: checked inputs. */
async function checked(news: Props): Promise<Props> {
  const result = await provider.check!({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs!;
}

async function create(news: Props) {
  return provider.create(await checked(news));
}

describe("create", () => {
  it("creates an organization when none exists (GET 404, then POST)", async () => {
    const { id, outs } = await create({ accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com", sessionDuration: "24h" });
    expect(id).toBe(`accounts/${ACCOUNT}`);
    expect(outs).toMatchObject({ accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com", sessionDuration: "24h", adopted: false });
    expect(outs.createdAt).toEqual(expect.any(String));
    expect(calls()).toEqual(["GET", "POST"]);
    expect(logs()).toMatch(/Created the Zero Trust organization of account/);
  });

  it("says what is missing when it must create but has no name or auth domain", async () => {
    await expect(create({ accountId: ACCOUNT, sessionDuration: "24h" })).rejects.toThrow(
      `account ${ACCOUNT} has no Zero Trust organization yet: set name and authDomain so one can be created`,
    );
    expect(writes()).toEqual([]);
  });

  it("adopts an existing organization and keeps everything it does not manage", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { outs } = await create({ accountId: ACCOUNT, mfaConfig: { allowedAuthenticators: ["security_key"], sessionDuration: "12h" } });
    const stored = fake().organization("accounts", ACCOUNT)!;
    expect(stored).toMatchObject({
      deny_unmatched_requests: true,
      login_design: { background_color: "#c5ed1b", text_color: "#000000", header_text: "Widget Corp" },
      session_duration: "12h",
      mfa_config: { allowed_authenticators: ["security_key"], session_duration: "12h" },
    });
    expect(outs).toMatchObject({ adopted: true, denyUnmatchedRequests: true, sessionDuration: "12h" });
    expect(outs.settingsBeforeAdoption).toEqual({
      name: "Widget Corps Internal Applications",
      authDomain: "widgetcorp.cloudflareaccess.com",
      denyUnmatchedRequests: true,
      loginDesign: { backgroundColor: "#c5ed1b", textColor: "#000000", headerText: "Widget Corp" },
      sessionDuration: "12h",
      isUiReadOnly: false,
      allowAuthenticateViaWarp: false,
      mfaRequiredForAllApps: false,
      warpAuthNonBrowser401: false,
      // what Cloudflare answers for the 2026 settings of an organization created after 2026-10-05
      serviceTokenInactivity: { action: "disable", enabled: false, inactivityThresholdDays: 90 },
      strictServiceTokenAuth: true,
    });
    expect(calls()).toEqual(["GET", "PUT"]);
    // the PUT carried the whole organization, no read-only or empty values
    expect(Object.keys(fake().requests[1]!.body as object)).not.toEqual(expect.arrayContaining(["created_at"]));
    expect(logs()).toMatch(/Adopted the existing Zero Trust organization of account .* only the settings in your program are managed/);
  });

  it("adopts without writing when Cloudflare already has every managed value", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    await create({ accountId: ACCOUNT, sessionDuration: "720m", denyUnmatchedRequests: true });
    expect(calls()).toEqual(["GET"]);
  });

  it("continues from its own creation, not fails, when the create answer was lost: a creation, not an adoption", async () => {
    fake().inject({ kind: "reset", when: "after-apply", method: "POST" });
    const { outs } = await create({ accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com" });
    expect(outs).toMatchObject({ name: "Acme", adopted: false });
    expect(outs).not.toHaveProperty("settingsBeforeAdoption");
    expect(calls()).toEqual(["GET", "POST", "GET"]);
    expect(logs()).toMatch(/Created the Zero Trust organization of account/);
  });

  it("checks the whole organization before writing: MFA for all apps needs a session duration", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization({ mfa_config: { allowed_authenticators: ["totp"] } }));
    await expect(create({ accountId: ACCOUNT, mfaRequiredForAllApps: true })).rejects.toThrow(
      `Not applied to account ${ACCOUNT}: mfaConfig.sessionDuration: must be set when mfaRequiredForAllApps is true`,
    );
    expect(writes()).toEqual([]);
  });

  it("surfaces the API's refusal with its code (auth domain taken)", async () => {
    fake().seedOrganization("zones", ZONE, { name: "Z", auth_domain: "taken.cloudflareaccess.com" });
    await expect(create({ accountId: ACCOUNT, name: "Acme", authDomain: "taken.cloudflareaccess.com" })).rejects.toThrow(
      /HTTP 400 \[12062\] access.api.error.invalid_auth_domain: auth domain taken.cloudflareaccess.com is already in use/,
    );
  });
});

describe("update", () => {
  it("overlays the managed settings on what Cloudflare has now, keeping out-of-band changes to other fields", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const first = await create({ accountId: ACCOUNT, sessionDuration: "24h" });
    // someone changes another setting in the dashboard
    fake().dashboardEdit("accounts", ACCOUNT, { warp_auth_session_duration: "8h" });
    const news = await checked({ accountId: ACCOUNT, sessionDuration: "6h" });
    const { outs } = await provider.update!(first.id, first.outs, news);
    expect(fake().organization("accounts", ACCOUNT)).toMatchObject({ session_duration: "6h", warp_auth_session_duration: "8h", deny_unmatched_requests: true });
    expect(outs).toMatchObject({ sessionDuration: "6h", warpAuthSessionDuration: "8h", adopted: true });
    expect(outs.settingsBeforeAdoption).toEqual(first.outs.settingsBeforeAdoption);
  });

  it("leaves a setting removed from the program as it is, and clears one listed in clear", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const first = await create({ accountId: ACCOUNT, sessionDuration: "24h", loginDesign: { footerText: "hi" } });
    await provider.update!(first.id, first.outs, await checked({ accountId: ACCOUNT, loginDesign: { footerText: "hi" } }));
    expect(fake().organization("accounts", ACCOUNT)).toMatchObject({ session_duration: "24h" });
    await provider.update!(first.id, first.outs, await checked({ accountId: ACCOUNT, clear: ["loginDesign", "sessionDuration"] }));
    const stored = fake().organization("accounts", ACCOUNT)!;
    expect(stored.login_design).toBeUndefined();
    expect(stored.session_duration).toBeUndefined();
    expect(stored.deny_unmatched_requests).toBe(true);
  });

  it("writes nothing and explains when the organization was removed mid-run", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const first = await create({ accountId: ACCOUNT, sessionDuration: "24h" });
    fake().removeOrganization("accounts", ACCOUNT);
    await expect(provider.update!(first.id, first.outs, await checked({ accountId: ACCOUNT, sessionDuration: "6h" }))).rejects.toThrow(
      /no longer exists \(it was removed outside Pulumi\); nothing was written. Run `pulumi refresh`/,
    );
    expect(writes().filter((r) => r.method === "PUT")).toHaveLength(1);
  });
});

describe("read (refresh)", () => {
  it("returns what Cloudflare has, so drift shows on the next diff", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const news = await checked({ accountId: ACCOUNT, sessionDuration: "24h" });
    const first = await provider.create(news);
    fake().dashboardEdit("accounts", ACCOUNT, { session_duration: "1h" });
    const read = await provider.read!(first.id, first.outs);
    expect(read.id).toBe(first.id);
    expect(read.props).toMatchObject({ sessionDuration: "1h", adopted: true, settingsBeforeAdoption: first.outs.settingsBeforeAdoption });
    // the settings it does not manage survived the adoption and show as Cloudflare has them
    expect(read.props).toMatchObject({
      denyUnmatchedRequests: true,
      loginDesign: { backgroundColor: "#c5ed1b", textColor: "#000000", headerText: "Widget Corp" },
    });
    expect(await provider.diff!(first.id, read.props, news)).toEqual({ changes: true, replaces: [] });
    expect(calls()).toEqual(["GET", "PUT", "GET"]);
  });

  it("drops the resource when the organization is gone", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const first = await create({ accountId: ACCOUNT });
    fake().removeOrganization("accounts", ACCOUNT);
    expect(await provider.read!(first.id, first.outs)).toEqual({ id: "" });
  });
});

describe("delete", () => {
  it("writes nothing by default and says the settings stay", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const first = await create({ accountId: ACCOUNT, sessionDuration: "24h" });
    fake().requests.length = 0;
    await provider.delete!(first.id, first.outs);
    expect(fake().requests).toEqual([]);
    expect(logs()).toMatch(/keeps its settings on Cloudflare: it is only removed from this stack/);
  });

  it("with restoreOnDelete, puts back the settings from before the adoption", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const before = { ...fake().organization("accounts", ACCOUNT) };
    const first = await create({ accountId: ACCOUNT, sessionDuration: "24h", mfaConfig: { allowedAuthenticators: ["totp"] }, restoreOnDelete: true });
    await provider.delete!(first.id, first.outs);
    const { created_at: _c, updated_at: _u, ...restored } = fake().organization("accounts", ACCOUNT)!;
    const { created_at: _c2, updated_at: _u2, ...original } = before;
    expect(restored).toEqual({
      ...original,
      // Cloudflare's answers for settings the hand-made organization left out, as the adoption read and wrote them
      is_ui_read_only: false,
      allow_authenticate_via_warp: false,
      mfa_required_for_all_apps: false,
      warp_auth_non_browser_401: false,
      service_token_inactivity: { action: "disable", enabled: false, inactivity_threshold_days: 90 },
    });
  });

  it("with restoreOnDelete on an organization it created, writes nothing and says why", async () => {
    const first = await create({ accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com", restoreOnDelete: true });
    fake().requests.length = 0;
    await provider.delete!(first.id, first.outs);
    expect(fake().requests).toEqual([]);
    expect(logs()).toMatch(/was created by this stack, so there are no earlier settings to restore/);
  });
});

describe("zone scope", () => {
  it("creates, adopts and updates a zone organization through the zone endpoint", async () => {
    fake().seedOrganization("zones", ZONE, { name: "Zone", auth_domain: "zone.cloudflareaccess.com", login_design: { text_color: "#111111" } });
    const first = await create({ zoneId: ZONE, isUiReadOnly: true, uiReadOnlyToggleReason: "managed by Pulumi", userSeatExpirationInactiveTime: "1460h" });
    expect(first.id).toBe(`zones/${ZONE}`);
    expect(first.outs).toMatchObject({ zoneId: ZONE, isUiReadOnly: true, uiReadOnlyToggleReason: "managed by Pulumi", loginDesign: { textColor: "#111111" } });
    expect(first.outs).not.toHaveProperty("accountId");
    expect(fake().requests.every((r) => r.path.startsWith(`/zones/${ZONE}/`))).toBe(true);
    expect(await provider.diff!(first.id, first.outs, await checked({ zoneId: ZONE, isUiReadOnly: true, uiReadOnlyToggleReason: "managed by Pulumi", userSeatExpirationInactiveTime: "1460h" }))).toEqual({ changes: false, replaces: [] });
  });
});

describe("per-resource credentials (apiTokenEnvVar)", () => {
  afterEach(() => delete process.env.ACCOUNT_A_TOKEN);

  it("uses the token in the named variable, and stores only the name", async () => {
    fake().configure({ tokens: ["token-for-account-a"] });
    process.env.ACCOUNT_A_TOKEN = "token-for-account-a";
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { outs } = await create({ accountId: ACCOUNT, sessionDuration: "6h", apiTokenEnvVar: "ACCOUNT_A_TOKEN" });
    expect(outs).toMatchObject({ sessionDuration: "6h", apiTokenEnvVar: "ACCOUNT_A_TOKEN" });
    expect(JSON.stringify(outs)).not.toContain("token-for-account-a");
    expect((await provider.read!(`accounts/${ACCOUNT}`, outs)).props).toMatchObject({ apiTokenEnvVar: "ACCOUNT_A_TOKEN" });
  });

  it("says which variable is missing", async () => {
    await expect(create({ accountId: ACCOUNT, sessionDuration: "6h", apiTokenEnvVar: "ACCOUNT_A_TOKEN" })).rejects.toThrow(
      "apiTokenEnvVar names ACCOUNT_A_TOKEN, which is not set in the environment of this Pulumi run",
    );
  });

  it("refuses something that is not a variable name", async () => {
    expect((await provider.check!({}, { accountId: ACCOUNT, apiTokenEnvVar: "cf-token value" })).failures).toEqual([
      { property: "apiTokenEnvVar", reason: "must be the name of an environment variable, such as CLOUDFLARE_API_TOKEN_PROD" },
    ]);
  });
});
