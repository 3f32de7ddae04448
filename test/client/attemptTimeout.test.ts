import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { CloudflareClient, CloudflareNetworkError, resolveSettings, type ClientSettings } from "../../provider/client";
import { ACCOUNT } from "../support/client";
import { FakeClock } from "../support/clock";

/**
 * An attempt is limited as a whole, headers and body: an answer that starts at once and then drips a byte at a time
 * (which undici's idle timeouts never catch) is abandoned at CLOUDFLARE_TIMEOUT as a timeout and retried, and no
 * attempt outlives its operation's deadline. Time is the client's fake clock; the server drips on the real one, and
 * the test only lets I/O happen between steps (it asserts nothing about how long anything takes).
 */

const PATH = `/accounts/${ACCOUNT}/access/organizations`;

/** Answers every request with 200 and its headers at once, then one byte of body at a time, forever. */
async function drippingServer() {
  const state = { requests: 0, drips: 0 };
  const server: Server = createServer((_request, res) => {
    state.requests++;
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"success":true,');
    const drip = setInterval(() => {
      res.write(" ");
      state.drips++;
    }, 5);
    res.on("close", () => clearInterval(drip));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { state, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`, close };
}

/** Lets I/O happen until `condition` holds (a guard against a hung test, not a timing assertion). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`never happened: ${what}`);
}

describe("an attempt is limited as a whole", () => {
  let server: Awaited<ReturnType<typeof drippingServer>>;
  let dispatcher: Agent;
  beforeEach(async () => {
    server = await drippingServer();
    dispatcher = new Agent();
  });
  afterEach(async () => {
    await dispatcher.destroy();
    await server.close();
  });

  function start(overrides: Partial<ClientSettings>, timeout: number, retries: number) {
    const clock = new FakeClock();
    const events: string[] = [];
    const settings = { ...resolveSettings({ origin: "options", values: { apiToken: "t-drip-123", baseUrl: server.baseUrl, rps: 1000, minBackoff: 0.01, maxBackoff: 0.05, timeout, retries } }), ...overrides };
    const client = new CloudflareClient(settings, { clock, dispatcher, random: () => 0, onEvent: (e) => events.push(`${e.kind}: ${e.message}`) });
    const outcome: { error?: unknown; at?: number } = {};
    const done = client.getOrganization({ kind: "accounts", id: ACCOUNT }).then(
      () => void (outcome.error = new Error("a dripping answer was taken as complete")),
      (error: unknown) => Object.assign(outcome, { error, at: clock.now() }),
    );
    /** Waits until the server has sent the `n`th request's headers and dripped some of its body. */
    const dripping = async (n: number) => {
      const from = server.state.drips;
      await until(() => server.state.requests === n && server.state.drips >= from + 3, `request ${n} dripping`);
    };
    return { clock, events, outcome, done, dripping };
  }

  it("abandons an answer still dripping at CLOUDFLARE_TIMEOUT, as a timeout, and retries it with the usual line", async () => {
    const { clock, events, outcome, done, dripping } = start({}, 3, 1);
    await dripping(1);
    await clock.advance(2_999);
    await dripping(1);
    expect(events).toEqual([]);
    await clock.advance(1);
    await until(() => events.length === 1, "the retry line");
    expect(events).toEqual([`retry: GET ${PATH}: UND_ERR_BODY_TIMEOUT, retry 1 of 1 in 0.0s`]);
    await clock.advance(5);
    await dripping(2);
    await clock.advance(3_000);
    await done;
    expect(outcome.error).toBeInstanceOf(CloudflareNetworkError);
    expect(String(outcome.error)).toContain(`GET ${PATH} failed without an answer (UND_ERR_BODY_TIMEOUT): HTTP 200, its body not complete within CLOUDFLARE_TIMEOUT (3s)`);
    expect(outcome.at).toBe(6_005);
    expect(server.state.requests).toBe(2);
  });

  it("cuts the last attempt at the operation's deadline and says so: the operation never outlives it", async () => {
    const { clock, events, outcome, done, dripping } = start({ deadlineMs: 5_000 }, 3, 4);
    await dripping(1);
    await clock.advance(3_000);
    await until(() => events.length === 1, "the retry line");
    await clock.advance(5);
    await dripping(2);
    // 1,995 ms are left of the deadline: the second attempt may take no more
    await clock.advance(1_994);
    await dripping(2);
    expect(outcome.error).toBeUndefined();
    await clock.advance(1);
    await done;
    expect(String(outcome.error)).toContain(`GET ${PATH} failed without an answer (UND_ERR_BODY_TIMEOUT): HTTP 200, its body not complete within the operation's 5s deadline (2s left)`);
    expect(outcome.at).toBe(5_000);
    expect(events).toHaveLength(1);
  });
});
