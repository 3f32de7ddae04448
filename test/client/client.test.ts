import {
  CloudflareApiError,
  CloudflareAuthenticationError,
  CloudflareClient,
  CloudflareConfigurationError,
  CloudflareConflictError,
  CloudflareNetworkError,
  CloudflareNotFoundError,
  CloudflareRateLimitedError,
  CloudflareResponseError,
  CloudflareServerError,
  CloudflareWaitError,
  closeSharedAgent,
  resolveSettings,
  sharedClient,
  resetSharedClients,
  type SettingsValues,
} from "../../provider/client";
import { CloudflareError } from "../../provider/model/errors";
import { Agent } from "undici";
import { FAKE_TOKEN, type FakeOptions } from "../../provider/testing/server";
import { ACCOUNT, ACCOUNT_2, ZONE, fakeClient, fakeSettings, handMadeOrganization, until } from "../support/client";
import { FakeClock, Traffic, answered, drive, pinDate } from "../support/clock";
import { useFakeCloudflare } from "../support/fake";

const fake = useFakeCloudflare({ globalKeys: [{ email: "ops@example.com", key: "global-key-0123456789" }] });
const account = { kind: "accounts", id: ACCOUNT } as const;
const zone = { kind: "zones", id: ZONE } as const;
/** What the clocked clients send through: `drive` moves their clock only when none of it is in flight. */
const traffic = new Traffic();

afterEach(() => jest.useRealTimers());
afterAll(() => Promise.all([closeSharedAgent(), traffic.close()]));

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("operations against the fake API", () => {
  it("gets, creates and replaces an account organization", async () => {
    const client = fakeClient(fake());
    const missing = await failure(client.getOrganization(account));
    expect(missing).toBeInstanceOf(CloudflareNotFoundError);
    expect(missing).toMatchObject({ status: 404, codes: [12130] });

    const created = await client.rewriteOrganization(account, (current) => (current ? undefined : { name: "Acme", auth_domain: "acme.cloudflareaccess.com" }));
    expect(created).toMatchObject({ name: "Acme", auth_domain: "acme.cloudflareaccess.com" });
    const replaced = await client.rewriteOrganization(account, () => ({ name: "Acme 2", auth_domain: "acme.cloudflareaccess.com", session_duration: "24h" }));
    expect(replaced).toMatchObject({ name: "Acme 2", session_duration: "24h" });
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 404", "GET 404", "POST 201", "GET 200", "PUT 200"]);
  });

  it("a create's answer is the base of a PUT of what the create did not take; nothing to build, nothing written", async () => {
    const client = fakeClient(fake());
    const seen: unknown[] = [];
    const result = await client.rewriteOrganization(account, (current, context) => {
      seen.push([current?.name, context]);
      if (!current) return { name: "Acme", auth_domain: "acme.cloudflareaccess.com" };
      return current.session_duration === "6h" ? undefined : { name: "Acme", auth_domain: "acme.cloudflareaccess.com", session_duration: "6h" };
    });
    expect(result).toMatchObject({ name: "Acme", session_duration: "6h" });
    expect(seen).toEqual([
      [undefined, { answeredByOurCreate: false, ourCreateMayHaveApplied: false }],
      ["Acme", { answeredByOurCreate: true, ourCreateMayHaveApplied: true }],
    ]);
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 404", "POST 201", "PUT 200"]);
    expect(await client.rewriteOrganization(account, () => undefined)).toMatchObject({ session_duration: "6h" });
    expect(await client.rewriteOrganization(zone, () => undefined)).toBeUndefined();
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "POST", "PUT", "GET", "GET"]);
  });

  it("works at zone scope", async () => {
    const client = fakeClient(fake());
    await client.rewriteOrganization(zone, () => ({ name: "Zone", auth_domain: "zone.cloudflareaccess.com", is_ui_read_only: true }));
    expect(await client.getOrganization(zone)).toMatchObject({ name: "Zone", is_ui_read_only: true, deny_unmatched_requests: false });
  });

  it("authenticates with an email and Global API key", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const client = fakeClient(fake(), { apiToken: undefined, email: "ops@example.com", apiKey: "global-key-0123456789" });
    expect((await client.getOrganization(account)).name).toBe("Widget Corps Internal Applications");
  });

  it("revokes a user with devices as the documented query parameter", async () => {
    const client = fakeClient(fake());
    expect(await client.revokeUser(account, { email: "leaver@example.com", devices: true, warp_session_reauth: true })).toBe(true);
    expect(fake().requests[0]).toMatchObject({ path: `/accounts/${ACCOUNT}/access/organizations/revoke_user`, query: { devices: "true" } });
    expect(fake().revocations).toEqual([
      { scope: `accounts/${ACCOUNT}`, email: "leaver@example.com", devices: "true", body_devices: true, warp_session_reauth: true },
    ]);
  });

  it("reads and updates DoH settings", async () => {
    const token = { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "doh", client_id: "88bf3b6d86161464f6509f7219099e57.access.example.com" };
    fake().addServiceToken(ACCOUNT, token);
    const client = fakeClient(fake());
    expect(await failure(client.getDoh(ACCOUNT))).toBeInstanceOf(CloudflareNotFoundError);
    expect(await client.rewriteDoh(ACCOUNT, () => ({ service_token_id: token.id, doh_jwt_duration: "800h" }))).toMatchObject({
      id: token.id,
      client_id: token.client_id,
      doh_jwt_duration: "800h",
    });
    expect(fake().requests.at(-1)?.status).toBe(201);
    expect(await client.getDoh(ACCOUNT)).toMatchObject({ id: token.id, doh_jwt_duration: "800h" });
  });

  it("keeps an id inside its path segment", async () => {
    const client = fakeClient(fake());
    const error = await failure(client.getOrganization({ kind: "accounts", id: `../zones/${ZONE}` }));
    expect(fake().requests[0]!.path).toBe(`/accounts/..%2Fzones%2F${ZONE}/access/organizations`);
    expect(error).toMatchObject({ status: 400, codes: [7003] });
    expect(error.message).toMatch(/Check the account or zone id/);
  });
});

describe("one read→write at a time per organization, in this process", () => {
  const addField = (field: string, value: unknown) => (current: Record<string, unknown> | undefined) => {
    if (!current) return undefined;
    const { created_at: _, updated_at: __, trusted_accounts: ___, ...settings } = current;
    return { ...settings, [field]: value } as never;
  };

  it("two rewrites of one organization, each setting a different field, both survive (whatever the credential)", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    fake().configure({ latencyMs: [20, 20] });
    // two clients, two credentials: as two resources of one run with their own tokens
    const [a, b] = [fakeClient(fake()), fakeClient(fake(), { apiToken: undefined, email: "ops@example.com", apiKey: "global-key-0123456789" })];
    await Promise.all([
      a.rewriteOrganization(account, addField("session_duration", "6h")),
      b.rewriteOrganization(account, addField("warp_auth_session_duration", "8h")),
    ]);
    expect(fake().organization("accounts", ACCOUNT)).toMatchObject({ session_duration: "6h", warp_auth_session_duration: "8h" });
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "PUT", "GET", "PUT"]);
  });

  it("rewrites of different organizations still run side by side", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    fake().seedOrganization("accounts", ACCOUNT_2, handMadeOrganization({ auth_domain: "other.cloudflareaccess.com" }));
    fake().configure({ latencyMs: [20, 20] });
    const client = fakeClient(fake());
    await Promise.all([
      client.rewriteOrganization(account, addField("session_duration", "6h")),
      client.rewriteOrganization({ kind: "accounts", id: ACCOUNT_2 }, addField("session_duration", "6h")),
    ]);
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "GET", "PUT", "PUT"]);
  });

  it("a failed rewrite lets the next one go", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const client = fakeClient(fake());
    const refused = client.rewriteOrganization(account, () => {
      throw new Error("refused by build");
    });
    const next = client.rewriteOrganization(account, addField("session_duration", "6h"));
    await expect(refused).rejects.toThrow("refused by build");
    await next;
    expect(fake().organization("accounts", ACCOUNT)).toMatchObject({ session_duration: "6h" });
  });
});

describe("errors", () => {
  it("explains a bad token without repeating it", async () => {
    const token = "wrong-token-abcdefghijklmnop";
    const error = await failure(fakeClient(fake(), { apiToken: token }).getOrganization(account));
    expect(error).toMatchObject({ status: 401, codes: [1000] });
    expect(error.message).toMatch(/HTTP 401 \[1000\] Invalid API Token — Check the credential/);
    expect(JSON.stringify(error) + error.message + error.stack).not.toContain(token);
  });

  it("redacts a credential the server echoes back", async () => {
    fake().inject({ kind: "status", status: 400, message: `bad header Bearer ${FAKE_TOKEN}` });
    const error = await failure(fakeClient(fake()).getOrganization(account));
    expect(error.message).toContain("bad header Bearer [REDACTED]");
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(FAKE_TOKEN);
  });

  it("carries Cloudflare's codes and error chain", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const error = await failure(
      fakeClient(fake()).rewriteOrganization(account, () => ({ ...handMadeOrganization(), warp_auth_session_duration: "30s" })),
    );
    expect(error).toMatchObject({ status: 400, codes: [12062] });
    expect(error.message).toBe(
      `Cloudflare API PUT /accounts/${ACCOUNT}/access/organizations failed: HTTP 400 [12062] access.api.error.invalid_org_config: invalid duration for warp_auth_session_duration: 30s`,
    );
  });

  it("treats a 200 with success:false as an error", async () => {
    fake().inject({ kind: "success-false", code: 10001, message: "something broke" });
    expect(await failure(fakeClient(fake()).getOrganization(account))).toMatchObject({ status: 200, codes: [10001] });
  });

  it.each([
    { status: 404, message: "access.api.error.not_found", Class: CloudflareNotFoundError },
    { status: 401, message: "Invalid API Token", Class: CloudflareAuthenticationError },
    { status: 403, message: "Authentication error", Class: CloudflareAuthenticationError },
    { status: 409, message: "access.api.error.conflict", Class: CloudflareConflictError },
    { status: 429, message: "Please wait", Class: CloudflareRateLimitedError },
    { status: 500, message: "internal", Class: CloudflareServerError },
    { status: 527, message: "railgun", Class: CloudflareServerError },
  ])("an HTTP $status is a $Class.name, under CloudflareApiError and CloudflareError", async ({ status, message, Class }) => {
    fake().inject({ kind: "status", status, message, times: 10 });
    const error = await failure(fakeClient(fake(), { retries: 0 }).getOrganization(account));
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(CloudflareApiError);
    expect(error).toBeInstanceOf(CloudflareError);
    expect(error).toMatchObject({ name: Class.name, status });
  });

  it("a 404 that does not say the object is missing (a wrong base URL's \"No route\") is no CloudflareNotFoundError", async () => {
    fake().inject({ kind: "status", status: 404, code: 7000, message: "No route for that URI" });
    const error = await failure(fakeClient(fake()).getOrganization(account));
    expect(error).toMatchObject({ name: "CloudflareApiError", status: 404, codes: [7000] });
    expect(error).not.toBeInstanceOf(CloudflareNotFoundError);
    // and so a rewrite stops there instead of taking the organization for missing
    fake().inject({ kind: "status", status: 404, code: 7000, message: "No route for that URI" });
    const build = jest.fn(() => undefined);
    expect(await failure(fakeClient(fake()).rewriteOrganization(account, build))).toMatchObject({ status: 404, codes: [7000] });
    expect(build).not.toHaveBeenCalled();
  });

  it("reports an answer that is not JSON", async () => {
    fake().inject({ kind: "invalid-json" });
    const error = await failure(fakeClient(fake()).getOrganization(account));
    expect(error).toBeInstanceOf(CloudflareResponseError);
    expect(error.message).toMatch(/unreadable answer \(HTTP 200\): the body is not JSON/);
  });
});

describe("retries", () => {
  beforeEach(() => fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization()));

  it("recovers from a burst of 5xx", async () => {
    fake().inject({ kind: "status", status: 503, times: 2 }, { kind: "status", status: 502 });
    const client = fakeClient(fake());
    expect((await client.getOrganization(account)).name).toBe("Widget Corps Internal Applications");
    expect(fake().requests.map((r) => r.status)).toEqual([503, 503, 502, 200]);
    expect(client.stats).toMatchObject({ requests: 1, attempts: 4, retries: 3 });
  });

  // every status the policy retries, through the client's one retry loop
  it.each([408, 409, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527])("retries HTTP %d", async (status) => {
    fake().inject({ kind: "status", status, retryAfter: status === 429 ? "0" : undefined });
    const client = fakeClient(fake());
    expect((await client.getOrganization(account)).name).toBe("Widget Corps Internal Applications");
    expect(fake().requests.map((r) => r.status)).toEqual([status, 200]);
  });

  it("gives up after CLOUDFLARE_RETRIES with the last answer's status and code", async () => {
    fake().inject({ kind: "status", status: 500, times: 10 });
    const error = await failure(fakeClient(fake(), { retries: 2 }).getOrganization(account));
    expect(error).toMatchObject({ status: 500, codes: [10500] });
    expect(fake().requests).toHaveLength(3);
  });

  it.each([
    ["seconds", "GET", () => "5"],
    ["an HTTP date", "GET", () => httpDateIn(5)],
    ["seconds", "PUT", () => "5"],
    ["an HTTP date", "PUT", () => httpDateIn(5)],
  ])("waits as long as a 429's Retry-After says, in %s, on a %s: nothing is sent before, one line says so", async (_form, method, retryAfter) => {
    // the wall clock an HTTP date is read against, on a whole second: the date is then exactly 5 s away
    pinDate(new Date("2026-11-02T12:00:00Z"));
    const { clock, client, events } = clockedClient();
    fake().inject({ kind: "status", status: 429, retryAfter: retryAfter(), method });
    const done =
      method === "GET" ? client.getOrganization(account) : client.rewriteOrganization(account, () => ({ ...handMadeOrganization(), session_duration: "6h" }));
    await until(() => events.length === 1);
    const sent = fake().requests.length;
    await clock.advance(4_999);
    await answered(traffic);
    expect(fake().requests).toHaveLength(sent);
    await clock.advance(1);
    await done;
    expect(events).toEqual([`${method} /accounts/${ACCOUNT}/access/organizations: HTTP 429, retry 1 of 4 in 5.0s`]);
    // a write starts again from a new read
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(
      method === "GET" ? ["GET 429", "GET 200"] : ["GET 200", "PUT 429", "GET 200", "PUT 200"],
    );
    expect(client.stats.rateLimited).toBe(1);
  });

  it("fails at once when Retry-After is longer than the deadline allows", async () => {
    fake().inject({ kind: "status", status: 429, retryAfter: "3600" });
    const error = await failure(fakeClient(fake()).getOrganization(account));
    expect(error).toMatchObject({ status: 429, codes: [971], retryAfterSeconds: 3600 });
    expect(error.message).toMatch(/Rate limited: Cloudflare allows 1,200 requests per 5 minutes.*wait 3600s/);
    expect(fake().requests).toHaveLength(1);
  });

  it("retries a reset connection for reads and whole-object writes", async () => {
    fake().inject({ kind: "reset", when: "before-body", method: "GET" }, { kind: "reset", when: "before-body", method: "PUT" });
    const client = fakeClient(fake());
    await client.getOrganization(account);
    await client.rewriteOrganization(account, () => ({ ...handMadeOrganization(), session_duration: "6h" }));
    expect(fake().organization("accounts", ACCOUNT)?.session_duration).toBe("6h");
    expect(client.stats.retries).toBe(2);
  });

  it.each([
    ["organization", () => fake().dashboardEdit("accounts", ACCOUNT, { warp_auth_session_duration: "8h" })],
    ["DoH settings", () => fake().seedDoh(ACCOUNT, { service_token_id: DOH_TOKEN.id, doh_jwt_duration: "48h" })],
  ])("a write of the %s retried after a 503 is rebuilt from a new read, keeping an edit made during the wait", async (what, edit) => {
    fake().addServiceToken(ACCOUNT, DOH_TOKEN);
    fake().seedDoh(ACCOUNT, { service_token_id: DOH_TOKEN.id, doh_jwt_duration: "24h" });
    fake().inject({ kind: "status", status: 503, method: "PUT", meanwhile: edit });
    const client = fakeClient(fake());
    const bodies: unknown[] = [];
    if (what === "organization") {
      await client.rewriteOrganization(account, (current) => {
        const { created_at: _, updated_at: __, trusted_accounts: ___, ...settings } = current!;
        bodies.push({ ...settings, session_duration: "6h" });
        return bodies.at(-1) as typeof current;
      });
      expect(fake().organization("accounts", ACCOUNT)).toMatchObject({ session_duration: "6h", warp_auth_session_duration: "8h" });
    } else {
      await client.rewriteDoh(ACCOUNT, (current) => (bodies.push({ service_token_id: current!.id, doh_jwt_duration: current!.doh_jwt_duration }), bodies.at(-1) as never));
      expect(fake().dohSettings(ACCOUNT)).toMatchObject({ doh_jwt_duration: "48h" });
    }
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200", "PUT 503", "GET 200", "PUT " + (what === "organization" ? 200 : 201)]);
    expect(bodies).toHaveLength(2);
  });

  it("does not repeat a create whose answer was lost: the new read finds it, and says our create may have made it", async () => {
    fake().inject({ kind: "reset", when: "after-apply", method: "POST" });
    const seen: unknown[] = [];
    const result = await fakeClient(fake()).rewriteOrganization({ kind: "accounts", id: ACCOUNT_2 }, (current, context) => {
      seen.push([current?.name, context]);
      return current ? undefined : { name: "B", auth_domain: "b.cloudflareaccess.com" };
    });
    expect(result).toMatchObject({ name: "B" });
    expect(fake().requests.map((r) => r.method)).toEqual(["GET", "POST", "GET"]);
    // read, not answered: the caller tells its own creation by what it sent
    expect(seen).toEqual([
      [undefined, { answeredByOurCreate: false, ourCreateMayHaveApplied: false }],
      ["B", { answeredByOurCreate: false, ourCreateMayHaveApplied: true }],
    ]);
  });

  it.each([
    ["a 429", { kind: "status", status: 429, retryAfter: "0" }, ["GET 404", "POST 429", "GET 404", "POST 201"]],
    ["a refused connection", { kind: "reset", when: "before-body" }, ["GET 404", "POST undefined", "GET 404", "POST 201"]],
  ] as const)("creates again after %s only once a new read shows nothing", async (_what, fault, requests) => {
    fake().inject({ ...fault, method: "POST" });
    const seen: unknown[] = [];
    await fakeClient(fake()).rewriteOrganization({ kind: "accounts", id: ACCOUNT_2 }, (current, context) => {
      seen.push([current?.name, context.ourCreateMayHaveApplied]);
      return current ? undefined : { name: "B", auth_domain: "b.cloudflareaccess.com" };
    });
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(requests);
    // a reset before the body may still have reached the API: only a refusal (429) proves it did not
    expect(seen).toEqual([[undefined, false], [undefined, fault.kind === "reset"], ["B", true]]);
  });

  it("a create that meets one made meanwhile (409) continues from it, and no create of ours made it", async () => {
    const other = { kind: "accounts", id: ACCOUNT_2 } as const;
    fake().inject({
      kind: "status",
      status: 409,
      code: 12061,
      message: "access.api.error.conflict",
      method: "POST",
      meanwhile: () => fake().seedOrganization("accounts", ACCOUNT_2, handMadeOrganization()),
    });
    const seen: unknown[] = [];
    await fakeClient(fake()).rewriteOrganization(other, (current, context) => {
      seen.push([current?.name, context.ourCreateMayHaveApplied]);
      return current ? undefined : { name: "B", auth_domain: "b.cloudflareaccess.com" };
    });
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 404", "POST 409", "GET 200"]);
    expect(seen).toEqual([[undefined, false], ["Widget Corps Internal Applications", false]]);
  });

  it("gives each attempt CLOUDFLARE_TIMEOUT as a whole, and tries again after one that hangs", async () => {
    fake().inject({ kind: "hang" });
    // what each attempt asks of undici: no idle timeouts of its own (they count the time between bytes, not the
    // attempt), and a signal that ends the attempt (test/client/attemptTimeout.test.ts times it on a fake clock)
    const asked: unknown[] = [];
    const dispatcher = new Agent().compose(
      (dispatch) => (options, handler) => (asked.push([options.headersTimeout, options.bodyTimeout, "signal" in options && options.signal !== undefined]), dispatch(options, handler)),
    );
    const client = new CloudflareClient(fakeSettings(fake(), { timeout: 0.3 }), { dispatcher });
    expect((await client.getOrganization(account)).name).toBe("Widget Corps Internal Applications");
    await dispatcher.close();
    expect(asked).toEqual([[0, 0, true], [0, 0, true]]);
    expect(client.stats.retries).toBe(1);
  });

  it("reports a hang that outlasts every retry as a timeout", async () => {
    fake().inject({ kind: "hang", times: 3 });
    const error = await failure(fakeClient(fake(), { timeout: 0.1, retries: 2 }).getOrganization(account));
    expect(error).toBeInstanceOf(CloudflareNetworkError);
    expect(error).toMatchObject({ code: "UND_ERR_HEADERS_TIMEOUT" });
  });
});

describe("rate budget", () => {
  /** A quota of 20 per 1 s window per token; going over locks the token out for a minute. */
  const QUOTA = { limit: 20, windowMs: 1000, lockoutMs: 60_000 };

  it("spends the budget the API states, waits at the reserve, and never trips the lockout", async () => {
    const { clock, client, events } = clockedClient({}, { rateLimit: QUOTA });
    await drive(clock, traffic, Promise.all(Array.from({ length: 30 }, (_, i) => client.revokeUser(account, { email: `user${i}@example.com` }))));
    expect(fake().stats).toMatchObject({ requests: 30, rateLimited: 0, lockouts: 0 });
    expect(fake().revocations).toHaveLength(30);
    // the window's second, and the budget's wake-up jitter (a tenth of the wait at most)
    expect(events).toEqual([expect.stringMatching(/^Cloudflare rate budget: \d+ of 20 requests left for this token, 2 kept for others; waiting 1\.[01]s until more is available$/)]);
  });

  it("without the budget headers, the same load at an explicit 1,000/s is locked out (the quota above is real)", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { clock, client } = clockedClient({ rps: 1000, retries: 0 }, { rateLimit: { ...QUOTA, headers: false } });
    const results = await drive(clock, traffic, Promise.allSettled(Array.from({ length: 30 }, () => client.getOrganization(account))));
    expect(fake().stats.lockouts).toBe(1);
    expect(results.filter((r) => r.status === "rejected").length).toBeGreaterThan(0);
  });

  it("two processes on one token, each with its own budget, see each other's use and stay out of the lockout", async () => {
    // a reserve (20) larger than what one process may have in flight (16), as Cloudflare's 120 of 1,200 is: what
    // one process sends before the other's answers show it stays within the reserve
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const first = clockedClient({}, { rateLimit: { ...QUOTA, limit: 200 } });
    const processes = [first.client, clockedClient({}, undefined, first.clock).client];
    expect(processes[0]!.budget).not.toBe(processes[1]!.budget);
    await drive(first.clock, traffic, Promise.all(processes.flatMap((client) => Array.from({ length: 150 }, () => client.getOrganization(account)))));
    expect(fake().stats).toMatchObject({ requests: 300, rateLimited: 0, lockouts: 0 });
  });

  it("after an event-loop stall, requests queued before it leave at the rate, not together", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { clock, client } = clockedClient({ rps: 10 }, { rateLimit: { ...QUOTA, headers: false } });
    const requests = Promise.all(Array.from({ length: 8 }, () => client.getOrganization(account)));
    await answered(traffic);
    expect(fake().requests).toHaveLength(2); // the burst
    // the host's first Create blocks the event loop for ~0.36 s while it loads modules: the timers due meanwhile
    // fire together afterwards
    await clock.stall(360);
    await drive(clock, traffic, requests);
    // when each request reached the API, on the clock: a burst of 2 at most, then 10/s
    const arrivals = fake().requests.map((r) => r.at);
    expect(arrivals).toHaveLength(8);
    expect(busiest(arrivals, 100)).toBeLessThanOrEqual(2);
    expect(arrivals.at(-1)).toBe(360 + 4 * 100);
  });

  it("a 429 pauses every caller of the credential until Retry-After", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    fake().inject({ kind: "status", status: 429, retryAfter: "1" });
    const { clock, client, events } = clockedClient();
    const first = client.getOrganization(account);
    await until(() => events.length === 1);
    const others = Array.from({ length: 5 }, () => client.getOrganization(account));
    // nobody reaches the API during the second Cloudflare asked for
    await clock.advance(999);
    await answered(traffic);
    expect(fake().requests).toHaveLength(1);
    await clock.advance(1);
    await Promise.all([first, ...others]);
    expect(fake().requests.map((r) => r.status)).toEqual([429, 200, 200, 200, 200, 200, 200]);
  });

  it.each([
    ["a day", 86_400],
    ["past Node's timer limit", 3_000_000],
  ])("a Ratelimit reset of %s fails the next request at once with a CloudflareWaitError naming it, sending nothing", async (_what, t) => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const { clock, client, events } = clockedClient({}, { rateLimit: { limit: 10, windowMs: t * 1000, lockoutMs: t * 1000 } });
    fake().useQuota(9);
    await client.getOrganization(account); // the answer: Ratelimit "default";r=0;t=<t>
    const error = await failure(client.getOrganization(account));
    expect(error).toBeInstanceOf(CloudflareWaitError);
    expect(error.message).toMatch(new RegExp(`^Cloudflare API GET /accounts/${ACCOUNT}/access/organizations not sent: the rate budget would wait (\\d+\\.\\d)s \\(Ratelimit r=0;t=${t}\\), longer than the 360\\.0s this operation may still wait$`));
    // the reset, plus the budget's wake-up jitter (at most a second)
    const wait = Number(/wait (\d+\.\d)s/.exec(error.message)![1]);
    expect(wait).toBeGreaterThanOrEqual(t);
    expect(wait).toBeLessThanOrEqual(t + 1);
    expect(fake().requests).toHaveLength(1);
    expect(clock.pending).toBe(0);
    expect(events).toEqual([]);
  });

  it("shares one budget per API and credential, and refuses a caller that asks for other terms", () => {
    resetSharedClients();
    const settings = (values: SettingsValues) => resolveSettings({ origin: "options", values: { apiToken: "t-one-123", baseUrl: fake().baseUrl, ...values } });
    const a = sharedClient(settings({}));
    expect(sharedClient(settings({}))).toBe(a);
    expect(sharedClient(settings({ timeout: 1 })).budget).toBe(a.budget);
    expect(sharedClient(settings({ apiToken: "t-two-456" })).budget).not.toBe(a.budget);
    expect(sharedClient(settings({ baseUrl: "http://localhost:1/client/v4" })).budget).not.toBe(a.budget);
    expect(() => sharedClient(settings({ rps: 5 }))).toThrow(CloudflareConfigurationError);
    expect(() => sharedClient(settings({ rateReserve: "20%" }))).toThrow(
      `This credential already has a rate budget for ${fake().baseUrl} in this process (no rps cap, rate reserve 10%); ` +
        "another caller asked for no rps cap, rate reserve 20%. One credential has one budget: give every caller the same rps and rate reserve",
    );
    resetSharedClients();
  });
});

const DOH_TOKEN = { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "doh", client_id: "88bf3b6d86161464f6509f7219099e57.access.example.com" };

/**
 * A client on a clock the test moves: its retries, deadline and rate budget wait on it; with `api` options, the local
 * API's rate limit counts on the same clock (else it keeps its own time). No rps cap unless `values` set one: the
 * budget follows the local API's headers.
 */
function clockedClient(values: SettingsValues = {}, api?: Partial<FakeOptions>, clock = new FakeClock()) {
  if (api) fake().configure({ ...api, clock });
  const events: string[] = [];
  const client = new CloudflareClient(fakeSettings(fake(), { rps: undefined, ...values }), {
    clock,
    random: () => 0,
    dispatcher: traffic.dispatcher,
    onEvent: (e) => events.push(e.message),
  });
  return { clock, client, events };
}

/** An HTTP date `seconds` after the next whole second. */
function httpDateIn(seconds: number): string {
  return new Date(Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000).toUTCString();
}

/** Most times that fall in any window of `windowMs`. */
function busiest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}
