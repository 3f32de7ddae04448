/**
 * The ideal of the rollout benches (bench/rollout.ts; the end-to-end rollout under the Pulumi CLI,
 * test/e2e/rollout.e2e.test.ts): the least time a rollout's requests need, so that wall / ideal measures what the
 * client adds.
 */

/**
 * The least time R requests need on C lanes of L ms each, with at most K per window (bench/rollout.ts's header says why). Windows are
 * counted as the local API counts them: one starts with the first request after the last ended.
 */
export function ideal(requests: number, lanes: number, latencyMs: number, perWindow: number, windowMs: number, preUsed: number): number {
  const free: number[] = Array.from({ length: lanes }, () => 0);
  let windowStart = preUsed > 0 ? 0 : Number.NEGATIVE_INFINITY;
  let used = preUsed;
  for (let r = 0; r < requests; r++) {
    const lane = free.indexOf(Math.min(...free));
    // no request before the window it counts in has started
    let at = Math.max(free[lane]!, windowStart);
    if (at >= windowStart + windowMs) [windowStart, used] = [at, 0];
    if (used >= perWindow) [at, windowStart, used] = [windowStart + windowMs, windowStart + windowMs, 0];
    used++;
    free[lane] = at + latencyMs;
  }
  return Math.max(...free);
}
