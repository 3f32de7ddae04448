import { z } from "zod";

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

const SYNTAX = "must be a duration such as 300ms or 2h45m (units ns, us or µs, ms, s, m, h)";
const MH_SYNTAX = "must be a duration in minutes (m) or hours (h), such as 30m or 2h45m";

/** A zod string schema enforcing Go duration syntax plus the field's documented units and bounds. */
export function duration(rule: DurationRule = {}): z.ZodString {
  return z.string().superRefine((text, ctx) => {
    const parsed = parseDuration(text);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: rule.minutesOrHours ? MH_SYNTAX : SYNTAX });
      return;
    }
    if (rule.minutesOrHours && [...parsed.units].some((u) => u !== "m" && u !== "h")) {
      ctx.addIssue({ code: "custom", message: MH_SYNTAX });
      return;
    }
    const { minHours, maxHours } = rule;
    const tooShort = minHours !== undefined && parsed.ns < minHours * HOUR_NS;
    const tooLong = maxHours !== undefined && parsed.ns > maxHours * HOUR_NS;
    if (tooShort || tooLong) {
      const unit = rule.minutesOrHours ? "m" : "s";
      const message =
        minHours !== undefined && maxHours !== undefined
          ? `must be between ${minHours === 0 ? `0${unit}` : `${minHours}h`} and ${maxHours}h`
          : minHours !== undefined
            ? `must be at least ${minHours}h`
            : `must be at most ${maxHours}h`;
      ctx.addIssue({ code: "custom", message: `${message} (got ${text})` });
    }
  });
}
