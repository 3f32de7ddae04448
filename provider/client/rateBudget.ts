import { Pacer } from "./pacer";
import { parseRateLimit, reserveOf, tightest, type HeaderValues } from "./rateLimitHeaders";
import { DEFAULTS, type ClientSettings } from "./settings";

export interface Clock {
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

export interface RateBudgetOptions {
  /** Fraction of every quota left for people and other tools (0.1 = 10%). */
  readonly reserve: number;
  /** Pacing while the API states no budget (through a proxy, or an older API). */
  readonly fallback: Pacer;
  /** An explicit CLOUDFLARE_RPS: a hard cap, budget or not (and the pacing when there is no budget). */
  readonly cap?: Pacer;
  /** Keeps the process far below Cloudflare's 200 requests/s per IP; shared by every credential of one API. */
  readonly guard: Pacer;
  /** Requests of this credential in flight at once. */
  readonly maxInFlight: number;
  readonly clock?: Clock;
  readonly random?: () => number;
}

/** What a request reports when it is done: the answer's headers, or nothing when no answer came. */
export interface Departure {
  settle(headers?: HeaderValues): void;
}

export interface BudgetRequest {
  /** A write: it usually follows a read of the same object, so it goes first and may spend what that read kept. */
  readonly write: boolean;
  /** Told once when the budget makes requests wait (how long, why). */
  readonly onWait?: (message: string) => void;
}

interface Waiter extends BudgetRequest {
  readonly resolve: (departure: Departure) => void;
}

/** What the last answer stated. */
interface Known {
  remaining: number;
  readonly quota: number | undefined;
  /** Requests kept back for others. */
  readonly reserve: number;
  /** When more is available (with jitter): from then on `remaining` may be too low, and one probe finds out. */
  readonly freshUntil: number;
}

type Verdict = { readonly go: true; readonly probe: boolean } | { readonly go: false; readonly ms: number; readonly budget?: Known };

/**
 * Cloudflare allows 200 requests/s per IP: one process stays at half of it over any second, whatever its tokens.
 * Within one credential, 16 requests in flight are twice the engine's concurrency on a 2-core machine.
 */
export const PER_IP_GUARD = { rps: 100, burst: 16 } as const;
export const MAX_IN_FLIGHT = 16;

/** The pacing every credential of one API shares in a process. */
export function perIpGuard(): Pacer {
  return new Pacer(PER_IP_GUARD.rps, PER_IP_GUARD.burst);
}

/** A budget for one credential with the given settings. */
export function budgetFor(settings: ClientSettings, guard: Pacer = perIpGuard()): RateBudget {
  return new RateBudget({
    reserve: settings.rateReserve,
    fallback: new Pacer(DEFAULTS.fallbackRps, settings.burst),
    cap: settings.rps === undefined ? undefined : new Pacer(settings.rps, settings.burst),
    guard,
    maxInFlight: MAX_IN_FLIGHT,
  });
}

/** How long a settled read keeps a request for the write built from it (the write follows within milliseconds). */
const HOLD_FOR_WRITE_MS = 500;
/** Processes waiting on one token wake spread over this much (at most a tenth of the wait), then probe once each. */
const MAX_JITTER_MS = 1000;
/** A budget wait shorter than this is not worth a log line. */
const ANNOUNCE_FROM_MS = 500;

/**
 * The rate budget of one credential. Requests go at full speed while the budget Cloudflare last stated, less the
 * requests in flight, stays above the reserve; then they wait until more is available, and one request probes
 * before the rest resume. Every check is made when a request actually leaves, never when it was queued.
 *
 * Every reading counts only what the API had seen, so each request in flight is counted against it, and a read in
 * flight twice: its write will follow, and must not wait a whole window behind other reads (a read→write gap is a
 * window for someone else's change to be overwritten).
 */
export class RateBudget {
  private readonly writes: Waiter[] = [];
  private readonly reads: Waiter[] = [];
  private readonly clock: Clock;
  private readonly random: () => number;
  private known: Known | undefined;
  private inFlight = 0;
  private readsInFlight = 0;
  /** Expiry times of the requests settled reads keep for their writes. */
  private held: number[] = [];
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private mustProbe = false;
  private probing = false;
  private cancelTimer: (() => void) | undefined;
  private announcedUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RateBudgetOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /** Resolves when the request may leave; call `settle` on what it resolves to once the request is done. */
  acquire(request: BudgetRequest): Promise<Departure> {
    return new Promise((resolve) => {
      (request.write ? this.writes : this.reads).push({ ...request, resolve });
      this.pump();
    });
  }

  /** Holds every caller back for `ms` from now (a 429's Retry-After); then one request probes before the rest. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    this.mustProbe = true;
    this.pump();
  }

  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const now = this.clock.now();
    this.held = this.held.filter((expiry) => expiry > now);
    for (let waiter = this.head(); waiter; waiter = this.head()) {
      const verdict = this.verdict(waiter, now);
      if (!verdict.go) {
        if (Number.isFinite(verdict.ms)) this.cancelTimer = this.clock.after(verdict.ms, () => this.pump());
        if (verdict.budget) this.announce(waiter, verdict.ms, verdict.budget, now);
        return;
      }
      (waiter.write ? this.writes : this.reads).shift();
      waiter.resolve(this.depart(waiter, verdict.probe, now));
    }
  }

  private head(): Waiter | undefined {
    return this.writes[0] ?? this.reads[0];
  }

  private verdict(waiter: Waiter, now: number): Verdict {
    const waitForAnswer = { go: false, ms: Number.POSITIVE_INFINITY } as const;
    if (now < this.pausedUntil) return { go: false, ms: this.pausedUntil - now };
    if (this.probing || this.inFlight >= this.options.maxInFlight) return waitForAnswer;
    const pacing = Math.max(...this.pacers().map((pacer) => pacer.delayAt(now)));
    if (pacing > 0) return { go: false, ms: pacing };
    if (this.mustProbe) return { go: true, probe: true };
    const known = this.known;
    if (!known) return { go: true, probe: false };

    const unheld = known.remaining - known.reserve - this.inFlight - this.readsInFlight;
    // A write that completes a read already sent spends what that read kept, from the reserve if need be (never
    // past the quota): leaving it a window behind would leave the read stale. A read needs one request for itself
    // and one for the write that follows.
    const completesRead = waiter.write && this.held.length > 0;
    const needed = waiter.write ? 1 : 2;
    if (completesRead ? known.remaining - this.inFlight >= 1 : unheld - this.held.length >= needed) return { go: true, probe: false };
    if (now >= known.freshUntil) return { go: true, probe: true };
    // What reads kept and no write claimed goes back to the budget soon.
    if (unheld >= needed) return { go: false, ms: this.held[0]! - now };
    return { go: false, ms: known.freshUntil - now, budget: known };
  }

  private pacers(): Pacer[] {
    const { guard, cap, fallback } = this.options;
    return [guard, cap ?? (this.known ? undefined : fallback)].filter((pacer): pacer is Pacer => pacer !== undefined);
  }

  private depart(waiter: Waiter, probe: boolean, now: number): Departure {
    for (const pacer of this.pacers()) pacer.take(now);
    this.inFlight++;
    if (!waiter.write) this.readsInFlight++;
    else this.held.shift();
    if (probe) {
      this.probing = true;
      this.mustProbe = false;
    }
    let settled = false;
    return {
      settle: (headers) => {
        if (settled) return;
        settled = true;
        this.inFlight--;
        if (!waiter.write) {
          this.readsInFlight--;
          if (headers) this.held.push(this.clock.now() + HOLD_FOR_WRITE_MS);
        }
        if (probe) this.probing = false;
        this.learn(headers);
        this.pump();
      },
    };
  }

  /** Takes in what an answer says about the budget. */
  private learn(headers: HeaderValues | undefined): void {
    if (headers === undefined) {
      // No answer: the request may still have counted.
      if (this.known) this.known.remaining--;
      return;
    }
    const reading = tightest(parseRateLimit(headers), this.options.reserve);
    if (!reading) {
      // An answer without a budget (a proxy, an older API): back to pacing.
      this.known = undefined;
      return;
    }
    // Wait at least a second when exhausted, even if told 0: a probe spends from the reserve.
    const waitMs = Math.max(1, reading.resetSeconds ?? reading.windowSeconds ?? 1) * 1000;
    this.known = {
      remaining: reading.remaining,
      quota: reading.quota,
      reserve: reserveOf(reading, this.options.reserve),
      freshUntil: this.clock.now() + waitMs + this.random() * Math.min(MAX_JITTER_MS, waitMs / 10),
    };
  }

  private announce(waiter: Waiter, ms: number, known: Known, now: number): void {
    // Once per wait: answers still arriving as it starts each restate it.
    if (ms < ANNOUNCE_FROM_MS || now < this.announcedUntil) return;
    this.announcedUntil = now + ms;
    const of = known.quota === undefined ? "" : ` of ${known.quota}`;
    const left = Math.max(0, known.remaining - this.inFlight);
    waiter.onWait?.(
      `Cloudflare rate budget: ${left}${of} requests left for this token, ${known.reserve} kept for others; ` +
        `waiting ${(ms / 1000).toFixed(1)}s until more is available`,
    );
  }
}
