import { Pacer, RateBudget, type Departure, type RateBudgetOptions } from "../../provider/client";
import { FakeClock, settle } from "../support/clock";

/** What an answer says: `r` left, more in `t` seconds, of a quota of `q` (reserve 10% → 10 kept back). */
const stated = (r: number, t = 10, q = 100) => ({ ratelimit: `"default";r=${r};t=${t}`, "ratelimit-policy": `"default";q=${q};w=60` });

function setup(options: Partial<RateBudgetOptions> = {}) {
  const clock = new FakeClock();
  const budget = new RateBudget({
    reserve: 0.1,
    fallback: new Pacer(3, 2),
    guard: new Pacer(10_000, 10_000),
    maxInFlight: 1000,
    clock,
    random: () => 0,
    ...options,
  });
  const left: Array<{ id: string; at: number; departure: Departure }> = [];
  const messages: string[] = [];
  const send = (id: string, write = false) =>
    void budget.acquire({ write, onWait: (m) => messages.push(m) }).then((departure) => left.push({ id, at: clock.now(), departure }));
  const sendMany = (count: number, write = false, prefix = write ? "w" : "r") => {
    for (let i = 0; i < count; i++) send(`${prefix}${i}`, write);
  };
  /** Sends one write and settles it with `headers`, so the budget knows what the API stated. */
  const learn = async (headers: Record<string, string>) => {
    send("first", true);
    await settle();
    left.pop()!.departure.settle(headers);
    await settle();
  };
  return { clock, budget, left, messages, send, sendMany, learn };
}

describe("RateBudget", () => {
  it("sends everything at once while the stated budget, less what is in flight, stays above the reserve", async () => {
    const { left, sendMany, learn } = setup();
    await learn(stated(50));
    sendMany(60, true);
    await settle();
    // 50 left, 10 kept back: 40 may be in flight at once, the rest wait
    expect(left).toHaveLength(40);
    expect(left.every((l) => l.at === 0)).toBe(true);
  });

  it("waits at the reserve until more is available, then sends one probe, then resumes at full speed", async () => {
    const { clock, left, messages, sendMany, learn } = setup();
    await learn(stated(11, 10));
    sendMany(30, true);
    await settle();
    expect(left).toHaveLength(1);
    left[0]!.departure.settle(stated(10, 10));
    await clock.advance(9_999);
    expect(left).toHaveLength(1);
    expect(messages).toEqual(["Cloudflare rate budget: 10 of 100 requests left for this token, 10 kept for others; waiting 10.0s until more is available"]);
    await clock.advance(1);
    // one probe finds out how much is available now
    expect(left).toHaveLength(2);
    await clock.advance(5_000);
    expect(left).toHaveLength(2);
    left[1]!.departure.settle(stated(99, 60));
    await settle();
    expect(left).toHaveLength(30);
    expect(messages).toHaveLength(1);
  });

  it("spreads the wake-up of processes waiting on one token with jitter (at most a tenth of the wait, at most 1 s)", async () => {
    const wakeUps = [];
    for (const random of [0, 0.5, 0.999]) {
      const { clock, left, sendMany, learn } = setup({ random: () => random });
      await learn(stated(10, 4));
      sendMany(3, true);
      await clock.advance(3_990);
      while (left.length === 0 && clock.now() < 10_000) await clock.advance(10);
      wakeUps.push(clock.now());
      expect(left).toHaveLength(1);
    }
    // a wait of 4 s: up to 0.4 s of jitter
    expect(wakeUps).toEqual([4_000, 4_200, 4_400]);
  });

  it("keeps a request for the write that follows each read, so the write never waits a window behind new reads", async () => {
    const { left, sendMany, send, learn } = setup();
    await learn(stated(14));
    sendMany(5); // reads: 4 above the reserve, and each read counts twice
    await settle();
    expect(left.map((l) => l.id)).toEqual(["r0", "r1"]);
    for (const read of left) read.departure.settle(stated(12));
    send("w0", true);
    send("w1", true);
    await settle();
    // both writes spend what their reads kept; the reads still queued do not
    expect(left.map((l) => l.id)).toEqual(["r0", "r1", "w0", "w1"]);
  });

  it("lets a write that completes a read spend from the reserve, never past the quota", async () => {
    const { left, send, sendMany, learn } = setup();
    await learn(stated(14));
    sendMany(2);
    await settle();
    // the answers say someone else spent the rest: 1 left, within the reserve
    for (const read of left) read.departure.settle(stated(1));
    send("w0", true);
    send("w1", true);
    await settle();
    // the first write completes its read; the second would go past the quota
    expect(left.map((l) => l.id)).toEqual(["r0", "r1", "w0"]);
  });

  it("sends writes before reads that queued earlier", async () => {
    const { clock, left, send, learn } = setup();
    await learn(stated(10, 2));
    send("r0");
    send("w0", true);
    await clock.advance(2_000);
    expect(left.map((l) => l.id)).toEqual(["w0"]);
  });

  it("paces at the fallback rate while answers state no budget, and goes back to it when they stop", async () => {
    const { clock, left, sendMany, learn } = setup();
    sendMany(4, true);
    await settle();
    // a burst of 2, then 3/s
    expect(left.map((l) => l.at)).toEqual([0, 0]);
    await clock.advance(334);
    expect(left.map((l) => Math.round(l.at))).toEqual([0, 0, 333]);
    left[0]!.departure.settle(stated(90));
    await settle();
    expect(left).toHaveLength(4);
    await learn({});
    sendMany(2, true, "x");
    await settle();
    expect(left).toHaveLength(4);
  });

  it("an explicit rate stays a hard cap when the budget would allow more", async () => {
    const { clock, left, sendMany, learn } = setup({ cap: new Pacer(10, 1) });
    await learn(stated(90));
    sendMany(3, true);
    await clock.advance(1_000);
    expect(left.map((l) => l.at)).toEqual([100, 200, 300]);
  });

  it("caps the requests in flight", async () => {
    const { left, sendMany, learn } = setup({ maxInFlight: 4 });
    await learn(stated(90));
    sendMany(6, true);
    await settle();
    expect(left).toHaveLength(4);
    left[0]!.departure.settle(stated(89));
    await settle();
    expect(left).toHaveLength(5);
  });

  it("a pause holds every caller, then one probe goes, then the rest in order at the rate: no waiter takes two places", async () => {
    const { clock, budget, left, sendMany } = setup({ cap: new Pacer(10, 1) });
    sendMany(6, true);
    await settle();
    expect(left.map((l) => l.id)).toEqual(["w0"]);
    budget.pauseFor(1_000);
    await clock.advance(999);
    expect(left).toHaveLength(1);
    await clock.advance(1);
    expect(left.map((l) => [l.id, l.at])).toEqual([["w0", 0], ["w1", 1_000]]);
    left[1]!.departure.settle({});
    await clock.advance(1_000);
    expect(left.map((l) => [l.id, l.at])).toEqual([["w0", 0], ["w1", 1_000], ["w2", 1_100], ["w3", 1_200], ["w4", 1_300], ["w5", 1_400]]);
  });

  it("after an event-loop stall, requests queued before it leave at the rate, not together", async () => {
    const { clock, left, sendMany } = setup({ cap: new Pacer(20, 2) });
    sendMany(10, true);
    await settle();
    expect(left).toHaveLength(2);
    // the host's first Create loads modules for ~0.36 s; every timer fires after it
    await clock.stall(360);
    // at most the burst together (a limiter that booked slots ahead sent all 8 due by then)
    expect(left.filter((l) => l.at === 360)).toHaveLength(2);
    await clock.advance(200);
    expect(left.map((l) => l.at)).toEqual([0, 0, 360, 360, 410, 460, 510, 560]);
  });

  it("counts a request that got no answer against the budget", async () => {
    const { left, sendMany, learn } = setup();
    await learn(stated(12));
    sendMany(3, true);
    await settle();
    expect(left).toHaveLength(2);
    left[0]!.departure.settle();
    await settle();
    // 12 stated, less the unanswered one and the one in flight: nothing above the reserve
    expect(left).toHaveLength(2);
  });
});
