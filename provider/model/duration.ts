/** Go's `time.ParseDuration` units, in nanoseconds (`µs` and the Greek `μs` are both accepted by Go). */
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, "μs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const TERM = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
/** Go's duration range: an int64 of nanoseconds. */
const MAX_NS = 9_223_372_036_854_775_807;

export interface ParsedDuration {
  /** Nanoseconds, rounded to the nearest one. */
  readonly ns: number;
  readonly units: ReadonlySet<string>;
}

/** Parses a Go duration (`300ms`, `2h45m`, `1.5h`, `0`). Negative durations are refused: no setting takes one. */
export function parseDuration(text: string): ParsedDuration | undefined {
  const body = text.startsWith("+") ? text.slice(1) : text;
  if (body === "0") return { ns: 0, units: new Set() };
  if (body === "") return undefined;
  let ns = 0;
  const units = new Set<string>();
  TERM.lastIndex = 0;
  let consumed = 0;
  for (let match = TERM.exec(body); match; match = TERM.exec(body)) {
    const [whole, amount, unit] = match as unknown as [string, string, string];
    ns += Number(amount) * UNIT_NS[unit]!;
    units.add(unit);
    consumed += whole.length;
  }
  // Stryker disable next-line EqualityOperator: no sum of terms lands exactly on 2^63−1 ns in a double
  if (consumed !== body.length || ns > MAX_NS) return undefined;
  return { ns: Math.round(ns), units };
}

/** True when both are durations of the same length (`24h` ≡ `1440m` ≡ `24h0m0s`). */
export function sameDuration(a: string, b: string): boolean {
  const x = parseDuration(a);
  const y = parseDuration(b);
  return x !== undefined && y !== undefined && x.ns === y.ns;
}

export const HOUR_NS = UNIT_NS.h!;

export interface DurationRule {
  /** Only minutes and hours, as the MFA and WARP session settings demand. */
  readonly minutesOrHours?: boolean;
  readonly minHours?: number;
  readonly maxHours?: number;
}
