/**
 * The seed and length of every randomized test: the fast-check properties (test/support/properties.ts gives them
 * the seed), the model-based test and the concurrency test. One fixed seed by default, so CI and every plain run
 * check the same cases; `ZT_SEED=random` explores new ones, `ZT_SEED=<n>` replays a run; `ZT_RUNS=<n>` runs every
 * property n times instead of its usual count.
 */
export const DEFAULT_SEED = 20_261_204;

export const SEED: number = seedFrom(process.env.ZT_SEED);

/** How many cases a property tries: `usual`, unless ZT_RUNS says otherwise. */
export function runs(usual: number): number {
  const raw = process.env.ZT_RUNS?.trim();
  if (!raw) return usual;
  const count = Number(raw);
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`ZT_RUNS must be a whole number above 0 (got "${raw}")`);
  return count;
}

function seedFrom(raw: string | undefined): number {
  const value = raw?.trim();
  if (!value) return DEFAULT_SEED;
  // fast-check takes a 32-bit integer
  if (value === "random") return (Math.random() * 2 ** 32) | 0;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed !== (seed | 0)) throw new Error(`ZT_SEED must be "random" or a 32-bit integer (got "${value}")`);
  return seed;
}
