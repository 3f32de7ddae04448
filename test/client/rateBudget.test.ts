import { CloudflareWaitError, MAX_WAIT_MS, Pacer, RateBudget, type Answered, type BudgetRequest, type RateBudgetOptions } from "../../provider/client";
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
  /** Requests that left, in order, each with the means to answer it (with headers) or to fail it (no answer). */
  const left: Array<{ id: string; at: number; answer: (headers: Record<string, string>) => void; fail: () => void }> = [];
  const messages: string[] = [];
  const refused: Array<{ id: string; error: unknown }> = [];
  const request = (id: string, deadline = Number.POSITIVE_INFINITY): BudgetRequest => ({
    request: { method: "GET", path: `/${id}` },
    deadline,
    onWait: (m) => messages.push(m),
  });
  const sending = (id: string) => () =>
    new Promise<Answered>((resolve, reject) =>
      left.push({ id, at: clock.now(), answer: (headers) => resolve({ headers }), fail: () => reject(new Error("no answer")) }),
    );
  const refuse = (id: string) => (error: unknown) => void refused.push({ id, error });
  const send = (id: string, write = false, deadline?: number) =>
    void (write ? budget.write(request(id, deadline), sending(id)) : budget.read(request(id, deadline), sending(id))).catch(refuse(id));
  const sendMany = (count: number, write = false, prefix = write ? "w" : "r") => {
    for (let i = 0; i < count; i++) send(`${prefix}${i}`, write);
  };
  /** A read a write will follow: it reads, then writes or not, as the test decides. */
  const pair = (id: string) => {
    let decide!: (write: boolean) => void;
    const decided = new Promise<boolean>((resolve) => (decide = resolve));
    void budget
      .pair(async (read, write) => {
        await read(request(`${id}.read`), sending(`${id}.read`));
        if (await decided) await write(request(`${id}.write`), sending(`${id}.write`));
      })
      .catch(refuse(id));
    return { write: () => decide(true), skip: () => decide(false) };
  };
  /** Sends one write and answers it with `headers`, so the budget knows what the API stated. */
  const learn = async (headers: Record<string, string>) => {
    send("first", true);
    await settle();
    left.pop()!.answer(headers);
    await settle();
  };
  return { clock, budget, left, messages, refused, send, sendMany, pair, learn };
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
    left[0]!.answer(stated(10, 10));
    await settle();
    await clock.advance(9_999);
    expect(left).toHaveLength(1);
    expect(messages).toEqual(["Cloudflare rate budget: 10 of 100 requests left for this token, 10 kept for others; waiting 10.0s until more is available"]);
    await clock.advance(1);
    // one probe finds out how much is available now
    expect(left).toHaveLength(2);
    await clock.advance(5_000);
    expect(left).toHaveLength(2);
    left[1]!.answer(stated(99, 60));
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
    const { left, pair, learn } = setup();
    await learn(stated(14));
    const pairs = ["a", "b", "c", "d", "e"].map(pair); // 4 above the reserve, and each such read counts twice
    await settle();
    expect(left.map((l) => l.id)).toEqual(["a.read", "b.read"]);
    for (const read of [...left]) read.answer(stated(12));
    await settle();
    pairs[0]!.write();
    pairs[1]!.write();
    await settle();
    // both writes spend what their reads kept; the reads still queued do not
    expect(left.map((l) => l.id)).toEqual(["a.read", "b.read", "a.write", "b.write"]);
  });

  it("a read no write follows keeps nothing: an audit spends one request per read", async () => {
    const { left, sendMany, learn } = setup();
    await learn(stated(14));
    sendMany(5);
    await settle();
    expect(left.map((l) => l.id)).toEqual(["r0", "r1", "r2", "r3"]);
  });

  it("a read whose caller writes nothing gives back what it kept at once", async () => {
    const { left, pair, sendMany, learn } = setup();
    await learn(stated(14));
    const a = pair("a");
    await settle();
    left[0]!.answer(stated(13));
    await settle();
    sendMany(3);
    await settle();
    // 13 stated, 10 kept back, 1 kept for a's write: 2 reads
    expect(left.map((l) => l.id)).toEqual(["a.read", "r0", "r1"]);
    a.skip();
    await settle();
    expect(left.map((l) => l.id)).toEqual(["a.read", "r0", "r1", "r2"]);
  });

  it("lets a write that completes a read spend from the reserve, never past the quota", async () => {
    const { left, pair, learn } = setup();
    await learn(stated(14));
    const pairs = [pair("a"), pair("b")];
    await settle();
    // the answers say someone else spent the rest: 1 left, within the reserve
    for (const read of [...left]) read.answer(stated(1));
    await settle();
    pairs.forEach((p) => p.write());
    await settle();
    // the first write completes its read; the second would go past the quota
    expect(left.map((l) => l.id)).toEqual(["a.read", "b.read", "a.write"]);
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
    left[0]!.answer(stated(90));
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
    left[0]!.answer(stated(89));
    await settle();
    expect(left).toHaveLength(5);
  });

  it("a pause holds every caller, then one probe goes, then the rest in order at the rate: no waiter takes two places", async () => {
    const { clock, budget, left, sendMany } = setup({ cap: new Pacer(10, 1) });
    sendMany(6, true);
    await settle();
    expect(left.map((l) => l.id)).toEqual(["w0"]);
    budget.pauseFor(1_000, "HTTP 429 with Retry-After 1s");
    await clock.advance(999);
    expect(left).toHaveLength(1);
    await clock.advance(1);
    expect(left.map((l) => [l.id, l.at])).toEqual([["w0", 0], ["w1", 1_000]]);
    left[1]!.answer({});
    await settle();
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
    left[0]!.fail();
    await settle();
    // 12 stated, less the unanswered one and the one in flight: nothing above the reserve
    expect(left).toHaveLength(2);
  });

  describe("a wait that cannot end in time fails the request at once, naming what Cloudflare said", () => {
    it.each([
      ["a day", 86_400],
      ["past Node's timer limit (2^31-1 ms)", 3_000_000],
    ])("a reset of %s: refused, no timer set", async (_what, t) => {
      const { clock, left, refused, send, learn, messages } = setup();
      await learn(stated(0, t));
      send("r0", false, 600_000);
      await settle();
      expect(left).toEqual([]);
      expect(refused).toEqual([{ id: "r0", error: expect.any(CloudflareWaitError) }]);
      const error = refused[0]!.error as CloudflareWaitError;
      expect(error).toMatchObject({ method: "GET", path: "/r0", reason: `Ratelimit r=0;t=${t}`, allowedMs: MAX_WAIT_MS });
      expect(error.message).toBe(
        `Cloudflare API GET /r0 not sent: the rate budget would wait ${t.toFixed(1)}s (Ratelimit r=0;t=${t}), ` +
          "longer than the 360.0s this operation may still wait",
      );
      expect(clock.pending).toBe(0);
      expect(messages).toEqual([]);
    });

    it("bounds every wait by the longest wait allowed, even without a deadline", async () => {
      const { refused, send, learn } = setup();
      await learn(stated(0, MAX_WAIT_MS / 1000 + 60));
      send("r0");
      await settle();
      expect(refused).toEqual([{ id: "r0", error: expect.objectContaining({ allowedMs: MAX_WAIT_MS }) }]);
    });

    it("bounds it by what is left of the request's deadline, and waits (announced) when it can end in time", async () => {
      const { clock, left, refused, send, learn, messages } = setup();
      await learn(stated(0, 30));
      send("late", false, 20_000);
      send("on time", false, 40_000);
      await settle();
      expect(refused.map((r) => r.id)).toEqual(["late"]);
      expect(messages).toEqual(["Cloudflare rate budget: 0 of 100 requests left for this token, 10 kept for others; waiting 30.0s until more is available"]);
      await clock.advance(29_999);
      expect(left).toEqual([]);
      await clock.advance(1);
      expect(left.map((l) => l.id)).toEqual(["on time"]);
    });

    it("a pause for a 429 that outlasts a waiting request's deadline refuses it, naming the 429", async () => {
      const { budget, refused, send } = setup();
      budget.pauseFor(300_000, "HTTP 429 with Retry-After 300s");
      send("r0", true, 60_000);
      await settle();
      expect(refused[0]!.error).toMatchObject({ reason: "HTTP 429 with Retry-After 300s", waitMs: 300_000, allowedMs: 60_000 });
    });
  });
});
