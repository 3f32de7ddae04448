import { parseList, ParseError, Token, type BareItem, type InnerList, type Item, type Parameters } from "structured-headers";

/**
 * Cloudflare's budget as each answer states it (IETF draft-ietf-httpapi-ratelimit-headers, RFC 9651 lists):
 *
 *     Ratelimit: "default";r=50;t=30          remaining requests; seconds until more is available
 *     Ratelimit-Policy: "default";q=1200;w=300  the quota; its window in seconds
 *
 * A header that does not parse, or an item without a usable `r`, is ignored: the budget then falls back to pacing.
 * Only a parse error is: a parser that is missing or broken (a module resolved wrongly) throws, loudly.
 */
export interface RateLimitReading {
  /** Requests left. */
  readonly remaining: number;
  /** Seconds until more is available, when the answer said (not a promise of a fixed window). */
  readonly resetSeconds: number | undefined;
  /** From the policy item of the same name, when there is one. */
  readonly quota: number | undefined;
  readonly windowSeconds: number | undefined;
}

/** Header values as Node and undici give them: a repeated header comes as an array. */
export type HeaderValues = Readonly<Record<string, string | string[] | undefined>>;

/** Every limit the answer states, each joined with its policy; empty when there is none or it does not parse. */
export function parseRateLimit(headers: HeaderValues): RateLimitReading[] {
  const policies = new Map<string, Parameters>();
  for (const [name, params] of items(headers["ratelimit-policy"])) policies.set(name, params);
  const readings: RateLimitReading[] = [];
  for (const [name, params] of items(headers["ratelimit"])) {
    const remaining = count(params.get("r"));
    if (remaining === undefined) continue;
    const policy = policies.get(name);
    readings.push({
      remaining: Math.floor(remaining),
      resetSeconds: count(params.get("t")),
      quota: positive(policy?.get("q")),
      windowSeconds: positive(policy?.get("w")),
    });
  }
  return readings;
}

/** The reading that leaves the fewest requests above the reserve (a fraction of each limit's quota). */
export function tightest(readings: readonly RateLimitReading[], reserve: number): RateLimitReading | undefined {
  let best: RateLimitReading | undefined;
  for (const reading of readings) {
    // Stryker disable next-line EqualityOperator: of limits with equal headroom, either is the tightest
    if (best === undefined || headroom(reading, reserve) < headroom(best, reserve)) best = reading;
  }
  return best;
}

/** What Cloudflare said, for a message: `Ratelimit r=0;t=86400`. */
export function describeReading(reading: RateLimitReading): string {
  const reset = reading.resetSeconds !== undefined ? `;t=${reading.resetSeconds}` : "";
  const window = reading.windowSeconds !== undefined ? ` (Ratelimit-Policy w=${reading.windowSeconds})` : "";
  return `Ratelimit r=${reading.remaining}${reset}${reset ? "" : window}`;
}

/** Requests a reading allows before its reserve is reached. */
export function headroom(reading: RateLimitReading, reserve: number): number {
  return reading.remaining - reserveOf(reading, reserve);
}

/** The requests kept back from a limit: `reserve` of its quota, rounded up. A limit without a policy keeps none. */
export function reserveOf(reading: RateLimitReading, reserve: number): number {
  return Math.ceil(reserve * (reading.quota ?? 0));
}

/** The named items of a list header; a field that fails to parse is dropped whole, as RFC 9651 asks. */
function items(value: string | string[] | undefined): Array<[string, Parameters]> {
  if (value === undefined) return [];
  let list: Array<Item | InnerList>;
  try {
    list = parseList(Array.isArray(value) ? value.join(", ") : value);
  } catch (error) {
    if (error instanceof ParseError) return [];
    throw error;
  }
  return list.flatMap(([item, params]): Array<[string, Parameters]> => {
    const name = nameOf(item);
    return name === undefined ? [] : [[name, params]];
  });
}

/** Policy names are strings in the draft, tokens in earlier versions; any other item (an inner list, a number) names no limit. */
function nameOf(item: BareItem | Item[]): string | undefined {
  return typeof item === "string" ? item : item instanceof Token ? item.toString() : undefined;
}

/** A number the header states (RFC 9651 numbers are always finite), not below 0. */
function count(value: BareItem | undefined): number | undefined {
  return typeof value === "number" && value >= 0 ? value : undefined;
}

function positive(value: BareItem | undefined): number | undefined {
  return typeof value === "number" && value > 0 ? value : undefined;
}
