/**
 * A token bucket in its GCRA form, consulted when a request actually leaves: no window of length L ever holds more
 * than `burst + L × rps` requests. Nothing is booked ahead, so requests held up by an event-loop stall still leave
 * at the rate afterwards, at most `burst` of them together.
 */
export class Pacer {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** When the next request would be due if requests had left exactly at the rate. */
  private theoreticalArrival = Number.NEGATIVE_INFINITY;

  constructor(
    readonly rps: number,
    readonly burst: number,
  ) {
    this.intervalMs = 1000 / rps;
    this.toleranceMs = (Math.max(1, burst) - 1) * this.intervalMs;
  }

  /** Milliseconds from `now` until a request may leave (0: it may leave now). */
  delayAt(now: number): number {
    return Math.max(0, this.theoreticalArrival - this.toleranceMs - now);
  }

  /** Records a request leaving at `now`. */
  take(now: number): void {
    this.theoreticalArrival = Math.max(this.theoreticalArrival, now) + this.intervalMs;
  }
}
