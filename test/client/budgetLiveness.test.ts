import { CloudflareWaitError, Pacer, RateBudget, type Answered, type BudgetRequest } from "../../provider/client";
import { FakeClock, settle } from "../support/clock";

/** What an answer says: `r` left, more in `t` seconds, of a quota of 100 (reserve 10% → 10 kept back). */
const stated = (r: number, t = 30) => ({ ratelimit: `"default";r=${r};t=${t}`, "ratelimit-policy": `"default";q=100;w=300` });

/** A budget on a fake clock, and the requests it lets leave, each answered by hand. */
function harness() {
  const clock = new FakeClock();
  const budget = new RateBudget({ reserve: 0.1, fallback: new Pacer(1000, 1000), guard: new Pacer(10_000, 10_000), maxInFlight: 1000, clock, random: () => 0 });
  const left: Array<{ id: string; at: number; answer: (headers: Record<string, string>) => void }> = [];
  const messages: string[] = [];
  const refused: Array<{ id: string; at: number; error: unknown }> = [];
  const request = (id: string, deadline = Number.POSITIVE_INFINITY): BudgetRequest => ({ request: { method: "GET", path: `/${id}` }, deadline, onWait: (m) => messages.push(m) });
  const sending = (id: string) => () => new Promise<Answered>((resolve) => left.push({ id, at: clock.now(), answer: (headers) => resolve({ headers }) }));
  const refuse = (id: string) => (error: unknown) => void refused.push({ id, at: clock.now(), error });
  const write = (id: string, deadline?: number) => void budget.write(request(id, deadline), sending(id)).catch(refuse(id));
  const read = (id: string, deadline?: number) => void budget.read(request(id, deadline), sending(id)).catch(refuse(id));
  /** A read its write follows as soon as the read is answered (an organization's rewrite). */
  const rewrite = (id: string) =>
    void budget
      .pair(async (r, w) => {
        await r(request(`${id}.read`), sending(`${id}.read`));
        await w(request(`${id}.write`), sending(`${id}.write`));
      })
      .catch(refuse(id));
  const answer = async (id: string, headers: Record<string, string>) => {
    const index = left.findIndex((l) => l.id === id);
    left[index]!.answer(headers);
    await settle();
  };
  return { clock, budget, left, messages, refused, write, read, rewrite, answer, ids: () => left.map((l) => l.id) };
}

describe("RateBudget liveness: every waiter gets a wake-up", () => {
  it("a write that completes an answered read is not queued behind a write waiting for the request that read keeps (the red team's stall)", async () => {
    const { clock, messages, refused, write, rewrite, answer, ids } = harness();
    write("first");
    await settle();
    await answer("first", stated(13));
    rewrite("orgB");
    write("revokeA");
    write("revokeB");
    await settle();
    // orgB's read counts twice (its write will follow): 13 − 10 kept − 2 = 1 left for revokeA; revokeB waits, announced
    expect(ids()).toEqual(["first", "orgB.read", "revokeA"]);
    expect(messages).toHaveLength(1);
    await answer("revokeA", stated(12));
    // the slow read answers while revokeB sleeps: it keeps one request for its write
    await answer("orgB.read", stated(11));
    // its write spends what the read kept at once, whatever waits in front of it
    expect(ids()).toEqual(["first", "orgB.read", "revokeA", "orgB.write"]);
    await answer("orgB.write", stated(10));
    // revokeB wakes when more is available (30 s after the last answer) and probes
    await clock.advance(29_999);
    expect(ids()).toHaveLength(4);
    await clock.advance(1);
    expect(ids()).toEqual(["first", "orgB.read", "revokeA", "orgB.write", "revokeB"]);
    expect(refused).toEqual([]);
    expect(messages).toHaveLength(1);
  });

  it("a request queued behind another's long wait fails at its own deadline instead of outliving it", async () => {
    const { clock, refused, write, read, answer, ids } = harness();
    write("first");
    await settle();
    await answer("first", stated(10, 200));
    read("patient", 300_000);
    read("hurried", 60_000);
    await settle();
    await clock.advance(59_999);
    expect(refused).toEqual([]);
    await clock.advance(1);
    expect(refused.map((r) => [r.id, r.at])).toEqual([["hurried", 60_000]]);
    expect(refused[0]!.error).toBeInstanceOf(CloudflareWaitError);
    expect(String(refused[0]!.error)).toContain("GET /hurried not sent: it waited 60.0s for the rate budget and reached the operation's deadline");
    await clock.advance(140_000);
    expect(ids()).toEqual(["first", "patient"]);
  });

  it("a request waiting for answers in flight (no timer of the budget's own) still fails at its deadline", async () => {
    const { clock, refused, write, read, answer, ids } = harness();
    write("first");
    await settle();
    await answer("first", stated(10, 1));
    await clock.advance(1_000);
    read("probe");
    read("behind", 6_000);
    await settle();
    // the budget is stale: one probe is in flight, and nothing else may leave until it answers
    expect(ids()).toEqual(["first", "probe"]);
    await clock.advance(4_999);
    expect(refused).toEqual([]);
    await clock.advance(1);
    expect(refused.map((r) => r.id)).toEqual(["behind"]);
  });
});

it("a request whose deadline has come by the time it asks is not sent, even with budget to spare", async () => {
  const { clock, refused, read, ids } = harness();
  await clock.advance(1_000);
  read("late", 1_000);
  await settle();
  expect(ids()).toEqual([]);
  expect(String(refused[0]?.error)).toContain("GET /late not sent: it waited 0.0s for the rate budget and reached the operation's deadline");
});
