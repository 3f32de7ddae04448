import { adoptionIssues } from "../../provider/model/adoption";
import { ZeroTrustError } from "../../provider/model/errors";
import type { Scope } from "../../provider/model/scope";
import { UNKNOWN } from "../../provider/model/unknowns";
import { changedBody, MERGED, mergedInRun, notApplied, organizationChanges, previewWriteIssues, writeIssues, writtenInRun } from "../../provider/model/write";
import type { OrganizationWire } from "../../provider/model/wire";
import { ACCOUNT } from "../support/client";

/** What `up` writes and refuses, as the pure functions a preview applies too (so both say the same). */

const account: Scope = { kind: "accounts", id: ACCOUNT };
const current = (): OrganizationWire => ({
  name: "Acme",
  auth_domain: "acme.cloudflareaccess.com",
  is_ui_read_only: false,
  ui_read_only_toggle_reason: "",
  session_duration: "24h",
  mfa_config: { allowed_authenticators: ["totp"], session_duration: "12h" },
});
const settingsOfCurrent = { name: "Acme", authDomain: "acme.cloudflareaccess.com", isUiReadOnly: false, sessionDuration: "24h", mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: "12h" } };

describe("organizationChanges: the managed settings that differ by meaning", () => {
  it("ignores the options and the scope, and compares by meaning", () => {
    expect(organizationChanges({ accountId: ACCOUNT, restoreOnDelete: true, apiTokenEnvVar: "T", sessionDuration: "1440m" }, settingsOfCurrent)).toEqual([]);
    expect(organizationChanges({ accountId: ACCOUNT, sessionDuration: "8h", mfaConfig: { sessionDuration: "12h" } }, settingsOfCurrent)).toEqual(["sessionDuration"]);
  });

  it("counts a cleared setting while Cloudflare still has it, and a clear not known yet as a change", () => {
    expect(organizationChanges({ clear: ["sessionDuration", "customPages"] }, settingsOfCurrent)).toEqual(["sessionDuration"]);
    expect(organizationChanges({ clear: UNKNOWN }, settingsOfCurrent)).toEqual(["clear"]);
    expect(organizationChanges({ sessionDuration: UNKNOWN }, settingsOfCurrent)).toEqual(["sessionDuration"]);
  });

  it("compares the toggle reason only while the lock is on (Cloudflare blanks it otherwise), by the program's lock first", () => {
    const reason = { uiReadOnlyToggleReason: "audit" };
    // lock off, by Cloudflare and by the program: the reason cannot be stored, so it is no change
    expect(organizationChanges(reason, settingsOfCurrent)).toEqual([]);
    expect(organizationChanges({ ...reason, isUiReadOnly: false }, { ...settingsOfCurrent, isUiReadOnly: true })).toEqual(["isUiReadOnly"]);
    // lock on, by the program or by Cloudflare, or not known yet: the reason counts
    expect(organizationChanges({ isUiReadOnly: true, ...reason }, settingsOfCurrent)).toEqual(["isUiReadOnly", "uiReadOnlyToggleReason"]);
    expect(organizationChanges(reason, { ...settingsOfCurrent, isUiReadOnly: true })).toEqual(["uiReadOnlyToggleReason"]);
    expect(organizationChanges({ isUiReadOnly: UNKNOWN, ...reason }, settingsOfCurrent)).toEqual(["isUiReadOnly", "uiReadOnlyToggleReason"]);
  });
});

describe("changedBody", () => {
  it("is nothing to write when Cloudflare has every managed value, by meaning", () => {
    expect(changedBody(account, current(), { sessionDuration: "1440m", mfaConfig: { sessionDuration: "720m" } })).toBeUndefined();
    expect(changedBody(account, current(), {}, ["customPages"])).toBeUndefined();
  });

  it("is the whole PUT when one managed value differs, or a clear has something to remove", () => {
    expect(changedBody(account, current(), { sessionDuration: "8h" })).toMatchObject({ name: "Acme", session_duration: "8h", mfa_config: { session_duration: "12h" } });
    expect(changedBody(account, current(), {}, ["sessionDuration"])).not.toHaveProperty("session_duration");
    expect(changedBody(account, current(), { authDomain: "new.cloudflareaccess.com" }, [], { adopting: true })).toMatchObject({ auth_domain: "acme.cloudflareaccess.com" });
  });
});

describe("the rules on the organization about to be written", () => {
  it("strict service-token auth cannot be turned off or cleared on an organization created on or after 2026-10-05", () => {
    const locked: OrganizationWire = { created_at: "2026-10-05T00:00:00Z", strict_service_token_auth: true };
    const refusal = (date: string) => [{ property: "strictServiceTokenAuth", reason: `cannot be turned off or cleared: Cloudflare keeps it on for organizations created on or after 2026-10-05 (this one: ${date})` }];
    expect(writeIssues(account, locked, { strict_service_token_auth: false })).toEqual(refusal("2026-10-05"));
    expect(writeIssues(account, locked, {})).toEqual(refusal("2026-10-05")); // cleared: left out of the write
    expect(writeIssues(account, locked, { strict_service_token_auth: true })).toEqual([]);
    expect(writeIssues(account, { created_at: "2026-10-04T23:59:59Z" }, { strict_service_token_auth: false })).toEqual([]);
    expect(writeIssues(account, {}, {})).toEqual([]); // no creation date: nothing to go by
    // a create makes an organization created today
    expect(writeIssues(account, undefined, { strict_service_token_auth: false })).toEqual(refusal("a new one"));
    expect(writeIssues(account, undefined, {})).toEqual([]);
    expect(writeIssues({ kind: "zones", id: ACCOUNT }, locked, {})).toEqual([]);
  });

  it("merged with what Cloudflare has: MFA for all apps needs a session duration Cloudflare may not have", () => {
    const issues = writeIssues(account, undefined, { mfa_required_for_all_apps: true, mfa_config: { allowed_authenticators: ["totp"] } });
    expect(issues).toEqual([{ property: "mfaConfig.sessionDuration", reason: "must be set when mfaRequiredForAllApps is true" }]);
    expect(writeIssues(account, undefined, { mfa_required_for_all_apps: true, mfa_config: { allowed_authenticators: ["totp"], session_duration: "1h" } })).toEqual([]);
  });

  it("service-token inactivity goes as all three members or none: each missing one is named, unless not known yet", () => {
    const partial = { service_token_inactivity: { enabled: true } };
    const reason = "must be set: Cloudflare takes the three members together and has no value for it";
    expect(writeIssues(account, undefined, partial)).toEqual([
      { property: "serviceTokenInactivity.action", reason },
      { property: "serviceTokenInactivity.inactivityThresholdDays", reason },
    ]);
    expect(writeIssues(account, undefined, partial, (path) => path !== "serviceTokenInactivity.action")).toEqual([{ property: "serviceTokenInactivity.inactivityThresholdDays", reason }]);
    expect(writeIssues(account, undefined, partial, (path) => path !== "serviceTokenInactivity")).toEqual([]);
    expect(writeIssues(account, undefined, { service_token_inactivity: { enabled: false, action: "delete", inactivity_threshold_days: 30 } })).toEqual([]);
  });

  it("SSH key sizes must fit the key types in the organization as merged", () => {
    expect(writeIssues(account, undefined, { mfa_piv_key_requirements: { ssh_key_type: ["rsa"], ssh_key_size: [256, 384, 2048] } })).toEqual([
      {
        property: "mfaPivKeyRequirements.sshKeySize",
        reason: "256, 384 do not fit the key types rsa (ecdsa takes 256/384/521, rsa 2048/3072/4096, ed25519 has a fixed size)",
      },
    ]);
    expect(writeIssues(account, undefined, { mfa_piv_key_requirements: { ssh_key_type: ["rsa", "ecdsa"], ssh_key_size: [521, 3072] } })).toEqual([]);
    expect(writeIssues(account, undefined, { mfa_piv_key_requirements: { ssh_key_type: ["ecdsa"], ssh_key_size: [2048] } }, (path) => path !== "mfaPivKeyRequirements.sshKeyType")).toEqual([]);
    expect(writeIssues(account, undefined, { mfa_piv_key_requirements: { ssh_key_type: ["ecdsa"], ssh_key_size: [2048] } }, (path) => path !== "mfaPivKeyRequirements.sshKeySize")).toEqual([]);
  });

  it("MFA for all apps with only infrastructure keys is refused on the merged organization too", () => {
    const issues = writeIssues(account, undefined, { mfa_required_for_all_apps: true, mfa_config: { allowed_authenticators: ["piv_key", "ssh_fido2_key"], session_duration: "1h" } });
    expect(issues.map((i) => i.property)).toEqual(["mfaConfig.allowedAuthenticators"]);
    expect(writeIssues(account, undefined, { mfa_required_for_all_apps: false, mfa_config: {} })).toEqual([]);
  });

  it("the refusal names the scope, each issue, where the rule applies, and that nothing was written", () => {
    const error = notApplied(account, [{ property: "mfaConfig.sessionDuration", reason: "must be set" }]);
    expect(error).toBeInstanceOf(ZeroTrustError);
    expect(error.code).toBe("invalid_organization");
    expect(error.message).toBe(
      `Not applied to account ${ACCOUNT}: mfaConfig.sessionDuration: must be set (${MERGED}). Nothing was written; set the named field in your program.`,
    );
    expect(MERGED).toBe("in the organization that would be written: your settings merged with what Cloudflare has");
  });

  it("a preview finds what up would refuse, on the organization in hand", () => {
    const args = { accountId: ACCOUNT, mfaRequiredForAllApps: true, mfaConfig: { allowedAuthenticators: ["totp"] } };
    const noSession = { ...current(), mfa_config: { allowed_authenticators: ["totp"] } };
    expect(previewWriteIssues(account, noSession, args).map((i) => i.property)).toEqual(["mfaConfig.sessionDuration"]);
    // a create: nothing in hand, the program alone
    expect(previewWriteIssues(account, undefined, args).map((i) => i.property)).toEqual(["mfaConfig.sessionDuration"]);
    // Cloudflare has the session: nothing to refuse
    expect(previewWriteIssues(account, current(), args)).toEqual([]);
  });

  it("a preview says nothing of a rule that involves a value not known yet, nor of anything when `clear` is unknown", () => {
    const noSession = { ...current(), mfa_config: { allowed_authenticators: ["totp"] } };
    const args = { accountId: ACCOUNT, mfaRequiredForAllApps: true, mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: UNKNOWN } };
    expect(previewWriteIssues(account, noSession, args)).toEqual([]);
    expect(previewWriteIssues(account, noSession, { accountId: ACCOUNT, mfaRequiredForAllApps: true, clear: UNKNOWN })).toEqual([]);
  });

  it("says where an organization that breaks a rule comes from when other resources of the run write it too", () => {
    expect(mergedInRun(account, "b", ["a"])).toBe(
      `${MERGED} and with what "a" of this run writes to the same organization (account ${ACCOUNT}): "b" and "a" cannot all be applied, up would write one and refuse the other`,
    );
    expect(mergedInRun(account, "c", ["a", "b"])).toBe(
      `${MERGED} and with what "a", "b" of this run write to the same organization (account ${ACCOUNT}): "c" and "a", "b" cannot all be applied, up would write one and refuse the other`,
    );
    expect(writtenInRun(["a", "b"])).toBe(`${MERGED}, which may include what "a", "b" of this run wrote to it just before`);
  });

  it("a preview applies the earlier writes of the run's other resources first, each only where it changes something", () => {
    const requireMfa = { accountId: ACCOUNT, mfaRequiredForAllApps: true };
    const clearMfa = { accountId: ACCOUNT, clear: ["mfaConfig"] };
    // alone, each is fine on what Cloudflare has; the second after the first is refused
    expect(previewWriteIssues(account, current(), clearMfa)).toEqual([]);
    expect(previewWriteIssues(account, current(), requireMfa)).toEqual([]);
    expect(previewWriteIssues(account, current(), clearMfa, {}, [requireMfa]).map((i) => i.property)).toEqual([
      "mfaConfig.allowedAuthenticators",
      "mfaConfig.sessionDuration",
    ]);
    // an earlier write that repairs the organization makes a later one fine
    const broken = { ...current(), mfa_required_for_all_apps: true, mfa_config: { allowed_authenticators: ["totp"] } };
    expect(previewWriteIssues(account, broken, { accountId: ACCOUNT, sessionDuration: "8h" }).map((i) => i.property)).toEqual(["mfaConfig.sessionDuration"]);
    expect(previewWriteIssues(account, broken, { accountId: ACCOUNT, sessionDuration: "8h" }, {}, [{ accountId: ACCOUNT, mfaConfig: { sessionDuration: "1h" } }])).toEqual([]);
    // an earlier write that changes nothing leaves the organization as it is; on a create, the first write makes it
    expect(previewWriteIssues(account, broken, { accountId: ACCOUNT, sessionDuration: "24h" }, {}, [{ accountId: ACCOUNT, sessionDuration: "24h" }])).toEqual([]);
    const created = { accountId: ACCOUNT, name: "A", authDomain: "a.cloudflareaccess.com", mfaRequiredForAllApps: true, mfaConfig: { allowedAuthenticators: ["totp" as const], sessionDuration: "1h" } };
    expect(previewWriteIssues(account, undefined, clearMfa, {}, [created]).map((i) => i.property)).toEqual(["mfaConfig.allowedAuthenticators", "mfaConfig.sessionDuration"]);
    // an unknown value in an earlier program skips the rules that involve it; an unknown clear anywhere says nothing
    expect(previewWriteIssues(account, current(), clearMfa, {}, [{ accountId: ACCOUNT, mfaRequiredForAllApps: UNKNOWN }])).toEqual([]);
    expect(previewWriteIssues(account, current(), requireMfa, {}, [{ accountId: ACCOUNT, clear: UNKNOWN }])).toEqual([]);
    expect(previewWriteIssues(account, current(), clearMfa, {}, [{ ...requireMfa, clear: UNKNOWN }])).toEqual([]);
    // the creation date is the live organization's, whatever the earlier writes leave
    const locked = { ...current(), created_at: "2026-11-01T00:00:00Z", strict_service_token_auth: true };
    expect(previewWriteIssues(account, locked, { accountId: ACCOUNT, strictServiceTokenAuth: false }, {}, [{ accountId: ACCOUNT, sessionDuration: "8h" }]).map((i) => i.property)).toEqual([
      "strictServiceTokenAuth",
    ]);
  });

  it("a preview with no change to make refuses nothing, even on an organization that breaks a rule already", () => {
    const broken = { ...current(), mfa_required_for_all_apps: true, mfa_config: { allowed_authenticators: ["totp"] } };
    expect(previewWriteIssues(account, broken, { accountId: ACCOUNT, sessionDuration: "24h" })).toEqual([]);
    expect(previewWriteIssues(account, broken, { accountId: ACCOUNT, sessionDuration: "8h" }).map((i) => i.property)).toEqual(["mfaConfig.sessionDuration"]);
  });
});

describe("adoption", () => {
  const scope = account;
  it("refuses a team domain other than the organization's, naming both and how to adopt", () => {
    const issues = adoptionIssues(scope, current(), { authDomain: "other.cloudflareaccess.com" });
    expect(issues).toEqual([
      {
        property: "authDomain",
        reason:
          `is "other.cloudflareaccess.com", but the existing Zero Trust organization of account ${ACCOUNT} uses "acme.cloudflareaccess.com"; ` +
          "adopting never changes the team domain (every login URL depends on it). Remove authDomain (or set it to " +
          '"acme.cloudflareaccess.com") to adopt; to move the team domain, change authDomain in a later update, once the organization is in the stack',
      },
    ]);
  });

  it.each([
    ["the same domain in another letter case", { authDomain: "ACME.CloudflareAccess.com" }, current()],
    ["no team domain in the program", {}, current()],
    ["an empty one", { authDomain: "" }, current()],
    ["one not known yet", { authDomain: UNKNOWN }, current()],
    ["an organization without one", { authDomain: "other.cloudflareaccess.com" }, { name: "Acme", auth_domain: "" }],
  ])("accepts %s", (_, inputs, organization) => {
    expect(adoptionIssues(scope, organization, inputs)).toEqual([]);
  });
});
