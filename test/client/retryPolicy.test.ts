import { MAX_WAIT_MS } from "../../provider/client/clock";
import { backoff, decideRetry, parseRetryAfter, provablyNotApplied, type FailedAttempt } from "../../provider/client/retryPolicy";

const policy = { retries: 4, minBackoffMs: 1000, maxBackoffMs: 30000 };
const attempt = (over: Partial<FailedAttempt>): FailedAttempt => ({ attempt: 1, remainingMs: 600_000, ...over });

describe("decideRetry", () => {
  it.each([429, 408, 409, 500, 502, 503, 504, 522])("retries HTTP %d", (status) => {
    expect(decideRetry(attempt({ status }), policy).retry).toBe(true);
  });
  it.each([400, 401, 403, 404, 501])("does not retry HTTP %d", (status) => {
    expect(decideRetry(attempt({ status }), policy)).toEqual({ retry: false, reason: "not a transient failure" });
  });
  it.each(["ECONNRESET", "ECONNREFUSED", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"])("retries %s", (code) => {
    expect(decideRetry(attempt({ code }), policy).retry).toBe(true);
  });

  it("tells a failure that proves the request was not applied from one that may have been (a create's answer lost)", () => {
    expect([{ code: "ECONNRESET" }, { status: 502 }, { status: 500 }, { code: "UND_ERR_HEADERS_TIMEOUT" }].map(provablyNotApplied)).toEqual([false, false, false, false]);
    expect([{ status: 429 }, { status: 408 }, { status: 409 }, { code: "ECONNREFUSED" }, { code: "UND_ERR_CONNECT_TIMEOUT" }].map(provablyNotApplied)).toEqual([true, true, true, true, true]);
  });

  it("gives up after the configured retries", () => {
    expect(decideRetry(attempt({ status: 503, attempt: 4 }), policy).retry).toBe(true);
    expect(decideRetry(attempt({ status: 503, attempt: 5 }), policy)).toEqual({ retry: false, reason: "gave up after 4 retries" });
    expect(decideRetry(attempt({ status: 503, attempt: 1 }), { ...policy, retries: 0 }).retry).toBe(false);
  });

  it("honours Retry-After beyond the maximum backoff, and marks 429s as rate limiting", () => {
    expect(decideRetry(attempt({ status: 429, retryAfterMs: 120_000 }), policy)).toEqual({ retry: true, delayMs: 120_000, rateLimited: true });
    expect(decideRetry(attempt({ status: 503, retryAfterMs: 2000 }), policy)).toEqual({ retry: true, delayMs: 2000, rateLimited: false });
  });

  it("refuses a wait that would pass the deadline", () => {
    expect(decideRetry(attempt({ status: 429, retryAfterMs: 300_000, remainingMs: 60_000 }), policy)).toEqual({
      retry: false,
      reason: "waiting 300s would pass the operation's deadline",
    });
  });

  it("refuses a wait longer than any wait is allowed, whatever the deadline (a day; past Node's timer limit)", () => {
    for (const retryAfterMs of [86_400_000, 2 ** 31, MAX_WAIT_MS + 1]) {
      expect(decideRetry(attempt({ status: 429, retryAfterMs, remainingMs: Number.POSITIVE_INFINITY }), policy)).toEqual({
        retry: false,
        reason: `waiting ${Math.ceil(retryAfterMs / 1000)}s is longer than any wait is allowed (360s)`,
      });
    }
    expect(decideRetry(attempt({ status: 429, retryAfterMs: MAX_WAIT_MS, remainingMs: Number.POSITIVE_INFINITY }), policy).retry).toBe(true);
  });
});

describe("backoff", () => {
  it("doubles from the minimum up to the maximum, with half of each step random", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoff(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
    expect([1, 2, 7].map((n) => backoff(n, policy, () => 1))).toEqual([1000, 2000, 30000]);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it.each([
    ["120", 120_000],
    ["0", 0],
    ["1.5", 1500],
    ["Mon, 23 Nov 2026 12:00:30 GMT", 30_000],
    ["Mon, 23 Nov 2026 11:59:00 GMT", 0],
  ])("%j → %d ms", (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
  it.each([undefined, "", "soon", "-5"])("%j → undefined", (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});
