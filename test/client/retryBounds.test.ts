import { MAX_WAIT_MS, sleep, systemClock, type Clock } from "../../provider/client/clock";
import { describeReading, headroom, parseRateLimit, reserveOf, tightest, type RateLimitReading } from "../../provider/client/rateLimitHeaders";
import { backoff, decideRetry, parseRetryAfter, provablyNotApplied, type FailedAttempt } from "../../provider/client/retryPolicy";

/**
 * The edges of the retry policy, the headers that time it and the bound on every wait: each case here is a rule a
 * user relies on without seeing it (a status retried or not, a Retry-After form read, a wait refused at its bound).
 */

const policy = { retries: 3, minBackoffMs: 1000, maxBackoffMs: 8000 };
const failed = (over: Partial<FailedAttempt>): FailedAttempt => ({ attempt: 1, remainingMs: 600_000, ...over });

describe("which failures are retried", () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527])("HTTP %d: the edge or the API was busy or failed", (status) => {
    expect(decideRetry(failed({ status }), policy)).toMatchObject({ retry: true });
  });

  it.each([
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
    "UND_ERR_CLOSED",
  ])("%s: the connection failed", (code) => {
    expect(decideRetry(failed({ code }), policy)).toMatchObject({ retry: true, rateLimited: false });
  });

  it("not a failure with neither a status nor a known network code, nor a status the API meant (whatever the code)", () => {
    const notTransient = { retry: false, reason: "not a transient failure" };
    expect(decideRetry(failed({}), policy)).toEqual(notTransient);
    expect(decideRetry(failed({ code: "ERR_INVALID_URL" }), policy)).toEqual(notTransient);
    // an answer's status decides, not the socket's error that came with it
    expect(decideRetry(failed({ status: 400, code: "ECONNRESET" }), policy)).toEqual(notTransient);
    expect(decideRetry(failed({ status: 501 }), policy)).toEqual(notTransient);
  });

  it("only a 429 is rate limiting (it pauses every caller of the credential); other retries are not", () => {
    expect(decideRetry(failed({ status: 429 }), policy, () => 0)).toEqual({ retry: true, delayMs: 500, rateLimited: true });
    expect(decideRetry(failed({ status: 503 }), policy, () => 0)).toEqual({ retry: true, delayMs: 500, rateLimited: false });
  });
});

describe("which failures prove a create was not applied (so it may be sent again without a read)", () => {
  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"])("%s: never reached the server", (code) => {
    expect(provablyNotApplied({ code })).toBe(true);
  });
  it.each(["ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_CLOSED"])("%s: may have reached it", (code) => {
    expect(provablyNotApplied({ code })).toBe(false);
  });
  it("a refusal proves it, a server error does not, and neither does a failure with no code", () => {
    expect([408, 409, 429].map((status) => provablyNotApplied({ status }))).toEqual([true, true, true]);
    expect([500, 502, 503, 520].map((status) => provablyNotApplied({ status }))).toEqual([false, false, false, false]);
    expect(provablyNotApplied({})).toBe(false);
    // the status decides when there is one
    expect(provablyNotApplied({ status: 502, code: "ECONNREFUSED" })).toBe(false);
  });
});

describe("how long a retry waits, and when it is refused instead", () => {
  it("gives up after exactly the configured retries", () => {
    expect(decideRetry(failed({ status: 503, attempt: 3 }), policy).retry).toBe(true);
    expect(decideRetry(failed({ status: 503, attempt: 4 }), policy)).toEqual({ retry: false, reason: "gave up after 3 retries" });
  });

  it("waits what Retry-After asks even when it is shorter than the backoff, and 0 means now", () => {
    expect(decideRetry(failed({ status: 503, retryAfterMs: 10 }), policy, () => 1)).toMatchObject({ delayMs: 10 });
    expect(decideRetry(failed({ status: 429, retryAfterMs: 0 }), policy, () => 1)).toMatchObject({ retry: true, delayMs: 0 });
  });

  it("takes a wait that ends exactly at the deadline, and refuses one a millisecond longer (rounded up in the message)", () => {
    expect(decideRetry(failed({ status: 429, retryAfterMs: 60_000, remainingMs: 60_000 }), policy)).toMatchObject({ retry: true, delayMs: 60_000 });
    expect(decideRetry(failed({ status: 429, retryAfterMs: 60_001, remainingMs: 60_000 }), policy)).toEqual({
      retry: false,
      reason: "waiting 61s would pass the operation's deadline",
    });
  });

  it("refuses a backoff that would pass the deadline too (no Retry-After)", () => {
    expect(decideRetry(failed({ status: 503, attempt: 3, remainingMs: 3999 }), policy, () => 1)).toEqual({
      retry: false,
      reason: "waiting 4s would pass the operation's deadline",
    });
  });

  it("refuses a wait past the longest allowed even with no deadline, and says the bound", () => {
    expect(MAX_WAIT_MS).toBe(360_000);
    expect(decideRetry(failed({ status: 429, retryAfterMs: MAX_WAIT_MS + 500, remainingMs: Infinity }), policy)).toEqual({
      retry: false,
      reason: "waiting 361s is longer than any wait is allowed (360s)",
    });
  });

  it("backs off from the minimum, doubling up to the maximum, half of each step random", () => {
    const at = (attempt: number, random: number) => backoff(attempt, policy, () => random);
    expect([1, 2, 3, 4, 5].map((n) => at(n, 0))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect([1, 2, 3, 4, 5].map((n) => at(n, 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(at(2, 0.5)).toBe(1500);
  });
});

describe("Retry-After, in both forms", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it.each([
    ["seconds", "30", 30_000],
    ["seconds with a fraction", "1.25", 1250],
    ["seconds with spaces around", " 7 ", 7000],
    ["an HTTP date (IMF-fixdate)", "Mon, 23 Nov 2026 12:00:30 GMT", 30_000],
    ["an HTTP date in capitals", "MON, 23 NOV 2026 12:00:30 GMT", 30_000],
    ["an obsolete RFC 850 date", "Monday, 23-Nov-26 12:00:30 GMT", 30_000],
    ["a date already past: now", "Mon, 23 Nov 2026 11:00:00 GMT", 0],
  ])("%s: %j", (_, header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it.each(["   ", "30s", "x30", "3 0", "1.", ".5", "-1", "+5", "1e3", "Mon, 99 Nov 2026 12:00:30 GMT"])("%j is neither: no Retry-After", (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe("the rate-limit headers", () => {
  it("reads a budget with no policy and no reset, and an exhausted one (r=0 is a reading, not none)", () => {
    expect(parseRateLimit({ ratelimit: '"default";r=0;t=0' })).toEqual([{ remaining: 0, resetSeconds: 0, quota: undefined, windowSeconds: undefined }]);
    expect(parseRateLimit({ ratelimit: '"default";r=12' })).toEqual([{ remaining: 12, resetSeconds: undefined, quota: undefined, windowSeconds: undefined }]);
  });

  it("rounds a fractional remaining down, ignores a negative reset and a zero or negative quota or window", () => {
    expect(parseRateLimit({ ratelimit: '"default";r=2.9;t=-3', "ratelimit-policy": '"default";q=0;w=-5' })).toEqual([
      { remaining: 2, resetSeconds: undefined, quota: undefined, windowSeconds: undefined },
    ]);
    expect(parseRateLimit({ ratelimit: '"default";r=4', "ratelimit-policy": '"default";q=1;w=1' })).toEqual([
      { remaining: 4, resetSeconds: undefined, quota: 1, windowSeconds: 1 },
    ]);
  });

  it("joins each limit with the policy of its own name, whichever order the policies come in", () => {
    const headers = { ratelimit: '"hour";r=10, "day";r=900', "ratelimit-policy": '"day";q=1000;w=86400, "hour";q=50;w=3600' };
    expect(parseRateLimit(headers).map((r) => [r.remaining, r.quota, r.windowSeconds])).toEqual([
      [10, 50, 3600],
      [900, 1000, 86400],
    ]);
  });

  it("reads a header repeated on several lines as one list, and drops a policy header that does not parse", () => {
    expect(parseRateLimit({ ratelimit: ['"a";r=1', '"b";r=2'] }).map((r) => r.remaining)).toEqual([1, 2]);
    expect(parseRateLimit({ ratelimit: '"a";r=1', "ratelimit-policy": '"a";q=5 ;w=1' })).toEqual([
      { remaining: 1, resetSeconds: undefined, quota: undefined, windowSeconds: undefined },
    ]);
  });

  it("keeps back a fraction of each quota, rounded up; a limit without a quota keeps nothing back", () => {
    const reading = (remaining: number, quota?: number): RateLimitReading => ({ remaining, resetSeconds: undefined, quota, windowSeconds: undefined });
    expect(reserveOf(reading(100, 1201), 0.1)).toBe(121);
    expect(headroom(reading(100, 1201), 0.1)).toBe(-21);
    expect(reserveOf(reading(100), 0.5)).toBe(0);
    // the tightest: fewest requests above its reserve, not the fewest requests
    const small = reading(30, 100);
    const large = reading(25, 10);
    expect(tightest([large, small], 0.1)).toBe(small);
    expect(tightest([small, large], 0.1)).toBe(small);
    expect(tightest([], 0.1)).toBeUndefined();
  });

  it("says what Cloudflare said: the reset when it gave one (even 0), else the window, else only the remaining", () => {
    expect(describeReading({ remaining: 0, resetSeconds: 0, quota: 10, windowSeconds: 60 })).toBe("Ratelimit r=0;t=0");
    expect(describeReading({ remaining: 3, resetSeconds: undefined, quota: undefined, windowSeconds: 60 })).toBe("Ratelimit r=3 (Ratelimit-Policy w=60)");
    expect(describeReading({ remaining: 3, resetSeconds: undefined, quota: undefined, windowSeconds: undefined })).toBe("Ratelimit r=3");
  });

  it("fails loudly when the parser itself fails, instead of reading every answer as having no budget", () => {
    jest.isolateModules(() => {
      jest.doMock("structured-headers", () => ({
        ...jest.requireActual("structured-headers"),
        parseList: () => {
          throw new RangeError("broken parser");
        },
      }));
      const isolated = require("../../provider/client/rateLimitHeaders") as typeof import("../../provider/client/rateLimitHeaders");
      expect(() => isolated.parseRateLimit({ ratelimit: '"default";r=5' })).toThrow("broken parser");
      expect(isolated.parseRateLimit({})).toEqual([]);
    });
  });
});

describe("waiting", () => {
  it("sleeps on the clock it is given, for exactly the time asked", async () => {
    const asked: number[] = [];
    let wake: (() => void) | undefined;
    const clock: Clock = { now: () => 0, after: (ms, callback) => (asked.push(ms), (wake = callback), () => undefined) };
    let woke = false;
    const slept = sleep(clock, 1234).then(() => (woke = true));
    await Promise.resolve();
    expect([asked, woke]).toEqual([[1234], false]);
    wake!();
    await slept;
    expect(woke).toBe(true);
  });

  it("the system clock runs a callback after the time, cancels one it was told to, and tells monotonic time", async () => {
    const fired: string[] = [];
    systemClock.after(1, () => fired.push("kept"));
    const cancel = systemClock.after(1, () => fired.push("cancelled"));
    cancel();
    // a longer timer fires after both would have
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toEqual(["kept"]);
    const [a, b] = [systemClock.now(), performance.now()];
    expect(typeof a).toBe("number");
    expect(a).toBeLessThanOrEqual(b);
    expect(b - a).toBeLessThan(1000);
  });
});

describe("rate-limit items that state no budget", () => {
  it.each([
    ["no remaining", '"default";t=3'],
    ["a remaining that is text", '"default";r="5"'],
    ["a remaining that is a flag", '"default";r=?1'],
    ["a negative remaining", '"default";r=-1'],
    ["a field that does not parse", "default r=5"],
  ])("%s: none", (_, ratelimit) => {
    expect(parseRateLimit({ ratelimit })).toEqual([]);
  });

  it("a quota or window that is not a number is none; token names join their policy like string names", () => {
    expect(parseRateLimit({ ratelimit: 'burst;r=9;t=1', "ratelimit-policy": 'burst;q="10";w=?1' })).toEqual([
      { remaining: 9, resetSeconds: 1, quota: undefined, windowSeconds: undefined },
    ]);
    expect(parseRateLimit({ ratelimit: "burst;r=9", "ratelimit-policy": "burst;q=10;w=1" })).toEqual([
      { remaining: 9, resetSeconds: undefined, quota: 10, windowSeconds: 1 },
    ]);
  });
});

describe("rate-limit items without a name", () => {
  it("an inner list or a number names no limit; a string or token does", () => {
    expect(parseRateLimit({ ratelimit: '("default");r=5' })).toEqual([]);
    expect(parseRateLimit({ ratelimit: '7;r=5, "";r=3', "ratelimit-policy": '"";q=10' })).toEqual([
      { remaining: 3, resetSeconds: undefined, quota: 10, windowSeconds: undefined },
    ]);
  });
});
