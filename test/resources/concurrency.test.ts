import { ZeroTrustOrganization } from "../../provider";
import { FAKE_TOKEN, type Fault } from "../../provider/testing/server";
import { handMadeOrganization } from "../support/client";
import { SEED } from "../support/seed";
import { useFakeCloudflare } from "../support/fake";
import { ProviderHost, urnOf } from "../../provider/testing/host";
import { serializedResource } from "../../provider/testing/program";

/**
 * 50 resources on 50 accounts in one provider host, at the engine's concurrency, with faults injected at random
 * (the suite's seed, so a failure reproduces: see test/support/seed.ts). Every resource must end applied, when its
 * fault is one the client recovers from, or with a clear error, when it is not; and what the fake holds must match
 * what the outputs claim: the managed setting applied, everything else kept, nothing half-done.
 */
const fake = useFakeCloudflare();
let host: ProviderHost;
afterAll(() => host?.stop());

const N = 50;
const accountId = (i: number) => (0xabc000 + i).toString(16).padStart(32, "0");

/** mulberry32: a small seeded PRNG. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each fault, and whether the client recovers from it (with 3 retries and a 0.5 s timeout per attempt). */
const FAULTS: Array<{ readonly recovers: boolean; readonly make: (path: string, method: string) => Fault[] }> = [
  { recovers: true, make: () => [] },
  { recovers: true, make: (path, method) => [{ kind: "status", status: 429, retryAfter: "0.2", path, method }] },
  { recovers: true, make: (path, method) => [{ kind: "status", status: 503, path, method, times: 2 }] },
  { recovers: true, make: (path, method) => [{ kind: "reset", when: "before-body", path, method }] },
  { recovers: true, make: (path, method) => [{ kind: "reset", when: "after-apply", path, method }] },
  { recovers: true, make: (path, method) => [{ kind: "hang", path, method }] },
  { recovers: false, make: (path, method) => [{ kind: "invalid-json", path, method }] },
  { recovers: false, make: (path, method) => [{ kind: "success-false", path, method }] },
  { recovers: false, make: (path, method) => [{ kind: "status", status: 403, code: 10000, path, method }] },
  { recovers: false, make: (path, method) => [{ kind: "status", status: 502, path, method, times: 10 }] },
];

describe("concurrency with random faults", () => {
  it(`${N} resources end applied or with a clear error, as their faults say, and the API matches the outputs (seed ${SEED})`, async () => {
    const rnd = random(SEED);
    const recovers: boolean[] = [];
    for (let i = 1; i <= N; i++) {
      fake().seedOrganization("accounts", accountId(i), handMadeOrganization({ auth_domain: `o${i}.cloudflareaccess.com` }));
      const fault = FAULTS[Math.floor(rnd() * FAULTS.length)]!;
      fake().inject(...fault.make(`/accounts/${accountId(i)}/`, rnd() < 0.5 ? "GET" : "PUT"));
      recovers[i] = fault.recovers;
    }
    const { type, provider } = await serializedResource(() => new ZeroTrustOrganization("probe", { accountId: accountId(1) }));
    host = await ProviderHost.start({
      env: {
        CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake().baseUrl, CLOUDFLARE_RPS: "200",
        CLOUDFLARE_RETRIES: "3", CLOUDFLARE_MIN_BACKOFF: "0.01", CLOUDFLARE_MAX_BACKOFF: "0.05", CLOUDFLARE_TIMEOUT: "0.5",
      },
    });
    await host.configure({});

    const outcomes: Array<{ i: number; outputs?: Record<string, unknown>; error?: string }> = [];
    let next = 1;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i <= N; i = next++) {
          const inputs = { accountId: accountId(i), sessionDuration: "6h", mfaConfig: { allowedAuthenticators: ["security_key"] }, __provider: provider };
          await host.create(urnOf(type, `org-${i}`), inputs).then(
            (r) => outcomes.push({ i, outputs: r.properties }),
            (e: Error) => outcomes.push({ i, error: e.message }),
          );
        }
      }),
    );

    expect(outcomes).toHaveLength(N);
    // a change that made a recoverable fault fatal, or a fatal one silently pass, shows here
    const outcomeOf = (i: number) => (outcomes.find((o) => o.i === i)?.outputs ? "applied" : "error");
    const ids = Array.from({ length: N }, (_, k) => k + 1);
    expect(ids.map((i) => `${i}: ${outcomeOf(i)}`)).toEqual(ids.map((i) => `${i}: ${recovers[i] ? "applied" : "error"}`));
    for (const { i, outputs, error } of outcomes) {
      const stored = fake().organization("accounts", accountId(i))!;
      // whatever happened, nothing the program does not manage was lost
      expect(stored).toMatchObject({ deny_unmatched_requests: true, login_design: handMadeOrganization().login_design, auth_domain: `o${i}.cloudflareaccess.com` });
      if (outputs) {
        expect(outputs).toMatchObject({ sessionDuration: "6h", mfaConfig: { allowedAuthenticators: ["security_key"] }, denyUnmatchedRequests: true });
        expect(stored).toMatchObject({ session_duration: "6h", mfa_config: { allowed_authenticators: ["security_key"] } });
      } else {
        expect(error).toMatch(/HTTP \d{3} \[\d+\]|failed without an answer|unreadable answer/);
        // all or nothing: either untouched or wholly applied
        const untouched = stored.session_duration === "12h" && stored.mfa_config === undefined;
        const whole = stored.session_duration === "6h" && (stored.mfa_config as { allowed_authenticators?: string[] })?.allowed_authenticators?.[0] === "security_key";
        expect(untouched || whole).toBe(true);
      }
    }
  });
});
