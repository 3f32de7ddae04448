import { accountOrganizationWire, dohWire, zoneOrganizationWire } from "../../provider/model/wire";
import { validateDohInputs } from "../../provider/model/doh";
import { validateOrganizationArgs } from "../../provider/model/organization";
import { ACCOUNT, ZONE } from "../support/client";

/** Each field kind's check, on the settings that use it: the message names the field and what it must be. */

const problems = (args: Record<string, unknown>) => {
  const result = validateOrganizationArgs({ accountId: ACCOUNT, ...args });
  return result.ok ? [] : result.issues.map((i) => `${i.property}: ${i.reason}`);
};
const valueOf = (args: Record<string, unknown>) => {
  const result = validateOrganizationArgs({ accountId: ACCOUNT, ...args });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value as Record<string, unknown>;
};

describe("DNS names", () => {
  it.each(["a.b", "x-1.example.com", "EXAMPLE.com", `${"a".repeat(63)}.com`, `${"a.".repeat(125)}com`])("accepts %j", (zone) => {
    expect(problems({ denyUnmatchedRequestsExemptedZoneNames: [zone] })).toEqual([]);
  });
  it.each(["com", "-a.com", "a-.com", "a..com", "a_b.com", `${"a".repeat(64)}.com`, `${"a.".repeat(126)}com`, "a.com/x"])("refuses %j", (zone) => {
    expect(problems({ denyUnmatchedRequestsExemptedZoneNames: [zone] })).toEqual(["denyUnmatchedRequestsExemptedZoneNames.0: must be a zone name such as example.com"]);
  });
});

describe("ids and URLs", () => {
  it("lower-cases a Cloudflare id and a UUID, so one id typed two ways is one id", () => {
    expect(valueOf({ accountId: ACCOUNT.toUpperCase(), mfaConfig: { requiredAaguids: "2FC0579F-8113-47EA-B116-BB5A8DB9202A" } })).toEqual({
      accountId: ACCOUNT,
      mfaConfig: { requiredAaguids: "2fc0579f-8113-47ea-b116-bb5a8db9202a" },
    });
  });
  it.each(["2fc0579f-8113-47ea-b116-bb5a8db9202", "x2fc0579f-8113-47ea-b116-bb5a8db9202a", "2fc0579f811347eab116bb5a8db9202a", "2fc0579f-8113-47ea-b116-bb5a8db9202g"])(
    "refuses the UUID %j",
    (uuid) => {
      expect(problems({ mfaConfig: { requiredAaguids: uuid } })).toEqual(["mfaConfig.requiredAaguids: must be a UUID"]);
    },
  );
  it("takes an http or https logo URL and nothing else", () => {
    expect(problems({ loginDesign: { logoPath: "http://example.com/a.png" } })).toEqual([]);
    expect(problems({ loginDesign: { logoPath: "ftp://example.com/a.png" } })).toEqual(["loginDesign.logoPath: must be an http(s) URL"]);
  });
});

describe("texts, choices and numbers", () => {
  it("a name must have text; other texts are taken as given", () => {
    expect(valueOf({ name: " Acme " }).name).toBe("Acme");
    expect(problems({ name: "   " })).toEqual(["name: must not be empty"]);
    expect(valueOf({ loginDesign: { footerText: " x " } }).loginDesign).toEqual({ footerText: " x " });
  });

  it("the inactivity threshold is whole days from 30 to 365, and the message says the unit", () => {
    const days = (n: unknown) => problems({ serviceTokenInactivity: { inactivityThresholdDays: n } });
    expect([days(30), days(365)]).toEqual([[], []]);
    expect(days(29)).toEqual(["serviceTokenInactivity.inactivityThresholdDays: must be at least 30 (days)"]);
    expect(days(366)).toEqual(["serviceTokenInactivity.inactivityThresholdDays: must be at most 365 (days)"]);
    expect(days(30.5)).toHaveLength(1);
  });

  it("the inactivity action is one of its two; key sizes are numbers, not their text", () => {
    expect(problems({ serviceTokenInactivity: { action: "delete" } })).toEqual([]);
    expect(problems({ serviceTokenInactivity: { action: "archive" } })).toEqual([
      'serviceTokenInactivity.action: Invalid option: expected one of "disable"|"delete"',
    ]);
    expect(problems({ mfaPivKeyRequirements: { sshKeyType: ["ecdsa"], sshKeySize: [384] } })).toEqual([]);
    expect(problems({ mfaPivKeyRequirements: { sshKeySize: ["384"] } })).toHaveLength(1);
  });
});

describe("duration bounds, as each setting's message says them", () => {
  it.each([
    [{ userSeatExpirationInactiveTime: "730h" }, []],
    [{ userSeatExpirationInactiveTime: "729h59m" }, ["userSeatExpirationInactiveTime: must be at least 730h (got 729h59m)"]],
    [{ mfaConfig: { sessionDuration: "720h" } }, []],
    [{ mfaConfig: { sessionDuration: "720h1m" } }, ["mfaConfig.sessionDuration: must be between 0m and 720h (got 720h1m)"]],
    [{ warpAuthSessionDuration: "90m" }, []],
    [{ warpAuthSessionDuration: "1h30s" }, ["warpAuthSessionDuration: must be a duration in minutes (m) or hours (h), such as 30m or 2h45m"]],
    [{ warpAuthSessionDuration: "soon" }, ["warpAuthSessionDuration: must be a duration in minutes (m) or hours (h), such as 30m or 2h45m"]],
    [{ sessionDuration: "1µs" }, []],
  ])("%j", (args, expected) => {
    expect(problems(args)).toEqual(expected);
  });

  it("the DoH JWT duration takes any unit and any length from 0", () => {
    expect(validateDohInputs({ accountId: ACCOUNT, dohJwtDuration: "0s" }).ok).toBe(true);
    expect(validateDohInputs({ accountId: ACCOUNT, dohJwtDuration: "8760h" }).ok).toBe(true);
  });
});

describe("the answers' shapes: types only, every field Cloudflare adds kept", () => {
  it("an account answer types its settings and keeps what it does not know", () => {
    const answer = { name: "A", session_duration: null, mfa_config: { session_duration: "1h", new_member: 1 }, brand_new: { x: 1 }, trusted_accounts: ["a"] };
    expect(accountOrganizationWire.safeParse(answer)).toEqual({ success: true, data: answer });
    for (const wrong of [{ name: 5 }, { is_ui_read_only: "false" }, { mfa_config: "x" }, { mfa_piv_key_requirements: { ssh_key_size: ["256"] } }, { service_token_inactivity: { inactivity_threshold_days: "30" } }, { trusted_accounts: "a" }, { created_at: 1 }]) {
      expect(accountOrganizationWire.safeParse(wrong).success).toBe(false);
    }
    expect(accountOrganizationWire.safeParse({ mfa_piv_key_requirements: { ssh_key_type: ["rsa"], ssh_key_size: [2048] } }).success).toBe(true);
  });

  it("a zone answer types the zone's settings only", () => {
    expect(zoneOrganizationWire.safeParse({ session_duration: 5, trusted_accounts: 7, is_ui_read_only: true }).success).toBe(true);
    expect(zoneOrganizationWire.safeParse({ is_ui_read_only: "yes" }).success).toBe(false);
  });

  it("a DoH answer", () => {
    const answer = { id: "x", client_id: null, duration: "1h", doh_jwt_duration: "24h", enabled: true, extra: 1 };
    expect(dohWire.safeParse(answer)).toEqual({ success: true, data: answer });
    expect(dohWire.safeParse({ enabled: "true" }).success).toBe(false);
    expect(dohWire.safeParse({ doh_jwt_duration: 24 }).success).toBe(false);
  });

  it("argument checks name a zone organization's account field", () => {
    const result = validateOrganizationArgs({ zoneId: ZONE, strictServiceTokenAuth: true });
    expect(result.ok ? [] : result.issues.map((i) => i.property)).toEqual(["strictServiceTokenAuth"]);
  });
});
