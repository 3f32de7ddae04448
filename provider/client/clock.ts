/** Time as the client waits on it: injected, so tests move it by hand instead of sleeping. */
export interface Clock {
  /** Milliseconds on a monotonic scale (not the wall clock). */
  now(): number;
  /** Runs `callback` after `ms`; the function returned cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  after: (ms, callback) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * The longest single wait the client accepts, whatever a header says: Cloudflare's longest, its 5-minute lockout,
 * with a minute to spare. A longer wait (a `Ratelimit` reset of a day, a `Retry-After` past Node's timer limit of
 * 2^31−1 ms) fails the operation at once instead. Every wait is also bounded by the operation's deadline.
 */
export const MAX_WAIT_MS = 6 * 60_000;

/** Resolves after `ms` on `clock`. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.after(ms, resolve));
}
