import { Agent, type Dispatcher } from "undici";
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

  /** Moves time on to the first timer set and fires every timer due then; false when none is set. */
  async next(): Promise<boolean> {
    const first = this.due(Number.POSITIVE_INFINITY);
    if (!first) return false;
    await this.advance(first.at - this.time);
    return true;
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

/**
 * Pins the wall clock (`Date`) at `at` for the rest of the test, every timer left real: for what reads the date, like
 * an HTTP-date `Retry-After`. `jest.useRealTimers()` (in an afterEach) undoes it.
 */
export function pinDate(at: Date): void {
  jest.useFakeTimers({
    now: at,
    doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"],
  });
}

/** Lets promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/**
 * The requests in flight through a dispatcher: sent, and their whole answer (or error) not yet received. Give its
 * `dispatcher` to the clients whose time `drive` moves.
 */
export class Traffic {
  open = 0;
  readonly dispatcher: Dispatcher = new Agent().compose((dispatch) => (options, handler) => {
    this.open++;
    let counted = true;
    const done = () => {
      if (counted) this.open--;
      counted = false;
    };
    return dispatch(options, {
      onRequestStart: (...args) => handler.onRequestStart?.(...args),
      onRequestUpgrade: (...args) => handler.onRequestUpgrade?.(...args),
      onResponseStart: (...args) => handler.onResponseStart?.(...args),
      onResponseData: (...args) => handler.onResponseData?.(...args),
      onResponseEnd: (...args) => (done(), handler.onResponseEnd?.(...args)),
      onResponseError: (...args) => (done(), handler.onResponseError?.(...args)),
    });
  });

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

/**
 * Waits for `work` as an idle machine would run it on `clock`: time moves on to the next timer only when nothing is
 * in flight on `traffic` and every callback that follows an answer has run. With the local API on the same clock
 * (its `clock` option), every answer comes at once in the clock's time however slow this machine is, so what a test
 * sees never depends on how long anything took.
 */
export async function drive<T>(clock: FakeClock, traffic: Traffic, work: Promise<T>): Promise<T> {
  let done = false;
  const finished = work.finally(() => (done = true));
  finished.catch(() => undefined); // returned below
  while (!done) {
    if (traffic.open > 0) {
      await new Promise((resolve) => setTimeout(resolve, 1)); // a real answer on its way
      continue;
    }
    // what follows an answer (the budget learns, the next request leaves) runs before the clock moves
    await turns(3);
    if (done || traffic.open > 0) continue;
    if (!(await clock.next())) {
      await turns(3);
      if (!done && traffic.open === 0 && clock.pending === 0) throw new Error("nothing in flight and no timer set: the work cannot finish");
    }
  }
  return finished;
}

/**
 * Waits until whatever the last clock move let leave has been answered: a request sent then reaches the local API
 * before a test counts what it received.
 */
export async function answered(traffic: Traffic): Promise<void> {
  await turns(3);
  while (traffic.open > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  await turns(3);
}

/** Turns of the event loop: every callback already due (a stream's end, a promise's continuation) runs. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}
