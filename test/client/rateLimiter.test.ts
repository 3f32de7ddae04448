import { RateLimiter } from "../../provider/client/rateLimiter";

/** Most requests that fell in any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe("RateLimiter", () => {
  it("lets a burst through at once, then spaces requests at the rate", async () => {
    const limiter = new RateLimiter(50, 3);
    const start = performance.now();
    const times = await Promise.all(Array.from({ length: 13 }, async () => (await limiter.acquire(), performance.now() - start)));
    times.sort((a, b) => a - b);
    expect(times.slice(0, 3).every((t) => t < 15)).toBe(true);
    // the 13th request waits for 10 intervals of 20 ms
    expect(times[12]).toBeGreaterThanOrEqual(195);
  });

  it("never lets more than burst + rate × window through in any window", async () => {
    const limiter = new RateLimiter(100, 2);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 60 }, async () => (await limiter.acquire(), times.push(performance.now()))));
    // 100/s over 100 ms = 10, plus the burst of 2; timers may only fire late, never early
    expect(busiestWindow(times, 100)).toBeLessThanOrEqual(12);
  });

  it("holds every caller during a pause, including those already waiting", async () => {
    const limiter = new RateLimiter(100, 1);
    const start = performance.now();
    const waiting = Array.from({ length: 5 }, async () => (await limiter.acquire(), performance.now() - start));
    limiter.pauseFor(150);
    const times = await Promise.all(waiting);
    // the first went straight through before the pause; the rest wait it out, then resume at the rate
    expect(times.filter((t) => t < 100)).toHaveLength(1);
    expect(Math.min(...times.filter((t) => t >= 100))).toBeGreaterThanOrEqual(148);
    expect(limiter.pausedForMs).toBe(0);
  });
});
