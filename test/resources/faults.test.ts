import { OrganizationDoh, UserAccessRevocation, ZeroTrustOrganization } from "../../provider";
import { FAKE_TOKEN, type Fault } from "../../provider/testing/server";
import { ACCOUNT, handMadeOrganization, until } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { ProviderHost, urnOf } from "../../provider/testing/host";
import { serializedResource } from "../../provider/testing/program";

/**
 * The fault matrix, through Pulumi's dynamic-provider host against the fake API: each operation meets each fault
 * on its write (or, for a refresh, its read). Every row either recovers or fails with an error naming the status
 * and Cloudflare code (or the network condition), and leaves the organization whole: never a partial or clearing
 * write, never a second create.
 */
const fake = useFakeCloudflare();
let host: ProviderHost;
const providers: Record<string, { type: string; provider: string }> = {};
const TOKEN_ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

beforeAll(async () => {
  for (const [kind, make] of Object.entries({
    organization: () => new ZeroTrustOrganization("org", { accountId: ACCOUNT }),
    doh: () => new OrganizationDoh("doh", { accountId: ACCOUNT }),
    revocation: () => new UserAccessRevocation("leaver", { accountId: ACCOUNT, email: "leaver@example.com" }),
  })) {
    const { type, provider } = await serializedResource(make);
    providers[kind] = { type, provider };
  }
  host = await ProviderHost.start({
    env: {
      CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
      CLOUDFLARE_BASE_URL: fake().baseUrl,
      CLOUDFLARE_RPS: "1000",
      CLOUDFLARE_RETRIES: "4",
      CLOUDFLARE_MIN_BACKOFF: "0.01",
      CLOUDFLARE_MAX_BACKOFF: "0.05",
      CLOUDFLARE_TIMEOUT: "0.5",
    },
  });
  await host.configure({});
});
afterAll(() => host.stop());

type Props = Record<string, unknown>;
const call = (kind: string, method: "create" | "update" | "read", props: Props, olds: Props = {}) => {
  const { type, provider } = providers[kind]!;
  const urn = urnOf(type, kind);
  const withProvider = { ...props, __provider: provider };
  if (method === "create") return host.create(urn, withProvider).then((r) => r.properties);
  if (method === "update") return host.update("id", urn, { ...olds, __provider: provider }, withProvider);
  return host.read("id", urn, withProvider).then((r) => r.properties);
};
const MFA = { allowedAuthenticators: ["security_key"], sessionDuration: "12h" };
const stored = () => fake().organization("accounts", ACCOUNT);
const HAND_MADE = { deny_unmatched_requests: true, login_design: handMadeOrganization().login_design, session_duration: "12h" };

interface Operation {
  /** The method whose requests get the fault. */
  readonly target: string;
  readonly setUp?: () => void;
  readonly run: () => Promise<Props>;
  /** The fake's state and the outputs after success. */
  readonly applied: (outputs: Props) => void;
  /** The fake's state after a failure. */
  readonly untouched: () => void;
}

const OPERATIONS: Record<string, Operation> = {
  "create (adopt)": {
    target: "PUT",
    setUp: () => fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization()),
    run: () => call("organization", "create", { accountId: ACCOUNT, mfaConfig: MFA }),
    applied: () => expect(stored()).toMatchObject({ ...HAND_MADE, mfa_config: { allowed_authenticators: ["security_key"], session_duration: "12h" } }),
    untouched: () => expect(stored()).toEqual(expect.not.objectContaining({ mfa_config: expect.anything() })),
  },
  "create (new)": {
    target: "POST",
    run: () => call("organization", "create", { accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com" }),
    applied: () => {
      expect(stored()).toMatchObject({ name: "Acme", auth_domain: "acme.cloudflareaccess.com" });
      // never two creates: exactly one POST got past the injected faults to the API (a second would meet a 409, so
      // counting successful ones could not tell); a create whose answer was lost is adopted, not sent again
      const reached = fake().requests.filter((r) => r.method === "POST" && r.operationId !== undefined);
      expect(reached).toHaveLength(1);
    },
    untouched: () => expect(stored()).toBeUndefined(),
  },
  update: {
    target: "PUT",
    setUp: () => fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization()),
    run: () =>
      call("organization", "update", { accountId: ACCOUNT, sessionDuration: "6h" }, { accountId: ACCOUNT, sessionDuration: "12h", adopted: true }),
    applied: () => expect(stored()).toMatchObject({ ...HAND_MADE, session_duration: "6h" }),
    untouched: () => expect(stored()).toMatchObject(HAND_MADE),
  },
  "refresh (read)": {
    target: "GET",
    setUp: () => fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization()),
    run: () => call("organization", "read", { accountId: ACCOUNT, adopted: true, sessionDuration: "6h" }),
    // the outputs are what Cloudflare has now, not what the state said
    applied: (outputs) =>
      expect(outputs).toEqual({
        __provider: expect.any(String),
        accountId: ACCOUNT,
        name: "Widget Corps Internal Applications",
        authDomain: "widgetcorp.cloudflareaccess.com",
        denyUnmatchedRequests: true,
        loginDesign: { backgroundColor: "#c5ed1b", textColor: "#000000", headerText: "Widget Corp" },
        sessionDuration: "12h",
        // Cloudflare answers false for booleans never set
        allowAuthenticateViaWarp: false,
        isUiReadOnly: false,
        mfaRequiredForAllApps: false,
        warpAuthNonBrowser401: false,
        // what Cloudflare answers for the 2026 settings of an organization created after 2026-10-05
        serviceTokenInactivity: { action: "disable", enabled: false, inactivityThresholdDays: 90 },
        strictServiceTokenAuth: true,
        trustedAccounts: [],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        adopted: true,
      }),
    untouched: () => expect(stored()).toMatchObject(HAND_MADE),
  },
  "DoH update": {
    target: "PUT",
    setUp: () => fake().addServiceToken(ACCOUNT, { id: TOKEN_ID, name: "doh", client_id: "doh.access" }),
    run: () => call("doh", "create", { accountId: ACCOUNT, serviceTokenId: TOKEN_ID, dohJwtDuration: "24h" }),
    applied: () => expect(fake().dohSettings(ACCOUNT)).toMatchObject({ service_token_id: TOKEN_ID, doh_jwt_duration: "24h" }),
    untouched: () => expect(fake().dohSettings(ACCOUNT)).toBeUndefined(),
  },
  "revoke user": {
    target: "POST",
    run: () => call("revocation", "create", { accountId: ACCOUNT, email: "leaver@example.com" }),
    applied: () => expect(fake().revocations.length).toBeGreaterThanOrEqual(1),
    untouched: () => expect(fake().revocations).toEqual([]),
  },
};

type Outcome = "recovers" | RegExp;
const FAULTS: Array<[string, (method: string) => Fault[], Outcome]> = [
  // how long a Retry-After holds every caller is the client's unit test (test/client/client.test.ts, on a fake clock)
  ["429 with Retry-After", (method) => [{ kind: "status", status: 429, retryAfter: "0.05", method }], "recovers"],
  ["429 without Retry-After", (method) => [{ kind: "status", status: 429, method }], "recovers"],
  ["a burst of 500, 502, 503", (method) => [500, 502, 503].map((status) => ({ kind: "status", status, method }) as Fault), "recovers"],
  ["a burst of 408, 504, 520, 524", (method) => [408, 504, 520, 524].map((status) => ({ kind: "status", status, method }) as Fault), "recovers"],
  ["a reset before the body is sent", (method) => [{ kind: "reset", when: "before-body", method }], "recovers"],
  ["a reset after the request was applied", (method) => [{ kind: "reset", when: "after-apply", method }], "recovers"],
  ["a server that hangs", (method) => [{ kind: "hang", method }], "recovers"],
  ["invalid JSON", (method) => [{ kind: "invalid-json", method }], /returned an unreadable answer \(HTTP 200\): the body is not JSON/],
  ["success:false with 200", (method) => [{ kind: "success-false", method, code: 10001, message: "internal" }], /failed: HTTP 200 \[10001\] internal/],
  ["401", (method) => [{ kind: "status", status: 401, code: 1000, message: "Invalid API Token", method }], /failed: HTTP 401 \[1000\] Invalid API Token — Check the credential/],
  ["403", (method) => [{ kind: "status", status: 403, code: 10000, message: "Authentication error", method }], /failed: HTTP 403 \[10000\] Authentication error — Check the credential/],
  ["503 until retries run out", (method) => [{ kind: "status", status: 503, method, times: 10 }], /failed: HTTP 503 \[10503\]/],
];

const ROWS = Object.keys(OPERATIONS).flatMap((operation) => FAULTS.map(([fault, make, outcome]) => [operation, fault, make, outcome] as const));

describe("fault matrix", () => {
  it.each(ROWS)("%s meets %s", async (operation, _fault, make, outcome) => {
    const op = OPERATIONS[operation]!;
    op.setUp?.();
    fake().inject(...make(op.target));
    const result = await op.run().then(
      (outputs) => ({ outputs }),
      (error: Error) => ({ error }),
    );
    if (outcome === "recovers") {
      expect(result).toEqual({ outputs: expect.any(Object) });
      op.applied((result as { outputs: Props }).outputs);
    } else {
      expect("error" in result && result.error.message).toMatch(outcome);
      op.untouched();
    }
    // never a clearing write: every PUT of the organization carried the hand-made settings along
    for (const put of fake().requests.filter((r) => r.method === "PUT" && r.path.endsWith("/organizations") && r.body !== undefined)) {
      expect(put.body).toMatchObject({ deny_unmatched_requests: true, auth_domain: expect.any(String), name: expect.any(String) });
    }
  });

  it("sits out a Retry-After for every caller of the host, then recovers", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    fake().addServiceToken(ACCOUNT, { id: TOKEN_ID, name: "doh", client_id: "doh.access" });
    // Cloudflare's lockout: every request until the Retry-After is over gets a 429 (the fake's `until`, on its own
    // clock): a caller that did not wait would meet one. How long the client waits is its unit test, on a fake clock.
    fake().inject({ kind: "status", status: 429, retryAfter: "1", until: Date.now() + 1000 });
    const update = call("organization", "update", { accountId: ACCOUNT, sessionDuration: "6h" }, { accountId: ACCOUNT, adopted: true });
    await until(() => fake().requests.some((r) => r.status === 429));
    // other resources of the same run, on the same token, start while the pause lasts
    const others = [
      call("revocation", "create", { accountId: ACCOUNT, email: "leaver@example.com" }),
      call("doh", "create", { accountId: ACCOUNT, serviceTokenId: TOKEN_ID }),
      call("organization", "read", { accountId: ACCOUNT, adopted: true }),
    ];
    await Promise.all([update, ...others]);
    expect(fake().requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(stored()).toMatchObject({ ...HAND_MADE, session_duration: "6h" });
    expect(fake().revocations).toHaveLength(1);
    expect(fake().dohSettings(ACCOUNT)).toMatchObject({ service_token_id: TOKEN_ID });
  });

  it.each(["PUT", "GET"])(
    "a 429 on a %s whose Retry-After is an HTTP date holds it until then (Cloudflare's lockout lasts that long), then a write is rebuilt from a new read",
    async (method) => {
      fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
      // an HTTP date has whole seconds: the next but one, so the lockout lasts about a second or more (ending a
      // little before the date, so a timer that fires a millisecond early still finds it over)
      const date = Math.ceil(Date.now() / 1000) * 1000 + 1000;
      fake().inject({
        kind: "status",
        status: 429,
        retryAfter: new Date(date).toUTCString(),
        method,
        until: date - 100,
        meanwhile: () => fake().dashboardEdit("accounts", ACCOUNT, { warp_auth_session_duration: "8h" }),
      });
      await call("organization", "update", { accountId: ACCOUNT, sessionDuration: "6h" }, { accountId: ACCOUNT, adopted: true });
      // one 429, then the wait: a retry within the lockout would have met another 429 (and run out of retries)
      expect(fake().requests.filter((r) => r.status === 429)).toHaveLength(1);
      expect(fake().requests.map((r) => r.method)).toEqual(method === "PUT" ? ["GET", "PUT", "GET", "PUT"] : ["GET", "GET", "PUT"]);
      expect(stored()).toMatchObject({ ...HAND_MADE, session_duration: "6h", warp_auth_session_duration: "8h" });
    },
  );

  it("writes nothing when the organization disappears before an update", async () => {
    const result = await call("organization", "update", { accountId: ACCOUNT, sessionDuration: "6h" }, { accountId: ACCOUNT, adopted: true }).catch((e: Error) => e);
    expect((result as Error).message).toMatch(/no longer exists \(it was removed outside Pulumi\); nothing was written/);
    expect(fake().requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("adopts, instead of failing, when another writer created the organization during the create", async () => {
    // the GET finds nothing; by the time the POST lands, someone else has created it
    fake().inject({ kind: "status", status: 409, code: 12061, message: "access.api.error.conflict", method: "POST" });
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    fake().removeOrganization("accounts", ACCOUNT);
    const original = fake().requests.length;
    const outputs = await (async () => {
      const pending = call("organization", "create", { accountId: ACCOUNT, name: "Acme", authDomain: "acme.cloudflareaccess.com" });
      // appear between the GET and the POST
      while (fake().requests.length === original) await new Promise((r) => setTimeout(r, 1));
      // the same program run elsewhere (an organization with another auth domain would be refused: see safety.test)
      fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization({ auth_domain: "acme.cloudflareaccess.com" }));
      return pending;
    })();
    expect(outputs).toMatchObject({ adopted: true, denyUnmatchedRequests: true });
    expect(fake().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 404", "POST 409", "GET 200", "PUT 200"]);
  });
});
