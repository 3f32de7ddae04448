import type { Clock } from "../../provider/client";

/**
 * A clock that moves only when told. `advance` fires each timer at its own time, in order; `stall` moves time first
 * and fires everything due afterwards at once, as a blocked event loop does.
 */
export class FakeClock implements Clock {
  private time = 0;
  private timers: Array<{ at: number; callback: () => void }> = [];

  now(): number {
    return this.time;
  }

  /** Timers set and not yet fired or cancelled. */
  get pending(): number {
    return this.timers.length;
  }

  after(ms: number, callback: () => void): () => void {
    const timer = { at: this.time + ms, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (let next = this.due(end); next; next = this.due(end)) {
      this.time = Math.max(this.time, next.at);
      this.fire(next);
      await settle();
    }
    this.time = end;
    await settle();
  }

  async stall(ms: number): Promise<void> {
    this.time += ms;
    for (let next = this.due(this.time); next; next = this.due(this.time)) this.fire(next);
    await settle();
  }

  private due(until: number): { at: number; callback: () => void } | undefined {
    return [...this.timers].sort((a, b) => a.at - b.at).find((t) => t.at <= until);
  }

  private fire(timer: { at: number; callback: () => void }): void {
    this.timers = this.timers.filter((t) => t !== timer);
    timer.callback();
  }
}

/** Lets promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
