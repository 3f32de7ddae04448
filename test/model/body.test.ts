import {
  lastKnownOrganization,
  managedPaths,
  organizationState,
  restoreBody,
  settingsFromWire,
  splitForCreate,
  withReadOnly,
  writeBody,
} from "../../provider/model/body";
import { READ_ONLY_FIELDS } from "../../provider/model/spec";
import type { Scope } from "../../provider/model/scope";
import type { OrganizationWire } from "../../provider/model/wire";
import { ACCOUNT, ZONE } from "../support/client";

/**
 * The first law, on the pure builders of every write: what the package does not manage is written back exactly as
 * read, at any depth; a value that means what Cloudflare has is written as Cloudflare has it; `clear` removes only
 * modelled settings; adoption never touches the team domain; a restore touches only what the stack managed.
 */

const account: Scope = { kind: "accounts", id: ACCOUNT };
const zone: Scope = { kind: "zones", id: ZONE };

/** An organization as Cloudflare answers it: placeholders for unset settings, a field the package does not know. */
const read = (): OrganizationWire => ({
  name: "Acme",
  auth_domain: "acme.cloudflareaccess.com",
  is_ui_read_only: false,
  ui_read_only_toggle_reason: "",
  session_duration: "24h",
  login_design: { background_color: "", text_color: "#000000", footer_text: "", header_text: "", logo_path: "", font: "serif" },
  mfa_config: { allowed_authenticators: ["totp"], session_duration: "12h", fido2_only: true },
  deny_unmatched_requests_exempted_zone_names: [],
  future_setting: { nested_thing: 1, empty: "" },
  trusted_accounts: ["fedcba9876543210fedcba9876543210"],
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-02T00:00:00Z",
});

describe("writeBody: the PUT built from the organization as read", () => {
  it("changes only the managed settings that differ; keeps every unknown field and member exactly as read", () => {
    const body = writeBody(account, read(), { sessionDuration: "8h", mfaConfig: { sessionDuration: "4h" } });
    expect(body).toEqual({
      name: "Acme",
      auth_domain: "acme.cloudflareaccess.com",
      is_ui_read_only: false,
      session_duration: "8h",
      login_design: { text_color: "#000000", font: "serif" },
      mfa_config: { allowed_authenticators: ["totp"], session_duration: "4h", fido2_only: true },
      // not modelled: kept with its own empty member, and under its own name
      future_setting: { nested_thing: 1, empty: "" },
    });
  });

  it("writes a value that means what Cloudflare has as Cloudflare has it (a duration, a domain's letter case, a set's order)", () => {
    const current = { ...read(), auth_domain: "ACME.cloudflareaccess.com", deny_unmatched_requests_exempted_zone_names: ["b.com", "a.com"] };
    const body = writeBody(account, current, {
      sessionDuration: "1440m",
      authDomain: "acme.cloudflareaccess.com",
      denyUnmatchedRequestsExemptedZoneNames: ["a.com", "b.com"],
      mfaConfig: { sessionDuration: "720m" },
    });
    expect(body).toMatchObject({
      session_duration: "24h",
      auth_domain: "ACME.cloudflareaccess.com",
      deny_unmatched_requests_exempted_zone_names: ["b.com", "a.com"],
      mfa_config: { session_duration: "12h" },
    });
  });

  it("writes a setting Cloudflare does not have yet, and a value against a placeholder", () => {
    const body = writeBody(account, read(), { isUiReadOnly: true, uiReadOnlyToggleReason: "audit", loginDesign: { footerText: "hello" } });
    expect(body).toMatchObject({ is_ui_read_only: true, ui_read_only_toggle_reason: "audit", login_design: { footer_text: "hello", text_color: "#000000" } });
  });

  it("clears a modelled setting, and of an object only its modelled members", () => {
    const body = writeBody(account, read(), {}, ["sessionDuration", "mfaConfig", "loginDesign"]);
    expect(body).not.toHaveProperty("session_duration");
    expect(body.mfa_config).toEqual({ fido2_only: true });
    expect(body.login_design).toEqual({ font: "serif" });
    // an object with nothing unmodelled left goes whole
    const plain = writeBody(account, { ...read(), mfa_config: { session_duration: "12h" } }, {}, ["mfaConfig"]);
    expect(plain).not.toHaveProperty("mfa_config");
  });

  it("an adoption writes the team domain it read, whatever the program says; an update writes the program's", () => {
    const settings = { authDomain: "other.cloudflareaccess.com" };
    expect(writeBody(account, read(), settings, [], { adopting: true }).auth_domain).toBe("acme.cloudflareaccess.com");
    expect(writeBody(account, read(), settings).auth_domain).toBe("other.cloudflareaccess.com");
    expect(writeBody(account, undefined, { ...settings, name: "New" }, [], { adopting: true })).toEqual({ name: "New", auth_domain: "other.cloudflareaccess.com" });
  });

  it("never sends what only a read answers, nor the other scope's settings on a zone", () => {
    const body = writeBody(account, read(), {});
    for (const field of ["trusted_accounts", "created_at", "updated_at"]) expect(body).not.toHaveProperty(field);
    expect([...READ_ONLY_FIELDS].sort()).toEqual(["created_at", "trusted_accounts", "updated_at"]);
    const zoneBody = writeBody(zone, { name: "Z", auth_domain: "z.cloudflareaccess.com", session_duration: "24h", login_design: { text_color: "#fff" } }, { isUiReadOnly: true });
    expect(zoneBody).toEqual({ name: "Z", auth_domain: "z.cloudflareaccess.com", is_ui_read_only: true, login_design: { text_color: "#fff" } });
  });

  it("writes `false` where Cloudflare has no value yet, and drops an object of placeholders Cloudflare answered", () => {
    const current = { ...read(), custom_pages: { forbidden: "", identity_denied: "" } };
    const body = writeBody(account, current, { warpAuthNonBrowser401: false });
    expect(body.warp_auth_non_browser_401).toBe(false);
    expect(body).not.toHaveProperty("custom_pages");
  });

  it("does not change the organization it was given", () => {
    const current = read();
    writeBody(account, current, { mfaConfig: { sessionDuration: "1h" } }, ["loginDesign"]);
    expect(current).toEqual(read());
  });
});

describe("what a write answers, and a create", () => {
  it("keeps what only the read answered beside the write's answer; the answer wins where both have a field", () => {
    expect(withReadOnly(read(), { name: "New", updated_at: "later" })).toEqual({
      trusted_accounts: ["fedcba9876543210fedcba9876543210"],
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "later",
      name: "New",
    });
    expect(withReadOnly(undefined, { name: "New" })).toEqual({ name: "New" });
  });

  it("a create (POST) sends what it documents; the rest must follow in a PUT", () => {
    const body = writeBody(account, undefined, { name: "Acme", authDomain: "acme.cloudflareaccess.com", sessionDuration: "8h" });
    expect(splitForCreate(account, body)).toEqual({ post: body, rest: false });
    // the zone create does not document the deny-unmatched pair its PUT takes
    const zoneBody = writeBody(zone, undefined, { name: "Z", authDomain: "z.cloudflareaccess.com", denyUnmatchedRequests: true });
    expect(splitForCreate(zone, zoneBody)).toEqual({ post: { name: "Z", auth_domain: "z.cloudflareaccess.com" }, rest: true });
  });
});

describe("settingsFromWire and the outputs", () => {
  it("a zone organization's settings are the zone's fields only", () => {
    expect(settingsFromWire(zone, read())).toEqual({
      name: "Acme",
      authDomain: "acme.cloudflareaccess.com",
      isUiReadOnly: false,
      loginDesign: { textColor: "#000000" },
    });
  });

  it("an object of placeholders is no value at all", () => {
    expect(settingsFromWire(account, { login_design: { text_color: "", font: "serif" } })).toEqual({});
  });

  it("outputs name the scope, every setting Cloudflare has, the timestamps, and an account's trusted accounts", () => {
    expect(organizationState(account, read())).toEqual({
      accountId: ACCOUNT,
      ...settingsFromWire(account, read()),
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-02T00:00:00Z",
      trustedAccounts: ["fedcba9876543210fedcba9876543210"],
    });
    expect(organizationState(zone, { ...read(), created_at: null, updated_at: "" })).toEqual({ zoneId: ZONE, ...settingsFromWire(zone, read()) });
    expect(organizationState(account, { name: "A", trusted_accounts: null })).toEqual({ accountId: ACCOUNT, name: "A" });
  });

  it("the organization outputs last recorded, in wire names, modelled settings of the scope only", () => {
    const outputs = { accountId: ACCOUNT, name: "A", sessionDuration: "8h", mfaConfig: { sessionDuration: "1h" }, adopted: true, isUiReadOnly: undefined };
    expect(lastKnownOrganization(account, outputs)).toEqual({ name: "A", session_duration: "8h", mfa_config: { session_duration: "1h" } });
    expect(lastKnownOrganization(zone, outputs)).toEqual({ name: "A" });
  });

  it("what a program manages: every leaf it sets and every setting it clears, sorted", () => {
    expect(managedPaths({ sessionDuration: "8h", mfaConfig: { sessionDuration: "1h", allowedAuthenticators: ["totp"] } }, ["loginDesign"])).toEqual([
      "loginDesign",
      "mfaConfig.allowedAuthenticators",
      "mfaConfig.sessionDuration",
      "sessionDuration",
    ]);
    expect(managedPaths({ name: "x" })).toEqual(["name"]);
  });
});

describe("restoreBody: putting back what the stack managed, as it was before the adoption", () => {
  it("restores managed values, removes what was unset then, and leaves everything else as it is now", () => {
    const now: OrganizationWire = {
      ...read(),
      session_duration: "8h",
      is_ui_read_only: true,
      mfa_config: { allowed_authenticators: ["security_key"], session_duration: "4h", fido2_only: true },
    };
    const before = { sessionDuration: "24h", mfaConfig: { sessionDuration: "12h" } };
    const body = restoreBody(account, now, before, ["isUiReadOnly", "mfaConfig.allowedAuthenticators", "mfaConfig.sessionDuration", "sessionDuration"]);
    expect(body).toMatchObject({ session_duration: "24h", mfa_config: { session_duration: "12h", fido2_only: true }, login_design: { text_color: "#000000", font: "serif" } });
    expect(body).not.toHaveProperty("is_ui_read_only");
    expect(body.mfa_config).not.toHaveProperty("allowed_authenticators");
    expect(body.future_setting).toEqual({ nested_thing: 1, empty: "" });
  });

  it("gives a cleared object back its modelled members, keeping the members it does not model as they are now", () => {
    const now: OrganizationWire = { name: "Acme", auth_domain: "acme.cloudflareaccess.com", login_design: { font: "mono" } };
    const body = restoreBody(account, now, { loginDesign: { textColor: "#111111", headerText: "Hi" } }, ["loginDesign"]);
    expect(body.login_design).toEqual({ text_color: "#111111", header_text: "Hi", font: "mono" });
    // an object that was unset before loses its modelled members, and goes whole when nothing else is left
    expect(restoreBody(account, now, {}, ["loginDesign"]).login_design).toEqual({ font: "mono" });
    expect(restoreBody(account, { name: "Acme", login_design: { text_color: "#fff" } }, {}, ["loginDesign"])).not.toHaveProperty("login_design");
    // an object that is gone now is rebuilt for a managed member
    const gone = restoreBody(account, { name: "Acme" }, { mfaConfig: { sessionDuration: "12h" } }, ["mfaConfig.sessionDuration"]);
    expect(gone.mfa_config).toEqual({ session_duration: "12h" });
  });
});

describe("writeBody, at the edges of what Cloudflare answers", () => {
  it("keeps Cloudflare's order of a nested set that means the same", () => {
    const body = writeBody(account, read(), { mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: "4h" } });
    const current = { ...read(), mfa_config: { allowed_authenticators: ["totp", "security_key"], session_duration: "12h" } };
    expect(body.mfa_config).toMatchObject({ allowed_authenticators: ["totp"] });
    expect(writeBody(account, current, { mfaConfig: { allowedAuthenticators: ["security_key", "totp"] } }).mfa_config).toEqual({
      allowed_authenticators: ["totp", "security_key"],
      session_duration: "12h",
    });
  });

  it("drops a modelled object Cloudflare answered as null, clears one too, and keeps an empty member it does not model", () => {
    const current = { ...read(), custom_pages: null, login_design: { text_color: "", x_new: "" } };
    const body = writeBody(account, current, {});
    expect(body).not.toHaveProperty("custom_pages");
    expect(body.login_design).toStrictEqual({ x_new: "" });
    expect(writeBody(account, current, {}, ["customPages"])).not.toHaveProperty("custom_pages");
  });

  it("the settings in Pulumi's names (no placeholders, no unmodelled fields or members, no timestamps) and last outputs have no key for what is unset", () => {
    expect(settingsFromWire(account, read())).toStrictEqual({
      name: "Acme",
      authDomain: "acme.cloudflareaccess.com",
      isUiReadOnly: false,
      sessionDuration: "24h",
      loginDesign: { textColor: "#000000" },
      mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: "12h" },
    });
    expect(lastKnownOrganization(account, { name: "A", sessionDuration: undefined })).toStrictEqual({ name: "A" });
  });
});
