/**
 * `npm run bench`: how fast a rollout goes at the rate limit, measured in one run.
 *
 * The fake Cloudflare API answers in 30–80 ms and enforces Cloudflare's limit scaled down 60×: 300 requests per
 * 5-second window per token (60/s), then 429s for a 5-second lockout. Rollouts adopt N existing organizations
 * through Pulumi's dynamic-provider host, with the engine's default concurrency (4 × cores steps at once), and
 * the same rollout runs with a naive client as the baseline: no shared limiter, and the official TypeScript SDK's
 * retry rules (2 retries, 0.5–8 s backoff, Retry-After ignored from 60 s on), its times scaled down like the limit.
 * The floor is the time the limit itself imposes: the requests a rollout needs ÷ the allowed rate.
 */
import { cpus } from "node:os";
import { Agent, interceptors, request, type RetryHandler } from "undici";
import { ZeroTrustOrganization } from "../provider";
import { FAKE_TOKEN, FakeCloudflare } from "../provider/testing/server";
import { ProviderHost, urnOf } from "../provider/testing/host";
import { serializedResource } from "../provider/testing/program";

const LIMIT = { limit: 300, windowMs: 5000, lockoutMs: 5000 };
const ALLOWED_RPS = LIMIT.limit / (LIMIT.windowMs / 1000);
/** What a user would set for this budget: burst 2 + 58/s × 5 s = 292 ≤ 300 in any window. */
const CLIENT_RPS = 58;
const LATENCY: [number, number] = [30, 80];
const CONCURRENCY = 4 * cpus().length;
/** Cloudflare's 5-minute window and lockout, in the bench's 5 seconds. */
const TIME_SCALE = 300 / (LIMIT.windowMs / 1000);
const SIZES = (process.env.BENCH_SIZES ?? "50,200,1000").split(",").map(Number);

type Props = Record<string, unknown>;
interface RolloutResult {
  client: "shared" | "naive";
  n: number;
  requests: number;
  wallS: number;
  floorS: number;
  rateLimited: number;
  lockouts: number;
  failed: number;
}

const accountId = (i: number) => i.toString(16).padStart(32, "0");

async function main(): Promise<void> {
  const fake = await FakeCloudflare.start({ latencyMs: LATENCY });
  const { type, provider } = await serializedResource(() => new ZeroTrustOrganization("probe", { accountId: accountId(0), sessionDuration: "1h" }));
  const log = (line = "") => process.stdout.write(`${line}\n`);
  log(`Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}. Engine concurrency: ${CONCURRENCY} steps.`);
  log(`Fake API: ${LATENCY.join("–")} ms latency; limit ${LIMIT.limit} requests / ${LIMIT.windowMs / 1000} s (${ALLOWED_RPS}/s), ${LIMIT.lockoutMs / 1000} s lockout. CLOUDFLARE_RPS=${CLIENT_RPS}.`);
  try {
    log();
    log("Rollouts (adopting N existing organizations; each needs a read and a write):");
    log(row(["N", "client", "requests", "wall s", "floor s", "wall/floor", "429s", "lockouts", "failed"]));
    const results: RolloutResult[] = [];
    for (const n of SIZES) {
      for (const client of ["shared", "naive"] as const) {
        prepare(fake, n);
        const result = client === "shared" ? await sharedRollout(fake, type, provider, n) : await naiveRollout(fake, n);
        results.push(result);
        log(row([n, client, result.requests, result.wallS.toFixed(1), result.floorS.toFixed(1), (result.wallS / result.floorS).toFixed(2), result.rateLimited, result.lockouts, result.failed]));
        // let any lockout expire before the next run
        await new Promise((resolve) => setTimeout(resolve, LIMIT.lockoutMs));
      }
    }
    const shared = results.filter((r) => r.client === "shared");
    const perResource = shared.map((r) => `N=${r.n}: ${((r.wallS / r.n) * 1000).toFixed(1)} ms`);
    log();
    const growth = `N ×${shared.at(-1)!.n / shared[0]!.n} → time ×${(shared.at(-1)!.wallS / shared[0]!.wallS).toFixed(1)}`;
    log(`Growth (shared client, wall time per resource): ${perResource.join(", ")}; ${growth}.`);

    log();
    await callCounts(fake, type, provider, log);
    await hostOverhead(fake, type, provider, log);
  } finally {
    await fake.close();
  }
}

/** N hand-made organizations, and the lockout state of the last run forgotten. */
function prepare(fake: FakeCloudflare, n: number): void {
  fake.reset();
  fake.configure({ rateLimit: LIMIT, latencyMs: LATENCY });
  for (let i = 1; i <= n; i++) {
    fake.seedOrganization("accounts", accountId(i), { name: `Org ${i}`, auth_domain: `org-${i}.cloudflareaccess.com`, session_duration: "24h" });
  }
}

/** Runs `work` over 1..n with `CONCURRENCY` workers, as the engine schedules independent steps. */
async function engine(n: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 1;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i <= n; i = next++) await work(i).catch(() => failed++);
    }),
  );
  return failed;
}

async function sharedRollout(fake: FakeCloudflare, type: string, provider: string, n: number): Promise<RolloutResult> {
  const host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl, CLOUDFLARE_RPS: String(CLIENT_RPS) } });
  try {
    await host.configure({});
    const started = performance.now();
    const failed = await engine(n, async (i) => {
      const urn = urnOf(type, `org-${i}`);
      const checked = await host.check(urn, {}, { accountId: accountId(i), sessionDuration: "12h", mfaRequiredForAllApps: false, __provider: provider });
      await host.create(urn, checked.inputs);
    });
    return result("shared", fake, n, started, failed);
  } finally {
    await host.stop();
  }
}

/** The official TypeScript SDK's rules, time-scaled: 2 retries; Retry-After only when under 60 s; else 0.5–8 s backoff. */
const sdkRetry: RetryHandler.RetryCallback = (err, { state }, done) => {
  const { statusCode, headers } = err as Error & { statusCode?: number; headers?: Record<string, string> };
  if (state.counter > 2 || (statusCode !== undefined && statusCode !== 429 && statusCode < 500)) return done(err);
  const retryAfterMs = Number(headers?.["retry-after"]) * 1000;
  const backoffMs = Math.min(500 * 2 ** (state.counter - 1), 8000) * (1 - Math.random() * 0.25);
  const waitMs = retryAfterMs > 0 && retryAfterMs < 60_000 / TIME_SCALE ? retryAfterMs : backoffMs / TIME_SCALE;
  setTimeout(() => done(null), waitMs);
};

/** The baseline: every step on its own, retrying as the official SDK does, with no limiter. */
async function naiveRollout(fake: FakeCloudflare, n: number): Promise<RolloutResult> {
  const dispatcher = new Agent().compose(interceptors.retry({ retry: sdkRetry }));
  const headers = { authorization: `Bearer ${FAKE_TOKEN}`, "content-type": "application/json" };
  const started = performance.now();
  const failed = await engine(n, async (i) => {
    const url = `${fake.baseUrl}/accounts/${accountId(i)}/access/organizations`;
    const got = await request(url, { dispatcher, headers });
    const org = ((await got.body.json()) as { result: Props }).result;
    if (got.statusCode !== 200) throw new Error(`GET ${got.statusCode}`);
    const { created_at: _c, updated_at: _u, ...body } = org;
    const put = await request(url, { dispatcher, method: "PUT", headers, body: JSON.stringify({ ...body, session_duration: "12h", ui_read_only_toggle_reason: undefined }) });
    await put.body.dump();
    if (put.statusCode !== 200) throw new Error(`PUT ${put.statusCode}`);
  });
  await dispatcher.close();
  return result("naive", fake, n, started, failed);
}

function result(client: RolloutResult["client"], fake: FakeCloudflare, n: number, started: number, failed: number): RolloutResult {
  return {
    client,
    n,
    requests: fake.stats.requests,
    wallS: (performance.now() - started) / 1000,
    floorS: (2 * n) / ALLOWED_RPS,
    rateLimited: fake.stats.rateLimited,
    lockouts: fake.stats.lockouts,
    failed,
  };
}

/** API calls per operation, counted at the fake. */
async function callCounts(fake: FakeCloudflare, type: string, provider: string, log: (line?: string) => void): Promise<void> {
  prepare(fake, 1);
  fake.configure({ rateLimit: undefined, latencyMs: [0, 0] });
  const host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl } });
  try {
    await host.configure({});
    const urn = urnOf(type, "org");
    const count = async (work: () => Promise<unknown>) => {
      const before = fake.stats.requests;
      const value = await work();
      return { calls: fake.stats.requests - before, value };
    };
    const inputs = (await host.check(urn, {}, { accountId: accountId(1), sessionDuration: "12h", __provider: provider })).inputs;
    const create = await count(() => host.create(urn, inputs));
    const outputs = (create.value as { properties: Props }).properties;
    const preview = await count(async () => {
      const checked = await host.check(urn, inputs, inputs);
      return host.diff("id", urn, outputs, checked.inputs);
    });
    const news = { ...inputs, sessionDuration: "6h" };
    const update = await count(() => host.update("id", urn, outputs, news));
    const refresh = await count(() => host.read("id", urn, outputs));
    log("API calls per operation:");
    log(`  create (adopt) ${create.calls}, update ${update.calls}, no-op preview (check + diff) ${preview.calls}, refresh ${refresh.calls}`);
  } finally {
    await host.stop();
  }
}

/** The serialized provider's size, and what the host adds per call when no request is made. */
async function hostOverhead(fake: FakeCloudflare, type: string, provider: string, log: (line?: string) => void): Promise<void> {
  const host = await ProviderHost.start({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl } });
  try {
    await host.configure({});
    const urn = urnOf(type, "org");
    const news = { accountId: accountId(1), sessionDuration: "12h", mfaConfig: { allowedAuthenticators: ["totp", "security_key"] }, __provider: provider };
    const olds = { ...news, adopted: true };
    const calls = 500;
    await host.check(urn, {}, news); // load the implementation once
    let started = performance.now();
    for (let i = 0; i < calls; i++) await host.check(urn, {}, news);
    const checkMs = (performance.now() - started) / calls;
    started = performance.now();
    for (let i = 0; i < calls; i++) await host.diff("id", urn, olds, news);
    const diffMs = (performance.now() - started) / calls;
    log(`Serialized provider (__provider): ${Buffer.byteLength(provider)} bytes.`);
    log(`Host overhead without network: ${checkMs.toFixed(2)} ms per Check, ${diffMs.toFixed(2)} ms per Diff (gRPC round trip included, ${calls} calls each).`);
  } finally {
    await host.stop();
  }
}

function row(cells: Array<string | number>): string {
  return cells.map((c, i) => String(c).padStart(i === 1 ? 7 : 9)).join(" ");
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
