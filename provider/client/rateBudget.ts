import { MAX_WAIT_MS, systemClock, type Clock } from "./clock";
import { CloudflareWaitError, type RequestDescription } from "./errors";
import { Pacer } from "./pacer";
import { describeReading, parseRateLimit, reserveOf, tightest, type HeaderValues } from "./rateLimitHeaders";
import { DEFAULTS, type ClientSettings } from "./settings";

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

/** A request as the budget sees it. */
export interface BudgetRequest {
  /** Method and path, for the error when its wait cannot end in time. */
  readonly request: RequestDescription;
  /** When its operation must be done, on the budget's clock: a wait that would pass it fails at once. */
  readonly deadline: number;
  /** Told once when the budget makes requests wait (how long, why). */
  readonly onWait?: (message: string) => void;
}

/** What the budget learns from: the answer's headers. A request that throws got no answer. */
export interface Answered {
  readonly headers: HeaderValues;
}

/** Sends one request when the budget allows it, and learns from its answer. */
export type Spend = <A extends Answered>(request: BudgetRequest, send: () => Promise<A>) => Promise<A>;

/** A read and the write built from it. `holding`: the read was answered, and a request is kept for the write. */
interface Pair {
  holding: boolean;
}

interface Ticket {
  /** A write goes before reads: it usually completes a read, and a read→write gap is a window for a lost update. */
  readonly write: boolean;
  readonly pair: Pair | undefined;
}

interface Waiter extends BudgetRequest, Ticket {
  /** The queue it waits in (see `queueFor`). */
  readonly queue: Waiter[];
  /** When it started waiting, for the error if its deadline passes first. */
  readonly since: number;
  readonly resolve: (probe: boolean) => void;
  readonly reject: (error: Error) => void;
  /** Cancels the timer that fails it at its deadline. */
  cancelDeadline?: () => void;
}

/** What the last answer stated. */
interface Known {
  remaining: number;
  readonly quota: number | undefined;
  /** Requests kept back for others. */
  readonly reserve: number;
  /** When more is available (with jitter): from then on `remaining` may be too low, and one probe finds out. */
  readonly freshUntil: number;
  /** What Cloudflare said, for messages. */
  readonly said: string;
}

type Verdict =
  | { readonly go: true; readonly probe: boolean }
  | { readonly go: false; readonly ms: number; readonly reason: string; readonly budget?: Known };

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
export function budgetFor(settings: ClientSettings, guard: Pacer = perIpGuard(), clock?: Clock): RateBudget {
  return new RateBudget({
    clock,
    reserve: settings.rateReserve,
    fallback: new Pacer(DEFAULTS.fallbackRps, settings.burst),
    cap: settings.rps === undefined ? undefined : new Pacer(settings.rps, settings.burst),
    guard,
    maxInFlight: MAX_IN_FLIGHT,
  });
}

/** Processes waiting on one token wake spread over this much (at most a tenth of the wait), then probe once each. */
const MAX_JITTER_MS = 1000;
/** A budget wait shorter than this is not worth a log line. */
const ANNOUNCE_FROM_MS = 500;

/**
 * The rate budget of one credential. Requests go at full speed while the budget Cloudflare last stated, less the
 * requests in flight, stays above the reserve; then they wait until more is available, and one request probes
 * before the rest resume. Every check is made when a request actually leaves, never when it was queued. A wait that
 * cannot end before the request's deadline (or within the longest wait allowed) fails the request at once.
 *
 * Every reading counts only what the API had seen, so each request in flight is counted against it. A caller that
 * reads in order to write (`pair`) declares it: its read counts twice while in flight, and once answered it keeps a
 * request for the write until the write leaves or the caller is done, so the write never waits a whole window
 * behind other reads (a read→write gap is a window for someone else's change to be overwritten). Plain reads (a
 * refresh, an audit) keep nothing.
 */
export class RateBudget {
  /**
   * Writes that complete an answered read go first: each spends only the request its read kept, so it never takes
   * from anyone, and the requests waiting for that kept request to come back would otherwise wait behind it forever.
   */
  private readonly completions: Waiter[] = [];
  private readonly writes: Waiter[] = [];
  private readonly reads: Waiter[] = [];
  private readonly clock: Clock;
  private readonly random: () => number;
  private known: Known | undefined;
  private inFlight = 0;
  /** Reads in flight whose write will follow. */
  private pairReadsInFlight = 0;
  /** Requests kept by answered reads for their writes. */
  private held = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private pauseReason = "";
  private mustProbe = false;
  private probing = false;
  private cancelTimer: (() => void) | undefined;
  private announcedUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RateBudgetOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /** A read no write follows (a refresh, a lookup, an audit). */
  readonly read: Spend = (request, send) => this.spend({ write: false, pair: undefined }, request, send);

  /** A write that completes no read (a revocation). */
  readonly write: Spend = (request, send) => this.spend({ write: true, pair: undefined }, request, send);

  /**
   * A read and the write built from it: `use` sends through `read` then (if it writes) `write`. Whatever the read
   * kept for the write goes back to the budget when `use` is done.
   */
  async pair<T>(use: (read: Spend, write: Spend) => Promise<T>): Promise<T> {
    const pair: Pair = { holding: false };
    try {
      return await use(
        (request, send) => this.spend({ write: false, pair }, request, send),
        (request, send) => this.spend({ write: true, pair }, request, send),
      );
    } finally {
      if (pair.holding) {
        pair.holding = false;
        this.held--;
        this.pump();
      }
    }
  }

  /** Holds every caller back for `ms` from now (a 429's Retry-After, named by `reason`); then one request probes. */
  pauseFor(ms: number, reason: string): void {
    const until = this.clock.now() + ms;
    if (until > this.pausedUntil) [this.pausedUntil, this.pauseReason] = [until, reason];
    this.mustProbe = true;
    this.pump();
  }

  private async spend<A extends Answered>(ticket: Ticket, request: BudgetRequest, send: () => Promise<A>): Promise<A> {
    const probe = await new Promise<boolean>((resolve, reject) => {
      const waiter: Waiter = { ...request, ...ticket, queue: this.queueFor(ticket), since: this.clock.now(), resolve, reject };
      waiter.queue.push(waiter);
      this.pump();
      // most requests leave at once: only one still waiting needs a timer for its deadline
      if (waiter.queue.includes(waiter)) this.failAtDeadline(waiter);
    });
    let headers: HeaderValues | undefined;
    try {
      const answer = await send();
      headers = answer.headers;
      return answer;
    } finally {
      this.settle(ticket, probe, headers);
    }
  }

  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const now = this.clock.now();
    for (let waiter = this.head(); waiter; waiter = this.head()) {
      if (now >= waiter.deadline) {
        this.expire(waiter);
        continue;
      }
      const verdict = this.verdict(waiter, now);
      if (verdict.go) {
        this.leave(waiter);
        this.depart(waiter, verdict.probe, now);
        waiter.resolve(verdict.probe);
        continue;
      }
      if (Number.isFinite(verdict.ms)) {
        const allowed = Math.max(0, Math.min(waiter.deadline - now, MAX_WAIT_MS));
        if (verdict.ms > allowed) {
          this.leave(waiter);
          waiter.reject(new CloudflareWaitError(waiter.request, verdict.reason, verdict.ms, allowed));
          continue;
        }
        this.cancelTimer = this.clock.after(verdict.ms, () => this.pump());
      }
      if (verdict.budget) this.announce(waiter, verdict.ms, verdict.budget, now);
      return;
    }
  }

  private head(): Waiter | undefined {
    return this.completions[0] ?? this.writes[0] ?? this.reads[0];
  }

  private queueFor(ticket: Ticket): Waiter[] {
    if (ticket.write && ticket.pair?.holding === true) return this.completions;
    return ticket.write ? this.writes : this.reads;
  }

  private leave(waiter: Waiter): void {
    waiter.queue.splice(waiter.queue.indexOf(waiter), 1);
    waiter.cancelDeadline?.();
  }

  /**
   * A request behind another, or waiting for answers, may not wait past its own deadline either: it fails then,
   * and the others are looked at again.
   */
  private failAtDeadline(waiter: Waiter): void {
    if (!Number.isFinite(waiter.deadline)) return;
    waiter.cancelDeadline = this.clock.after(Math.max(0, waiter.deadline - this.clock.now()), () => {
      if (!waiter.queue.includes(waiter)) return;
      this.expire(waiter);
      this.pump();
    });
  }

  /** Fails a waiter whose operation's deadline has come: nothing is sent for it. */
  private expire(waiter: Waiter): void {
    this.leave(waiter);
    waiter.reject(CloudflareWaitError.atDeadline(waiter.request, this.clock.now() - waiter.since));
  }

  private verdict(waiter: Waiter, now: number): Verdict {
    const waitForAnswer = { go: false, ms: Number.POSITIVE_INFINITY, reason: "requests in flight" } as const;
    if (now < this.pausedUntil) return { go: false, ms: this.pausedUntil - now, reason: this.pauseReason };
    if (this.probing || this.inFlight >= this.options.maxInFlight) return waitForAnswer;
    let pacing: { readonly pacer: Pacer; readonly ms: number } | undefined;
    for (const pacer of this.pacers()) {
      const ms = pacer.delayAt(now);
      if (ms > (pacing?.ms ?? 0)) pacing = { pacer, ms };
    }
    if (pacing) return { go: false, ms: pacing.ms, reason: `pacing at ${pacing.pacer.rps} requests/s` };
    if (this.mustProbe) return { go: true, probe: true };
    const known = this.known;
    if (!known) return { go: true, probe: false };

    const unheld = known.remaining - known.reserve - this.inFlight - this.pairReadsInFlight;
    // A write that completes an answered read spends what that read kept, from the reserve if need be (never past
    // the quota): leaving it a window behind would leave the read stale. A read a write will follow needs one
    // request for itself and one for the write.
    const completesRead = waiter.write && waiter.pair?.holding === true;
    const needed = !waiter.write && waiter.pair ? 2 : 1;
    if (completesRead ? known.remaining - this.inFlight >= 1 : unheld - this.held >= needed) return { go: true, probe: false };
    if (now >= known.freshUntil) return { go: true, probe: true };
    // Only what answered reads keep stands in the way: each goes to its write, or back, when that caller is done.
    if (unheld >= needed) return waitForAnswer;
    return { go: false, ms: known.freshUntil - now, reason: known.said, budget: known };
  }

  private pacers(): Pacer[] {
    const { guard, cap, fallback } = this.options;
    return [guard, cap ?? (this.known ? undefined : fallback)].filter((pacer): pacer is Pacer => pacer !== undefined);
  }

  private depart(ticket: Ticket, probe: boolean, now: number): void {
    for (const pacer of this.pacers()) pacer.take(now);
    this.inFlight++;
    if (!ticket.write && ticket.pair) this.pairReadsInFlight++;
    if (ticket.write && ticket.pair?.holding) {
      ticket.pair.holding = false;
      this.held--;
    }
    if (probe) {
      this.probing = true;
      this.mustProbe = false;
    }
  }

  private settle(ticket: Ticket, probe: boolean, headers: HeaderValues | undefined): void {
    this.inFlight--;
    if (!ticket.write && ticket.pair) {
      this.pairReadsInFlight--;
      if (headers && !ticket.pair.holding) {
        ticket.pair.holding = true;
        this.held++;
      }
    }
    if (probe) this.probing = false;
    try {
      this.learn(headers);
    } finally {
      // a header parser that fails (loudly) fails this request, not those queued behind it
      this.pump();
    }
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
      said: describeReading(reading),
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
