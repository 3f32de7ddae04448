import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { request } from "undici";
import { FAKE_TOKEN, FakeCloudflare } from "../../provider/testing/server";
import { OPENAPI_DOCUMENT } from "../../provider/testing/openapi";
import { REPO_ROOT } from "../support/repo";
import { ACCOUNT, ZONE, handMadeOrganization } from "../support/client";
import { TODAY } from "../support/fake";

let fake: FakeCloudflare;
beforeAll(async () => {
  fake = await FakeCloudflare.start({ today: TODAY, validateResponses: true, globalKeys: [{ email: "a@example.com", key: "key-123456" }] });
});
afterEach(() => {
  // every answer the fake gave in these tests conforms to the OpenAPI document
  expect(fake.violations.filter((v) => v.startsWith("answer"))).toEqual([]);
  fake.reset();
  fake.configure({ rateLimit: undefined });
});
afterAll(() => fake.close());

const ORG = `/accounts/${ACCOUNT}/access/organizations`;
const ZONE_ORG = `/zones/${ZONE}/access/organizations`;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${FAKE_TOKEN}` }) {
  const res = await request(fake.baseUrl + path, {
    method: method as "GET",
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: JSON.parse(text) as Record<string, any> };
}

describe("the fake Cloudflare API", () => {
  it("answers 404 access.api.error.not_found before an organization exists", async () => {
    const res = await call("GET", ORG);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ success: false, errors: [{ code: 12130, message: "access.api.error.not_found" }], messages: [], result: null });
  });

  it("requires name and auth_domain on POST, and records the violation", async () => {
    const res = await call("POST", ORG, { name: "only a name" });
    expect(res.status).toBe(400);
    expect(fake.violations).toEqual([`POST ${ORG}: (body) must have required property 'auth_domain'`]);
    expect(fake.organization("accounts", ACCOUNT)).toBeUndefined();
  });

  it("flags read-only and undocumented properties", async () => {
    fake.seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    await call("PUT", ORG, { ...handMadeOrganization(), created_at: "2020-01-01T00:00:00Z", colour: "red" });
    expect(fake.violations).toEqual([`PUT ${ORG}: /created_at is read-only and must not be sent`, `PUT ${ORG}: /colour is not a documented property`]);
  });

  it("replaces the whole organization on PUT: what is left out is cleared", async () => {
    fake.seedOrganization("accounts", ACCOUNT, handMadeOrganization({ mfa_config: { allowed_authenticators: ["totp"], session_duration: "1h" } }));
    const res = await call("PUT", ORG, { name: "Renamed", auth_domain: "widgetcorp.cloudflareaccess.com" });
    expect(res.status).toBe(200);
    const stored = fake.organization("accounts", ACCOUNT)!;
    expect(stored.name).toBe("Renamed");
    expect(stored.deny_unmatched_requests).toBeUndefined();
    expect(stored.mfa_config).toBeUndefined();
    expect(stored.login_design).toBeUndefined();
  });

  it("refuses a PUT without auth_domain", async () => {
    fake.seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const res = await call("PUT", ORG, { name: "x" });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].message).toBe("access.api.error.invalid_auth_domain");
  });

  it("answers with the live API's quirks", async () => {
    await call("POST", ORG, { name: "Acme", auth_domain: "acme.cloudflareaccess.com", auto_redirect_to_identity: false, ui_read_only_toggle_reason: "why" });
    const { json } = await call("GET", ORG);
    expect(json.result).not.toHaveProperty("auto_redirect_to_identity");
    expect(json.result.login_design).toEqual({ background_color: "", footer_text: "", header_text: "", logo_path: "", text_color: "" });
    expect(json.result.ui_read_only_toggle_reason).toBe("");
    expect(json.result.session_duration).toBe("");
    expect(json.result.deny_unmatched_requests_exempted_zone_names).toEqual([]);
  });

  it("echoes durations as given", async () => {
    await call("POST", ORG, { name: "Acme", auth_domain: "acme.cloudflareaccess.com", session_duration: "1440m" });
    expect((await call("GET", ORG)).json.result.session_duration).toBe("1440m");
  });

  it.each([
    [{ warp_auth_session_duration: "90s" }, "invalid duration for warp_auth_session_duration: 90s"],
    [{ user_seat_expiration_inactive_time: "100h" }, "user_seat_expiration_inactive_time out of range: 100h"],
    [{ mfa_config: { session_duration: "721h" } }, "mfa_config.session_duration out of range: 721h"],
    [{ mfa_required_for_all_apps: true }, "mfa_required_for_all_apps requires MFA with at least one authenticator and a session duration"],
    [{ mfa_required_for_all_apps: true, mfa_config: { allowed_authenticators: ["piv_key"], session_duration: "1h" } }, "piv_key and ssh_fido2_key are only compatible with infrastructure applications"],
  ])("applies the API's validation: %j", async (fields, chain) => {
    const res = await call("POST", ORG, { name: "Acme", auth_domain: "acme.cloudflareaccess.com", ...fields });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ code: 12062, message: "access.api.error.invalid_org_config", error_chain: [{ message: chain }] }]);
  });

  it("keeps auth domains unique across Cloudflare", async () => {
    fake.seedOrganization("zones", ZONE, { name: "Z", auth_domain: "taken.cloudflareaccess.com" });
    const res = await call("POST", ORG, { name: "Acme", auth_domain: "taken.cloudflareaccess.com" });
    expect(res.json.errors[0].error_chain).toEqual([{ message: "auth domain taken.cloudflareaccess.com is already in use" }]);
  });

  it("keeps only the zone fields at zone scope, and answers the deny-unmatched pair", async () => {
    await call("POST", ZONE_ORG, { name: "Z", auth_domain: "z.cloudflareaccess.com", is_ui_read_only: true, ui_read_only_toggle_reason: "locked" });
    const { json } = await call("GET", ZONE_ORG);
    expect(Object.keys(json.result).sort()).toEqual([
      "auth_domain", "created_at", "deny_unmatched_requests", "deny_unmatched_requests_exempted_zone_names", "is_ui_read_only",
      "login_design", "name", "ui_read_only_toggle_reason", "updated_at", "user_seat_expiration_inactive_time",
    ]);
    await call("PUT", ZONE_ORG, { name: "Z", auth_domain: "z.cloudflareaccess.com", session_duration: "1h" });
    expect(fake.violations).toEqual([`PUT ${ZONE_ORG}: /session_duration is not a documented property`]);
  });

  it("answers DoH PUT with 201", async () => {
    fake.addServiceToken(ACCOUNT, { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "doh", client_id: "abc.access" });
    const res = await call("PUT", `${ORG}/doh`, { service_token_id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", doh_jwt_duration: "800h" });
    expect(res.status).toBe(201);
    expect(res.json.result).toMatchObject({ id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", client_id: "abc.access", doh_jwt_duration: "800h" });
  });

  it.each([
    [{ authorization: "Bearer nope" }, 401, 1000],
    [{ "x-auth-email": "a@example.com", "x-auth-key": "wrong" }, 403, 10000],
    [{}, 400, 9106],
  ])("checks credentials %j", async (headers, status, code) => {
    const res = await call("GET", ORG, undefined, headers);
    expect([res.status, res.json.errors[0].code]).toEqual([status, code]);
  });

  it("accepts a valid email + Global API key", async () => {
    fake.seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    expect((await call("GET", ORG, undefined, { "x-auth-email": "a@example.com", "x-auth-key": "key-123456" })).status).toBe(200);
  });

  it("refuses an identifier that is not an id", async () => {
    const res = await call("GET", "/accounts/not-an-id/access/organizations");
    expect([res.status, res.json.errors[0].code]).toEqual([400, 7003]);
  });

  it("locks a credential out once it goes over the limit", async () => {
    fake.configure({ rateLimit: { limit: 3, windowMs: 10_000, lockoutMs: 2000 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call("GET", ORG)).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const locked = await call("GET", ORG);
    expect(locked.json.errors[0]).toEqual({ code: 971, message: "Please wait and consider throttling your request speed" });
    expect(Number(locked.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(fake.stats).toMatchObject({ lockouts: 1, rateLimited: 3 });
  });

  it("injects each kind of fault once, then behaves", async () => {
    fake.inject({ kind: "status", status: 429, retryAfter: "7" });
    const limited = await call("GET", ORG);
    expect([limited.status, limited.headers["retry-after"]]).toEqual([429, "7"]);
    expect((await call("GET", ORG)).status).toBe(404);
    fake.inject({ kind: "reset", when: "before-body" });
    await expect(call("GET", ORG)).rejects.toThrow();
    fake.inject({ kind: "success-false" });
    expect((await call("GET", ORG)).json.success).toBe(false);
  });
});

describe("today: the day the local API takes for today", () => {
  it.each([
    ["2026-10-04", false],
    ["2026-10-05", true],
  ])("an organization created on %s has that date, and strict service-token auth for good: %s", async (today, forGood) => {
    fake.configure({ today });
    const org = { name: "Acme", auth_domain: "acme.cloudflareaccess.com" };
    const created = await call("POST", ORG, org);
    expect(created.json.result).toMatchObject({ created_at: `${today}T00:00:00.000Z`, updated_at: `${today}T00:00:00.000Z`, strict_service_token_auth: forGood });
    const off = await call("PUT", ORG, { ...org, strict_service_token_auth: false });
    expect(off.status).toBe(forGood ? 400 : 200);
    // a write moves updated_at on, a millisecond a write
    expect(fake.organization("accounts", ACCOUNT)).toMatchObject({ created_at: `${today}T00:00:00.000Z`, updated_at: `${today}T00:00:00.00${forGood ? 0 : 1}Z` });
  });

  it("dates a seeded organization that has no created_at that day", () => {
    fake.seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    expect(fake.organization("accounts", ACCOUNT)).toMatchObject({ created_at: `${TODAY}T00:00:00.000Z`, strict_service_token_auth: true });
  });

  it.each(["2026-02-30", "2026-11-2", "today"])("refuses %s, naming the option", async (today) => {
    const message = `today must be a date as YYYY-MM-DD (got "${today}")`;
    expect(() => fake.configure({ today })).toThrow(message);
    await expect(FakeCloudflare.start({ today })).rejects.toThrow(message);
  });
});

describe("the OpenAPI document the fake validates against", () => {
  const shared = path.resolve(REPO_ROOT, "../shared/reference/cloudflare-access-organizations.openapi.json");
  // CI clones the repository beside shared/ and must compare; a user's clone has only the vendored copy.
  const comparable = existsSync(shared) || process.env.CI !== undefined;

  (comparable ? it : it.skip)("is the team's shared reference, unchanged", () => {
    expect(existsSync(shared)).toBe(true);
    expect(OPENAPI_DOCUMENT).toEqual(JSON.parse(readFileSync(shared, "utf8")));
  });
});
