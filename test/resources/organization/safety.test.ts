import { unknownValue } from "@pulumi/pulumi/runtime";
import { urnOf } from "../../../provider/testing/host";
import { ACCOUNT, ACCOUNT_2, ZONE, handMadeOrganization } from "../../support/client";
import { documentWith, useFakeCloudflare } from "../../support/fake";
import { OrganizationHost, useOrganizationHost } from "../../support/organizationHost";
import { ORGANIZATION_NAMES, ORGANIZATION_RULES } from "../../../provider/model/organization";
import type { WireNames } from "../../../provider/model/naming";

/**
 * "Never clobber", through Pulumi's dynamic-provider host against the local API: each test is one promise of the
 * README's Safety section (issue #11's numbered points).
 */
const fake = useFakeCloudflare();
const org = useOrganizationHost(fake);

type Props = Record<string, unknown>;
const stored = () => fake().organization("accounts", ACCOUNT)!;
const dashboard = (edit: Props) => fake().dashboardEdit("accounts", ACCOUNT, edit);
const writes = () => fake().requests.filter((r) => r.method !== "GET");
const bodies = () => writes().map((r) => r.body as Props);
const seed = (overrides: Props = {}) => fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization(overrides));

describe("1. adoption never changes the auth domain", () => {
  it("fails before any write, naming authDomain, both values and what to do: at preview, and at create", async () => {
    seed();
    const refusal = /is "b.cloudflareaccess.com", but the existing Zero Trust organization of account \w+ uses "widgetcorp.cloudflareaccess.com".*Remove authDomain/;
    const checked = await org().check({ accountId: ACCOUNT, authDomain: "b.cloudflareaccess.com", sessionDuration: "1h" });
    expect(checked.failures).toEqual([{ property: "authDomain", reason: expect.stringMatching(refusal) }]);
    // a create whose preview did not read (previewRead false) refuses the same way
    await expect(org().host.create(urnOf("cloudflare-zero-trust:ZeroTrustOrganization", "org"), checked.inputs)).rejects.toThrow(
      new RegExp(`Not adopted: authDomain: ${refusal.source}`),
    );
    expect(writes()).toEqual([]);
  });

  it("an adoption (and any later write) carries the auth domain exactly as read, whatever its letter case in the program", async () => {
    seed({ auth_domain: "widgetcorp.cloudflareaccess.com" });
    const args = { accountId: ACCOUNT, authDomain: "WidgetCorp.CloudflareAccess.com", sessionDuration: "1h" };
    const { lines } = await org().host.withOutput(() => org().check(args));
    expect(lines.join("\n")).not.toMatch(/authDomain:/);
    const stack = await org().up(args);
    expect(bodies()).toHaveLength(1);
    expect(bodies()[0]).toMatchObject({ auth_domain: "widgetcorp.cloudflareaccess.com", session_duration: "1h" });
    expect(stored().auth_domain).toBe("widgetcorp.cloudflareaccess.com");
    // the same domain: no change later either, and an update of another setting writes it as read
    expect(await org().preview(stack, args)).toBe("none");
    await org().up({ ...args, sessionDuration: "2h" }, stack);
    expect(bodies()).toHaveLength(2);
    expect(bodies()[1]).toMatchObject({ auth_domain: "widgetcorp.cloudflareaccess.com", session_duration: "2h" });
    await org().up({ accountId: ACCOUNT, authDomain: "WIDGETCORP.cloudflareaccess.com" });
    expect(bodies()).toHaveLength(2);
  });

  it("changing authDomain of an organization the stack manages is an ordinary update", async () => {
    seed();
    const stack = await org().up({ accountId: ACCOUNT, authDomain: "widgetcorp.cloudflareaccess.com" });
    expect(await org().preview(stack, { accountId: ACCOUNT, authDomain: "new.cloudflareaccess.com" })).toBe("some");
    await org().up({ accountId: ACCOUNT, authDomain: "new.cloudflareaccess.com" }, stack);
    expect(stored().auth_domain).toBe("new.cloudflareaccess.com");
  });
});

describe("2. a retried write is rebuilt from a fresh read", () => {
  it.each([
    ["a 503", { kind: "status", status: 503 }],
    ["a 429 with Retry-After", { kind: "status", status: 429, retryAfter: "0.01" }],
    ["a reset", { kind: "reset", when: "before-body" }],
    ["a timeout", { kind: "hang" }],
  ] as const)("after %s, the next PUT carries a dashboard edit made during the wait", async (_what, fault) => {
    seed();
    const stack = await org().up({ accountId: ACCOUNT, sessionDuration: "24h" });
    fake().requests.length = 0;
    fake().inject({ ...fault, method: "PUT", meanwhile: () => dashboard({ warp_auth_session_duration: "8h" }) });
    await org().up({ accountId: ACCOUNT, sessionDuration: "6h" }, stack);
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "PUT", "GET", "PUT"]);
    expect(bodies()[1]).toMatchObject({ session_duration: "6h", warp_auth_session_duration: "8h" });
    expect(stored()).toMatchObject({ session_duration: "6h", warp_auth_session_duration: "8h", deny_unmatched_requests: true });
  });

  it("a write whose answer was lost is not repeated when the fresh read shows it applied", async () => {
    seed();
    const stack = await org().up({ accountId: ACCOUNT, sessionDuration: "24h" });
    fake().requests.length = 0;
    fake().inject({ kind: "reset", when: "after-apply", method: "PUT" });
    const next = await org().up({ accountId: ACCOUNT, sessionDuration: "6h" }, stack);
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "PUT", "GET"]);
    expect(next.outputs.sessionDuration).toBe("6h");
  });
});

describe("3. restoreOnDelete puts back only the settings the stack managed", () => {
  it("restores managed values onto a fresh read, keeping later dashboard edits of everything else", async () => {
    seed({ warp_auth_session_duration: "2h" });
    let stack = await org().up({ accountId: ACCOUNT, sessionDuration: "24h", loginDesign: { footerText: "ours" }, restoreOnDelete: true });
    stack = await org().up({ accountId: ACCOUNT, sessionDuration: "24h", loginDesign: { footerText: "ours" }, clear: ["warpAuthSessionDuration"], restoreOnDelete: true }, stack);
    dashboard({ deny_unmatched_requests: false, login_design: { ...(stored().login_design as Props), header_text: "Edited" } });
    await org().destroy(stack);
    expect(stored()).toMatchObject({
      session_duration: "12h",
      warp_auth_session_duration: "2h",
      deny_unmatched_requests: false,
      login_design: { background_color: "#c5ed1b", text_color: "#000000", header_text: "Edited" },
    });
    expect((stored().login_design as Props).footer_text).toBeUndefined();
  });

  it("a setting the program stopped managing is not restored: its later dashboard edit stays", async () => {
    seed();
    let stack = await org().up({ accountId: ACCOUNT, sessionDuration: "24h", warpAuthSessionDuration: "3h", restoreOnDelete: true });
    stack = await org().up({ accountId: ACCOUNT, sessionDuration: "24h", restoreOnDelete: true }, stack);
    dashboard({ warp_auth_session_duration: "9h" });
    await org().destroy(stack);
    expect(stored()).toMatchObject({ session_duration: "12h", warp_auth_session_duration: "9h" });
  });

  it("writes nothing when the managed settings already have their earlier values", async () => {
    seed();
    const stack = await org().up({ accountId: ACCOUNT, sessionDuration: "12h", restoreOnDelete: true });
    fake().requests.length = 0;
    await org().destroy(stack);
    expect(fake().requests.map((r) => r.method)).toEqual(["GET"]);
  });
});

describe("4. clear on a boolean converges", () => {
  it("after the up that clears it, the next preview shows no change", async () => {
    seed({ allow_authenticate_via_warp: true });
    const stack = await org().up({ accountId: ACCOUNT, clear: ["allowAuthenticateViaWarp"] });
    expect(stored().allow_authenticate_via_warp).toBeUndefined();
    expect(await org().preview(stack, { accountId: ACCOUNT, clear: ["allowAuthenticateViaWarp"] })).toBe("none");
    dashboard({ allow_authenticate_via_warp: true });
    expect(await org().preview((await org().refresh(stack))!, { accountId: ACCOUNT, clear: ["allowAuthenticateViaWarp"] })).toBe("some");
  });

  // every setting Cloudflare answers with an object of defaults while unset has a case here
  const refilled: Record<string, { set: Props; other: Props }> = {
    serviceTokenInactivity: {
      set: { service_token_inactivity: { action: "delete", enabled: true, inactivity_threshold_days: 180 } },
      other: { service_token_inactivity: { action: "disable", enabled: true, inactivity_threshold_days: 90 } },
    },
  };
  it("every setting Cloudflare refills with its defaults has a case", () => {
    expect([...ORGANIZATION_RULES.answeredWhenUnset!.keys()].sort()).toEqual(Object.keys(refilled).sort());
  });
  it.each(Object.entries(refilled))("clearing %s, which Cloudflare refills with its defaults, converges", async (name, { set, other }) => {
    seed(set);
    const args = { accountId: ACCOUNT, clear: [name] };
    const stack = await org().up(args);
    const wire = Object.keys(set)[0]!;
    expect(bodies().at(-1)).not.toHaveProperty(wire); // left out of the write: Cloudflare's defaults come back
    expect(await org().preview(stack, args)).toBe("none");
    expect((await org().refresh(stack))!.outputs[name]).toBeDefined(); // the defaults, as Cloudflare answers them
    expect(await org().preview((await org().refresh(stack))!, args)).toBe("none");
    // anything but the defaults is a change again
    dashboard(other);
    expect(await org().preview((await org().refresh(stack))!, args)).toBe("some");
  });
});

describe("5. the merged object is validated before any write", () => {
  it("a key size from the program that does not fit the key type on Cloudflare is refused, naming the field", async () => {
    seed({ mfa_piv_key_requirements: { ssh_key_type: ["ed25519"], pin_policy: "once" } });
    // the write's own check, as when the preview did not read (previewRead false) or Cloudflare changed since
    const { inputs } = await org().check({ accountId: ACCOUNT, mfaPivKeyRequirements: { sshKeySize: [256] } });
    await expect(org().host.create(urnOf("cloudflare-zero-trust:ZeroTrustOrganization", "org"), inputs)).rejects.toThrow(
      /Not applied to account \w+: mfaPivKeyRequirements.sshKeySize: 256 does not fit the key types ed25519 .*\(in the organization that would be written: your settings merged with what Cloudflare has\)\. Nothing was written/,
    );
    expect(writes()).toEqual([]);
  });
});

describe("5b. the preview applies the rules of the merged organization too, in the words up uses", () => {
  const CASES = [
    [
      "serviceTokenInactivity given in part on an organization that has none",
      { service_token_inactivity: null },
      { serviceTokenInactivity: { enabled: true } },
      "serviceTokenInactivity.action",
    ],
    [
      "mfaRequiredForAllApps without an MFA session duration",
      { mfa_config: { allowed_authenticators: ["totp"] } },
      { mfaRequiredForAllApps: true },
      "mfaConfig.sessionDuration",
    ],
    [
      "clear of mfaConfig while Cloudflare requires MFA",
      { mfa_required_for_all_apps: true, mfa_config: { allowed_authenticators: ["totp"], session_duration: "8h" } },
      { clear: ["mfaConfig"] },
      "mfaConfig.allowedAuthenticators",
    ],
    [
      "an sshKeyType that fits no live sshKeySize",
      { mfa_piv_key_requirements: { ssh_key_type: ["ecdsa"], ssh_key_size: [256] } },
      { mfaPivKeyRequirements: { sshKeyType: ["ed25519"] } },
      "mfaPivKeyRequirements.sshKeySize",
    ],
    [
      "clear of strictServiceTokenAuth on an organization created after Cloudflare locked it on",
      { created_at: "2026-11-02T09:00:00Z", strict_service_token_auth: true },
      { clear: ["strictServiceTokenAuth"] },
      "strictServiceTokenAuth",
    ],
    [
      "strictServiceTokenAuth false on an organization created after Cloudflare locked it on",
      { created_at: "2026-10-05T00:00:00Z", strict_service_token_auth: true },
      { strictServiceTokenAuth: false },
      "strictServiceTokenAuth",
    ],
  ] as const;
  const refusal = (error: unknown) => (error instanceof Error ? error.message : "no error");

  it.each(CASES)("%s: a new resource's preview fails naming the field, as create would refuse", async (_what, live, args, property) => {
    seed(live);
    const checked = await org().check({ accountId: ACCOUNT, ...args });
    const failure = checked.failures.find((f) => f.property === property);
    expect(failure?.reason).toMatch(/\(in the organization that would be written: your settings merged with what Cloudflare has\)$/);
    const reason = failure!.reason.replace(/ \(in the organization that would be written.*$/, "");
    const atUp = refusal(await org().host.create(urnOf("cloudflare-zero-trust:ZeroTrustOrganization", "org"), checked.inputs).catch((e: unknown) => e));
    expect(atUp).toContain(`Not applied to account ${ACCOUNT}: `);
    expect(atUp).toContain(`${property}: ${reason}`);
    expect(writes()).toEqual([]);
  });

  it.each(CASES)("%s: an existing resource's preview (diff) fails with the message update gives", async (_what, live, args, property) => {
    seed(live);
    const stack = await org().up({ accountId: ACCOUNT });
    const atPreview = refusal(await org().preview(stack, { accountId: ACCOUNT, ...args }).catch((e: unknown) => e));
    const checked = await org().check({ accountId: ACCOUNT, ...args }, stack.inputs);
    const atUp = refusal(await org().host.update(stack.id, urnOf("cloudflare-zero-trust:ZeroTrustOrganization", "org"), stack.outputs, checked.inputs).catch((e: unknown) => e));
    expect(atUp).toContain(`Not applied to account ${ACCOUNT}: ${property}: `);
    // both reach the engine as gRPC errors ("2 UNKNOWN: …"); the preview's says where its organization came from
    expect(atPreview).toContain(atUp.replace(/^2 UNKNOWN: /, ""));
    expect(atPreview).toMatch(/last up or refresh/);
    expect(writes()).toEqual([]);
  });

  it("a program that changes nothing on such an organization passes: only a write is checked", async () => {
    seed({ mfa_config: { allowed_authenticators: ["totp"] }, mfa_required_for_all_apps: true });
    const stack = await org().up({ accountId: ACCOUNT, mfaRequiredForAllApps: true });
    expect(await org().preview(stack, { accountId: ACCOUNT, mfaRequiredForAllApps: true })).toBe("none");
  });
});

describe("6. an unknown input at preview is a change", () => {
  it.each([
    ["clear", { clear: unknownValue }],
    ["an element of clear", { clear: [unknownValue] }],
    ["restoreOnDelete", { restoreOnDelete: unknownValue }],
    ["a setting", { sessionDuration: unknownValue }],
    ["apiTokenEnvVar", { apiTokenEnvVar: unknownValue }],
  ])("%s not known yet", async (_what, extra) => {
    seed();
    const stack = await org().up({ accountId: ACCOUNT, sessionDuration: "12h" });
    expect(await org().preview(stack, { accountId: ACCOUNT, sessionDuration: "12h", ...extra })).not.toBe("none");
  });

  it("a new resource whose apiTokenEnvVar is not known yet: the preview plans with what is known and reads nothing", async () => {
    seed();
    const { result, lines } = await org().host.withOutput(() => org().check({ accountId: ACCOUNT, sessionDuration: "1h", apiTokenEnvVar: unknownValue }));
    expect(result.failures).toEqual([]);
    expect(lines).toContainEqual(expect.stringMatching(/not read at preview \(apiTokenEnvVar is not known yet\); up prints the plan before it writes$/));
    expect(fake().requests).toEqual([]);
  });
});

describe('7. "", [] and {} are unset: the setting is not managed, and its value stays', () => {
  /** Every modelled setting, each leaf given as `empty(leaf)`. */
  const everySetting = (names: WireNames, empty: () => unknown): Props =>
    Object.fromEntries(names.names.map((name) => [name, names.members(name)!.hasMembers ? everySetting(names.members(name)!, empty) : empty()]));

  it.each([
    ['""', () => ""],
    ["[]", () => []],
    ["{}", () => ({})],
  ])("%s for every setting and member: check accepts it at either scope, and up writes nothing", async (_what, empty) => {
    seed();
    fake().seedOrganization("zones", ZONE, { name: "Zone", auth_domain: "zone.cloudflareaccess.com" });
    for (const scope of [{ accountId: ACCOUNT }, { zoneId: ZONE }]) {
      const args = { ...scope, ...everySetting(ORGANIZATION_NAMES, empty) };
      expect((await org().check(args)).failures).toEqual([]);
      await org().up(args);
    }
    expect(writes()).toEqual([]);
  });

  it.each([
    ["{}", { loginDesign: {} }],
    ["[]", { denyUnmatchedRequestsExemptedZoneNames: [] }],
    ['""', { sessionDuration: "" }],
  ])("%s with clear of the same setting clears it (it is unset, so clearing is what is asked)", async (_what, empty) => {
    seed({ deny_unmatched_requests_exempted_zone_names: ["a.example.com"] });
    const field = Object.keys(empty)[0]!;
    await org().up({ accountId: ACCOUNT, ...empty, clear: [field] });
    expect(stored()).not.toHaveProperty(ORGANIZATION_NAMES.wireName(field)!);
  });

  it('"" leaves Cloudflare\'s value, and the preview after it shows no change', async () => {
    seed({ ui_read_only_toggle_reason: "locked", is_ui_read_only: true });
    const args = { accountId: ACCOUNT, sessionDuration: "6h", uiReadOnlyToggleReason: "", loginDesign: { headerText: "" } };
    const stack = await org().up(args);
    expect(stored()).toMatchObject({ ui_read_only_toggle_reason: "locked", login_design: { header_text: "Widget Corp" }, session_duration: "6h" });
    expect(await org().preview(stack, args)).toBe("none");
  });
});

describe("8. fields the package does not model are written back as read; read-only fields never", () => {
  it("adoption, update and restore keep login_v2_enabled under its own name, and never send trusted_accounts", async () => {
    fake().configure({ document: documentWith({ login_v2_enabled: { type: "boolean" } }) });
    seed({ login_v2_enabled: true, trusted_accounts: ["fedcba9876543210fedcba9876543210"] });
    let stack = await org().up({ accountId: ACCOUNT, sessionDuration: "24h", restoreOnDelete: true });
    expect(stack.outputs.trustedAccounts).toEqual(["fedcba9876543210fedcba9876543210"]);
    stack = await org().up({ accountId: ACCOUNT, sessionDuration: "6h", restoreOnDelete: true }, stack);
    await org().destroy(stack);
    expect(bodies()).toHaveLength(3);
    for (const body of bodies()) {
      expect(body).toMatchObject({ login_v2_enabled: true });
      expect(Object.keys(body)).not.toEqual(expect.arrayContaining(["login_v_2_enabled"]));
      for (const readOnly of ["trusted_accounts", "created_at", "updated_at"]) expect(body).not.toHaveProperty(readOnly);
    }
    expect(stored()).toMatchObject({ login_v2_enabled: true, session_duration: "12h" });
  });
});

describe("9. the 2026 settings", () => {
  it("are managed, validated, and answered; trustedAccounts is an output", async () => {
    seed({ created_at: "2026-01-01T00:00:00Z", trusted_accounts: ["fedcba9876543210fedcba9876543210"] });
    const args = {
      accountId: ACCOUNT,
      serviceTokenInactivity: { action: "delete", enabled: true, inactivityThresholdDays: 120 },
      strictServiceTokenAuth: false,
    };
    const stack = await org().up(args);
    expect(stored()).toMatchObject({ service_token_inactivity: { action: "delete", enabled: true, inactivity_threshold_days: 120 }, strict_service_token_auth: false });
    expect(stack.outputs).toMatchObject({ ...args, trustedAccounts: ["fedcba9876543210fedcba9876543210"] });
    expect(await org().preview(stack, args)).toBe("none");
    // a partial object keeps Cloudflare's other members
    await org().up({ accountId: ACCOUNT, serviceTokenInactivity: { inactivityThresholdDays: 30 } }, stack);
    expect(stored().service_token_inactivity).toEqual({ action: "delete", enabled: true, inactivity_threshold_days: 30 });
  });

  it.each([
    [{ accountId: ACCOUNT, serviceTokenInactivity: { inactivityThresholdDays: 29 } }, "serviceTokenInactivity.inactivityThresholdDays", "must be at least 30 (days)"],
    [{ accountId: ACCOUNT, serviceTokenInactivity: { inactivityThresholdDays: 366 } }, "serviceTokenInactivity.inactivityThresholdDays", "must be at most 365 (days)"],
    [{ accountId: ACCOUNT, serviceTokenInactivity: { action: "archive" } }, "serviceTokenInactivity.action", expect.stringContaining('"disable"')],
    [{ zoneId: ZONE, strictServiceTokenAuth: true }, "strictServiceTokenAuth", expect.stringContaining("is an account setting")],
  ])("refuses %j at check", async (args, property, reason) => {
    const { failures } = await org().check(args);
    expect(failures).toContainEqual({ property, reason });
  });

  it("turning strict service-token auth off on a new organization is refused at preview, naming the field", async () => {
    seed();
    const { failures } = await org().check({ accountId: ACCOUNT, strictServiceTokenAuth: false });
    expect(failures).toEqual([
      { property: "strictServiceTokenAuth", reason: expect.stringMatching(/^cannot be turned off or cleared: Cloudflare keeps it on for organizations created on or after 2026-10-05/) },
    ]);
    expect(writes()).toEqual([]);
    expect(stored().strict_service_token_auth).toBe(true);
  });
});

describe("10. zone scope never sends an account-only field", () => {
  it("even when the zone's read returns one", async () => {
    // a seeded zone organization answers fields beyond the zone's own as given (a dashboard edit could not add them:
    // a zone write keeps only the zone's fields)
    fake().seedOrganization("zones", ZONE, { name: "Zone", auth_domain: "zone.cloudflareaccess.com", session_duration: "8h", custom_pages: { forbidden: "x" }, deny_unmatched_requests: true });
    await org().up({ zoneId: ZONE, isUiReadOnly: true, uiReadOnlyToggleReason: "Pulumi" });
    expect(bodies()).toEqual([
      { name: "Zone", auth_domain: "zone.cloudflareaccess.com", is_ui_read_only: true, ui_read_only_toggle_reason: "Pulumi", deny_unmatched_requests: true },
    ]);
  });
});

describe("a create sends each operation only what it documents", () => {
  it("account: custom pages follow the POST in a PUT built from its answer", async () => {
    const stack = await org().up({
      accountId: ACCOUNT,
      name: "Acme",
      authDomain: "acme.cloudflareaccess.com",
      sessionDuration: "24h",
      customPages: { forbidden: "6c01b5ff-0000-4000-8000-000000000001" },
    });
    expect(writes().map((r) => r.method)).toEqual(["POST", "PUT"]);
    expect(bodies()[0]).toEqual({ name: "Acme", auth_domain: "acme.cloudflareaccess.com", session_duration: "24h" });
    expect(bodies()[1]).toMatchObject({ name: "Acme", session_duration: "24h", custom_pages: { forbidden: "6c01b5ff-0000-4000-8000-000000000001" } });
    expect(stack.outputs).toMatchObject({ adopted: false, customPages: { forbidden: "6c01b5ff-0000-4000-8000-000000000001" } });
    expect(await org().preview(stack, stack.inputs)).toBe("none");
  });

  it("zone: the deny-unmatched pair follows the POST in a PUT", async () => {
    await org().up({ zoneId: ZONE, name: "Zone", authDomain: "zone.cloudflareaccess.com", denyUnmatchedRequests: true });
    expect(writes().map((r) => r.method)).toEqual(["POST", "PUT"]);
    expect(bodies()[0]).toEqual({ name: "Zone", auth_domain: "zone.cloudflareaccess.com" });
    expect(fake().organization("zones", ZONE)).toMatchObject({ deny_unmatched_requests: true });
  });

  it("a create that fits the POST is one POST", async () => {
    await org().up({ accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com" });
    expect(writes().map((r) => r.method)).toEqual(["POST"]);
  });
});

describe("14. two resources on one organization in one run never interleave their read and write", () => {
  // the rate budget at full speed (no CLOUDFLARE_RPS cap), and answers slow enough that both reads would be in flight at once
  let fullSpeed: OrganizationHost;
  beforeAll(async () => {
    fullSpeed = await OrganizationHost.start(fake(), { CLOUDFLARE_RPS: "" });
  });
  afterAll(() => fullSpeed.stop());

  const both = async (a: Props, b: Props, olds?: [Props, Props]) => {
    const [checkedA, checkedB] = await Promise.all([fullSpeed.check(a), fullSpeed.check(b)]);
    fake().configure({ latencyMs: [30, 30] });
    fake().requests.length = 0;
    const urn = (name: string) => urnOf("cloudflare-zero-trust:ZeroTrustOrganization", name);
    return olds
      ? Promise.all([
          fullSpeed.host.update(`accounts/${ACCOUNT}`, urn("a"), { ...olds[0], __provider: checkedA.inputs.__provider }, checkedA.inputs),
          fullSpeed.host.update(`accounts/${ACCOUNT}`, urn("b"), { ...olds[1], __provider: checkedB.inputs.__provider }, checkedB.inputs),
        ])
      : Promise.all([fullSpeed.host.create(urn("a"), checkedA.inputs), fullSpeed.host.create(urn("b"), checkedB.inputs)]);
  };

  it("two adoptions setting different fields (e.g. a HardenedZeroTrustOrganization's child and a ZeroTrustOrganization): both writes survive", async () => {
    seed();
    await both({ accountId: ACCOUNT, sessionDuration: "6h" }, { accountId: ACCOUNT, warpAuthSessionDuration: "8h" });
    expect(stored()).toMatchObject({ session_duration: "6h", warp_auth_session_duration: "8h", deny_unmatched_requests: true });
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "PUT", "GET", "PUT"]);
  });

  it("two updates setting different fields: both writes survive", async () => {
    seed();
    const olds = (field: string, value: string): Props => ({ accountId: ACCOUNT, adopted: true, [field]: value, managedSettings: [field] });
    await both({ accountId: ACCOUNT, sessionDuration: "6h" }, { accountId: ACCOUNT, warpAuthSessionDuration: "8h" }, [
      olds("sessionDuration", "12h"),
      olds("warpAuthSessionDuration", "2h"),
    ]);
    expect(stored()).toMatchObject({ session_duration: "6h", warp_auth_session_duration: "8h" });
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "PUT", "GET", "PUT"]);
  });
});

describe("15. a create whose answer was lost is this stack's creation, not an adoption", () => {
  it("outputs adopted: false and nothing to restore: a destroy with restoreOnDelete keeps what this stack created", async () => {
    fake().inject({ kind: "reset", when: "after-apply", method: "POST" });
    const stack = await org().up({ accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com", sessionDuration: "6h", restoreOnDelete: true });
    // the preview's read, then the create's: a read, the POST whose answer is lost, a read that finds it
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "GET", "POST", "GET"]);
    expect(stack.outputs).toMatchObject({ adopted: false, name: "Acme", sessionDuration: "6h" });
    expect(stack.outputs).not.toHaveProperty("settingsBeforeAdoption");
    fake().requests.length = 0;
    await org().destroy(stack);
    expect(fake().requests).toEqual([]);
    expect(stored()).toMatchObject({ name: "Acme", auth_domain: "acme.cloudflareaccess.com", session_duration: "6h" });
  });

  it("an organization someone else created meanwhile (not the name our create sent) is adopted, its settings kept for a restore", async () => {
    fake().inject({
      kind: "status",
      status: 503,
      method: "POST",
      meanwhile: () => seed({ auth_domain: "acme.cloudflareaccess.com" }),
    });
    const stack = await org().up({ accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com", sessionDuration: "6h", restoreOnDelete: true });
    expect(stack.outputs).toMatchObject({ adopted: true, settingsBeforeAdoption: { name: "Widget Corps Internal Applications", sessionDuration: "12h" } });
    await org().destroy(stack);
    expect(stored()).toMatchObject({ name: "Widget Corps Internal Applications", session_duration: "12h" });
  });
});

/** Leaves of a body (dotted wire paths) that hold a setting: `false` and empty values are how Cloudflare answers an unset one. */
function settingLeaves(value: Props, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, item]) => {
    if (item !== null && typeof item === "object" && !Array.isArray(item)) return settingLeaves(item as Props, `${prefix}${key}.`);
    return item === false || item === "" || item === null || (Array.isArray(item) && item.length === 0) ? [] : [`${prefix}${key}`];
  });
}

/** The count of "N unmanaged settings kept" in the adoption plan the preview printed. */
async function keptInPlan(args: Props): Promise<number> {
  const { lines } = await org().host.withOutput(() => org().check(args));
  const plan = lines.find((line) => / adopts /.test(line));
  if (!plan) throw new Error(`no adoption plan in ${JSON.stringify(lines)}`);
  return Number(/(\d+) unmanaged settings? kept/.exec(plan)![1]);
}

describe("11. a write carries only what its operation documents, whichever scope's read answered it", () => {
  const ZONE_ANSWER = {
    name: "Zone",
    auth_domain: "zone.cloudflareaccess.com",
    login_design: { header_text: "Zone" },
    trusted_accounts: ["fedcba9876543210fedcba9876543210"],
    session_duration: "8h",
    mfa_config: { allowed_authenticators: ["totp"], session_duration: "8h" },
    service_token_inactivity: { action: "disable", enabled: false, inactivity_threshold_days: 90 },
    created_at: "2026-01-01T00:00:00Z",
  };

  it("a zone whose read answers trusted_accounts and account fields: adoption, update and restore send none of them", async () => {
    fake().seedOrganization("zones", ZONE, ZONE_ANSWER);
    let stack = await org().up({ zoneId: ZONE, isUiReadOnly: true, uiReadOnlyToggleReason: "Pulumi", restoreOnDelete: true });
    stack = await org().up({ zoneId: ZONE, isUiReadOnly: true, uiReadOnlyToggleReason: "Change freeze", restoreOnDelete: true }, stack);
    await org().destroy(stack);
    expect(writes().map((r) => r.method)).toEqual(["PUT", "PUT", "PUT"]);
    for (const body of bodies()) {
      expect(Object.keys(body).sort()).toEqual(
        expect.not.arrayContaining(["trusted_accounts", "session_duration", "mfa_config", "service_token_inactivity", "created_at", "updated_at"]),
      );
    }
    expect(bodies()[0]).toEqual({
      name: "Zone",
      auth_domain: "zone.cloudflareaccess.com",
      login_design: { header_text: "Zone" },
      deny_unmatched_requests: false,
      is_ui_read_only: true,
      ui_read_only_toggle_reason: "Pulumi",
    });
    expect(fake().organization("zones", ZONE)).toMatchObject({ is_ui_read_only: false, trusted_accounts: ZONE_ANSWER.trusted_accounts });
  });

  it.each([
    ["a zone that answers account fields", "zones", ZONE, ZONE_ANSWER, { zoneId: ZONE, isUiReadOnly: true, uiReadOnlyToggleReason: "Counted" }, ["is_ui_read_only", "ui_read_only_toggle_reason"]],
    ["an account", "accounts", ACCOUNT, handMadeOrganization({ trusted_accounts: ["fedcba9876543210fedcba9876543210"], login_v2_enabled: true }), { accountId: ACCOUNT, sessionDuration: "1h" }, ["session_duration"]],
  ] as const)("the preview's \"N unmanaged settings kept\" counts what the adoption writes back: %s", async (_what, scope, id, seeded, args, managed) => {
    fake().configure({ document: documentWith({ login_v2_enabled: { type: "boolean" } }) });
    fake().seedOrganization(scope, id, seeded);
    const kept = await keptInPlan(args);
    await org().up(args);
    const written = settingLeaves(bodies()[0]!).filter((path) => !(managed as readonly string[]).includes(path));
    expect(kept).toBe(written.length);
  });
});

describe("12. what the package does not model is written back exactly as read, at any depth, empty or not", () => {
  const UNKNOWN = {
    login_v2_enabled: true,
    new_list: [],
    new_object: {},
    new_text: "",
    "mfa_config.fido2_only": true,
    "mfa_config.extra_v2": [],
    "mfa_config.meta_v3": {},
    "login_design.x_v2": "",
  };
  const document = documentWith(
    Object.fromEntries(Object.entries(UNKNOWN).map(([path, value]) => [path, Array.isArray(value) ? { type: "array" } : typeof value === "object" ? { type: "object" } : { type: typeof value }])),
  );
  const MFA_UNKNOWN = { fido2_only: true, extra_v2: [], meta_v3: {} };
  const TOP_UNKNOWN = { login_v2_enabled: true, new_list: [], new_object: {}, new_text: "" };
  const seedUnknown = () =>
    seed({
      ...TOP_UNKNOWN,
      mfa_config: { allowed_authenticators: ["totp"], session_duration: "8h", ...MFA_UNKNOWN },
      login_design: { background_color: "#c5ed1b", text_color: "#000000", header_text: "Widget Corp", x_v2: "" },
    });

  it("adopt, update, clear and restore: every write carries them under their own names, with their values", async () => {
    fake().configure({ document });
    seedUnknown();
    let stack = await org().up({ accountId: ACCOUNT, sessionDuration: "24h", restoreOnDelete: true });
    stack = await org().up({ accountId: ACCOUNT, sessionDuration: "6h", restoreOnDelete: true }, stack);
    stack = await org().up({ accountId: ACCOUNT, sessionDuration: "6h", clear: ["mfaConfig", "loginDesign"], restoreOnDelete: true }, stack);
    await org().destroy(stack);
    const [adopted, updated, cleared, restored] = bodies();
    for (const body of [adopted, updated, restored]) {
      expect(body).toMatchObject({ ...TOP_UNKNOWN, mfa_config: { allowed_authenticators: ["totp"], session_duration: "8h", ...MFA_UNKNOWN }, login_design: { x_v2: "" } });
      expect((body!.mfa_config as Props)).toEqual({ allowed_authenticators: ["totp"], session_duration: "8h", ...MFA_UNKNOWN });
    }
    // clear removes the modelled members; what the package does not know is not its to remove
    expect(cleared).toMatchObject({ ...TOP_UNKNOWN, mfa_config: MFA_UNKNOWN, login_design: { x_v2: "" } });
    expect(cleared!.mfa_config).toEqual(MFA_UNKNOWN);
    expect(cleared!.login_design).toEqual({ x_v2: "" });
    expect(restored!.login_design).toEqual({ background_color: "#c5ed1b", text_color: "#000000", header_text: "Widget Corp", x_v2: "" });
    expect(JSON.stringify(bodies())).not.toMatch(/fido_2|extra_v_2|meta_v_3|x_v_2|login_v_2|fido2Only|extraV2/);
  });

  it("a restore after the unmodelled members changed on Cloudflare keeps them as they are now", async () => {
    fake().configure({ document });
    seedUnknown();
    const stack = await org().up({ accountId: ACCOUNT, clear: ["mfaConfig"], restoreOnDelete: true });
    dashboard({ mfa_config: { ...(stored().mfa_config as Props), fido2_only: false } });
    await org().destroy(stack);
    expect(stored().mfa_config).toEqual({ allowed_authenticators: ["totp"], session_duration: "8h", ...MFA_UNKNOWN, fido2_only: false });
  });
});

describe("13. two resources of one run that set one setting of one organization differently fail the preview", () => {
  const named = (name: string, args: Props) => ({ ...args, __plan: { name } });

  it("names both resources and the setting; other settings, the same value, or another organization are fine", async () => {
    seed();
    fake().seedOrganization("accounts", ACCOUNT_2, handMadeOrganization({ auth_domain: "second.cloudflareaccess.com" }));
    expect((await org().check(named("first", { accountId: ACCOUNT, sessionDuration: "8h", loginDesign: { footerText: "ours" } }))).failures).toEqual([]);
    expect((await org().check(named("same-value", { accountId: ACCOUNT, sessionDuration: "480m" }))).failures).toEqual([]);
    expect((await org().check(named("other-setting", { accountId: ACCOUNT, warpAuthSessionDuration: "2h" }))).failures).toEqual([]);
    expect((await org().check(named("other-account", { accountId: ACCOUNT_2, sessionDuration: "24h" }))).failures).toEqual([]);
    const reason = (mine: string, theirs: string, other: string, name: string) =>
      `is set to ${mine} here and to ${theirs} by "${other}", on the same organization (account ${ACCOUNT}): "${name}" and "${other}" would overwrite each other on every up; set it in one of them`;
    expect((await org().check(named("second", { accountId: ACCOUNT, sessionDuration: "24h" }))).failures).toEqual([
      { property: "sessionDuration", reason: reason("24h", "8h", "first", "second") },
      { property: "sessionDuration", reason: reason("24h", "480m", "same-value", "second") },
    ]);
    expect((await org().check(named("clearing", { accountId: ACCOUNT, clear: ["loginDesign"] }))).failures).toEqual([
      { property: "loginDesign.footerText", reason: reason("(cleared)", "ours", "first", "clearing") },
    ]);
    expect(fake().requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a value given as a secret is not shown", async () => {
    seed();
    await org().check({ accountId: ACCOUNT, uiReadOnlyToggleReason: "INC-4711 freeze", isUiReadOnly: true, __plan: { name: "a", secrets: ["uiReadOnlyToggleReason"] } });
    const { failures } = await org().check(named("b", { accountId: ACCOUNT, uiReadOnlyToggleReason: "audit", isUiReadOnly: true }));
    expect(failures).toEqual([{ property: "uiReadOnlyToggleReason", reason: expect.stringMatching(/^is set to \[secret\] here and to \[secret\] by "a"/) }]);
  });
});
