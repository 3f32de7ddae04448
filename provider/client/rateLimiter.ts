import { setTimeout as sleep } from "node:timers/promises";

/**
 * A token bucket in its GCRA form: each caller reserves the next slot, so callers are served in order and no
 * window of length L ever holds more than `burst + L × rps` requests. (A bucket as deep as a second's worth of
 * requests would overshoot Cloudflare's fixed budget over short windows; the burst stays small on purpose.)
 *
 * `pauseUntil` is how a 429 stops every caller of a credential at once: nobody is let through before the time
 * Cloudflare gave, instead of each caller retrying into the lockout on its own schedule.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** When the next request would be due if requests arrived exactly at the rate. */
  private theoreticalArrival = 0;
  private pausedUntil = 0;

  constructor(
    readonly rps: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = 1000 / rps;
    this.toleranceMs = (Math.max(1, burst) - 1) * this.intervalMs;
  }

  /** Resolves when the caller may send one request. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.now();
      const start = Math.max(now, this.theoreticalArrival - this.toleranceMs, this.pausedUntil);
      this.theoreticalArrival = Math.max(start, this.theoreticalArrival) + this.intervalMs;
      if (start <= now) return;
      await sleep(start - now);
      // A 429 that arrived while we slept moves everyone behind the pause.
      if (this.now() >= this.pausedUntil) return;
    }
  }

  /** Holds every caller back for `ms` from now (a 429's Retry-After, or a backoff when it gave none). */
  pauseFor(ms: number): void {
    const until = this.now() + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    // After the pause requests resume at the rate, not all at once.
    this.theoreticalArrival = Math.max(this.theoreticalArrival, until);
  }

  /** Milliseconds until the current pause ends (0 when not paused). */
  get pausedForMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }
}
