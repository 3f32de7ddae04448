/**
 * `npm run bench`: rollouts at Cloudflare's rate limit, side by side in one run (`npm run bench -- --help`).
 *
 * The local API mirrors Cloudflare's limit with time scaled down by `scale` (default 15): a quota of 1,200
 * requests per token per window of 300 s ÷ scale (20 s), started by the first request after the last window ended;
 * every answer states the budget (`Ratelimit: "default";r=…;t=…`, `Ratelimit-Policy: "default";q=1200;w=…`); the
 * request over the quota gets 429 with `Retry-After` and locks the token out for 300 s ÷ scale. It answers in
 * 50–150 ms (`latency`). Cloudflare's 200 requests/s per IP is not scaled (this package stays at 100/s per process).
 * At scale 60 (1,200 per 5 s) the engine here cannot spend the quota within one window, so nothing would wait.
 *
 * Clients (each row is one of them, on fresh local-API state):
 * - this package: `ZeroTrustOrganization` adopting N existing organizations (a GET at Check for the adoption plan,
 *   then a GET and a PUT at Create) through
 *   Pulumi's dynamic-provider host, each resource a Check then a Create, at the engine's concurrency (4 × cores
 *   steps at once per process), default settings. Each host is started, configured and has loaded the provider
 *   (one Check) before the clock starts.
 * - static pacing: the same, as it behaved before the budget: no budget headers (the local API omits them) and
 *   `CLOUDFLARE_RPS` = the old default 3/s × scale.
 * - official SDK: the real TypeScript SDK (npm `cloudflare`) doing `zeroTrust.organizations.list` + `update` per
 *   account at the same concurrency, default retries (2; it sleeps whatever `Retry-After` says).
 * Scenarios: the token alone; 90% of the quota used by someone else just before the rollout; 2 and 4 processes
 * (separate hosts, N split evenly) on one token.
 *
 * ideal: the least time the workload needs: R requests (those the rollout needed: all but the 429s) on C lanes (the engine's concurrency × processes), each
 * request taking the local API's mean latency L, a lane doing one request at a time, and no request sent that the
 * quota forbids: at most 1,080 per window (the quota less the 10% reserve this package leaves for people; windows
 * counted as the local API counts them, the pre-used share in the first). Within the quota that is R × L / C; beyond
 * it, the waits for the next windows are added. It leaves out the host's own time and, after a wait, the probe and
 * the jitter. wall/ideal therefore measures what the client adds: pacing it did not need, or waits it caused.
 *
 * GET→PUT: per resource, the time from the GET its PUT was built from to that PUT, both as the local API received
 * them: the window in which someone else's change could be overwritten. Compare with the round trip L.
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import Cloudflare from "cloudflare";
import { ZeroTrustOrganization } from "../provider";
import { FAKE_TOKEN, FakeCloudflare, type RecordedRequest } from "../provider/testing/server";
import { ProviderHost, urnOf } from "../provider/testing/host";
import { serializedResource } from "../provider/testing/program";
import { ideal } from "./ideal";

const SETTINGS = {
  sizes: { env: "BENCH_SIZES", default: "50,200,1000", help: "rollout sizes N for the token alone" },
  preusedN: { env: "BENCH_PREUSED_N", default: "200", help: "N with 90% of the quota already used by someone else" },
  sharedN: { env: "BENCH_SHARED_N", default: "1000", help: "N split between 2 and 4 processes on one token" },
  scale: { env: "BENCH_SCALE", default: "15", help: "time scale: window and lockout are 300 s ÷ scale" },
  latency: { env: "BENCH_LATENCY", default: "50-150", help: "the local API's answer time, uniform between the bounds (ms)" },
  baselines: { env: "BENCH_BASELINES", default: "yes", help: "also run static pacing and the official SDK (yes/no)" },
} as const;
type Setting = keyof typeof SETTINGS;

const QUOTA = 1200;
const RESERVE = 0.1;
const CONCURRENCY = 4 * cpus().length;

type Client = "this package" | "static pacing" | "official SDK";
interface Scenario {
  readonly name: string;
  readonly n: number;
  readonly processes: number;
  readonly preUsed: number;
  readonly clients: readonly Client[];
}
interface Row {
  readonly scenario: Scenario;
  readonly client: Client;
  readonly requests: number;
  readonly wallS: number;
  readonly idealS: number;
  readonly rateLimited: number;
  readonly lockouts: number;
  readonly failed: number;
  readonly gaps: readonly number[];
  readonly waitLines: readonly string[];
}

interface Rollout {
  readonly failed: number;
  readonly wallMs: number;
  /** The budget's log lines the hosts printed. */
  readonly waitLines: readonly string[];
}

const accountId = (i: number) => i.toString(16).padStart(32, "0");
const log = (line = "") => process.stdout.write(`${line}\n`);

function settings(): Record<Setting, string> {
  const options = Object.fromEntries(Object.keys(SETTINGS).map((k) => [kebab(k), { type: "string" as const }]));
  const values: Record<string, string | boolean | undefined> = parseArgs({ options: { ...options, help: { type: "boolean" } } }).values;
  if (values.help) {
    log("npm run bench [-- --setting=value …]   (or the environment variable)\n");
    for (const [key, s] of Object.entries(SETTINGS)) log(`  --${kebab(key).padEnd(11)} ${s.env.padEnd(16)} ${s.help} (default ${s.default})`);
    process.exit(0);
  }
  return Object.fromEntries(
    (Object.keys(SETTINGS) as Setting[]).map((k) => [k, (values[kebab(k)] as string | undefined) ?? process.env[SETTINGS[k].env] ?? SETTINGS[k].default]),
  ) as Record<Setting, string>;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

async function main(): Promise<void> {
  const s = settings();
  const scale = Number(s.scale);
  const latency = s.latency.split("-").map(Number) as [number, number];
  const windowMs = 300_000 / scale;
  const limit = { limit: QUOTA, windowMs, lockoutMs: windowMs };
  const baselines: Client[] = s.baselines === "no" ? [] : ["static pacing", "official SDK"];
  const scenarios: Scenario[] = [
    ...s.sizes.split(",").map(Number).map((n) => ({ name: "alone", n, processes: 1, preUsed: 0, clients: ["this package", ...baselines] as Client[] })),
    { name: "90% pre-used", n: Number(s.preusedN), processes: 1, preUsed: 0.9 * QUOTA, clients: ["this package", ...baselines.slice(0, 1)] },
    { name: "2 processes", n: Number(s.sharedN), processes: 2, preUsed: 0, clients: ["this package"] },
    { name: "4 processes", n: Number(s.sharedN), processes: 4, preUsed: 0, clients: ["this package", ...baselines.slice(0, 1)] },
  ];

  const fake = await FakeCloudflare.start({ latencyMs: latency });
  const { type, provider } = await serializedResource(() => new ZeroTrustOrganization("probe", { accountId: accountId(0), sessionDuration: "1h" }));
  log(`Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} at the start.`);
  log(
    `Local API: ${latency.join("–")} ms per answer; quota ${QUOTA} per ${windowMs / 1000} s window per token (Cloudflare's 5 minutes ÷ ${scale}), ` +
      `${windowMs / 1000} s lockout. Engine concurrency ${CONCURRENCY} steps per process.`,
  );
  const meanLatency = (latency[0] + latency[1]) / 2;
  try {
    log();
    log(row(["scenario", "client", "N", "requests", "wall s", "ideal s", "wall/ideal", "429s", "lockouts", "failed", "GET→PUT p50", "p99 ms"]));
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      for (const client of scenario.clients) {
        prepare(fake, scenario, limit, client === "static pacing");
        const { failed, waitLines, wallMs } = await (client === "official SDK"
          ? sdkRollout(fake, scenario)
          : hostRollout(fake, type, provider, scenario, client === "static pacing" ? 3 * scale : undefined));
        const r: Row = {
          scenario,
          client,
          requests: fake.stats.requests,
          wallS: wallMs / 1000,
          idealS: ideal(fake.stats.requests - fake.stats.rateLimited, CONCURRENCY * scenario.processes, meanLatency, Math.floor(QUOTA * (1 - RESERVE)), windowMs, scenario.preUsed) / 1000,
          rateLimited: fake.stats.rateLimited,
          lockouts: fake.stats.lockouts,
          failed,
          gaps: readToWriteGaps(fake.requests),
          waitLines,
        };
        rows.push(r);
        log(row([scenario.name, client, scenario.n, r.requests, r.wallS.toFixed(1), r.idealS.toFixed(1), (r.wallS / r.idealS).toFixed(2), r.rateLimited, r.lockouts, r.failed, ...percentiles(r.gaps)]));
      }
    }
    log();
    log(`GET→PUT is measured at the local API; its round trip is ${latency.join("–")} ms (mean ${meanLatency}): the target is p99 ≤ ${2 * meanLatency} ms.`);
    const sample = rows.find((r) => r.client === "this package" && r.waitLines.length > 0);
    if (sample) log(`What a waiting rollout prints (${sample.scenario.name}, N=${sample.scenario.n}): ${sample.waitLines[0]}`);
    log(`Load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}.`);
    log();
    await callCounts(fake, type, provider);
    await hostOverhead(fake, type, provider);
  } finally {
    await fake.close();
  }
}

/** N hand-made organizations, and the quota as configured. */
function prepare(fake: FakeCloudflare, scenario: Scenario, limit: { limit: number; windowMs: number; lockoutMs: number }, withoutHeaders: boolean): void {
  fake.reset();
  fake.configure({ rateLimit: { ...limit, headers: !withoutHeaders } });
  for (let i = 1; i <= scenario.n; i++) {
    fake.seedOrganization("accounts", accountId(i), { name: `Org ${i}`, auth_domain: `org-${i}.cloudflareaccess.com`, session_duration: "24h" });
  }
}

/** Starts the clock, once someone else has used what the scenario says of the quota (in the ideal's first window). */
function startClock(fake: FakeCloudflare, scenario: Scenario): number {
  fake.useQuota(scenario.preUsed);
  return performance.now();
}

/** Runs `work` over `ids` with `CONCURRENCY` workers, as the engine schedules independent steps; returns the failures. */
async function engine(ids: readonly number[], work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) await work(ids[next++]!).catch(() => failed++);
    }),
  );
  return failed;
}

async function hostRollout(
  fake: FakeCloudflare,
  type: string,
  provider: string,
  scenario: Scenario,
  staticRps: number | undefined,
): Promise<Rollout> {
  const env = { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl, ...(staticRps === undefined ? {} : { CLOUDFLARE_RPS: String(staticRps) }) };
  const hosts = await Promise.all(Array.from({ length: scenario.processes }, () => ProviderHost.start({ env })));
  try {
    await Promise.all(
      hosts.map(async (host) => {
        await host.configure({});
        await host.check(urnOf(type, "warm-up"), {}, { accountId: accountId(0), __provider: provider });
      }),
    );
    const started = startClock(fake, scenario);
    const share = (p: number) => Array.from({ length: scenario.n }, (_, k) => k + 1).filter((i) => i % scenario.processes === p);
    const failures = await Promise.all(
      hosts.map((host, p) =>
        engine(share(p), async (i) => {
          const urn = urnOf(type, `org-${i}`);
          const checked = await host.check(urn, {}, { accountId: accountId(i), sessionDuration: "12h", __provider: provider });
          await host.create(urn, checked.inputs);
        }),
      ),
    );
    return {
      failed: failures.reduce((a, b) => a + b, 0),
      wallMs: performance.now() - started,
      waitLines: hosts.flatMap((h) => h.output.split("\n").filter((l) => l.includes("Cloudflare rate budget"))),
    };
  } finally {
    await Promise.all(hosts.map((h) => h.stop()));
  }
}

/** The official SDK, as a user would write the same rollout with it: read, change one setting, write back. */
async function sdkRollout(fake: FakeCloudflare, scenario: Scenario): Promise<Rollout> {
  const cf = new Cloudflare({ apiToken: FAKE_TOKEN, baseURL: fake.baseUrl });
  const ids = Array.from({ length: scenario.n }, (_, k) => k + 1);
  const started = startClock(fake, scenario);
  const failed = await engine(ids, async (i) => {
    const read = (await cf.zeroTrust.organizations.list({ account_id: accountId(i) })) as Record<string, unknown>;
    // what a PUT refuses: the read-only fields
    const { created_at: _c, updated_at: _u, trusted_accounts: _t, ui_read_only_toggle_reason: _r, ...org } = read;
    await cf.zeroTrust.organizations.update({ ...org, account_id: accountId(i), session_duration: "12h" });
  });
  return { failed, wallMs: performance.now() - started, waitLines: [] };
}

/** For each successful PUT, the time since the latest successful GET of the same organization before it. */
function readToWriteGaps(requests: readonly RecordedRequest[]): number[] {
  const lastRead = new Map<string, number>();
  const gaps: number[] = [];
  for (const r of [...requests].sort((a, b) => a.at - b.at)) {
    if (r.method === "GET" && r.status === 200) lastRead.set(r.path, r.at);
    if (r.method === "PUT" && r.status === 200 && lastRead.has(r.path)) gaps.push(r.at - lastRead.get(r.path)!);
  }
  return gaps;
}

function percentiles(values: readonly number[]): string[] {
  if (values.length === 0) return ["–", "–"];
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return [at(0.5).toFixed(0), at(0.99).toFixed(0)];
}

/** API calls per operation, counted at the local API. */
async function callCounts(fake: FakeCloudflare, type: string, provider: string): Promise<void> {
  fake.reset();
  fake.seedOrganization("accounts", accountId(1), { name: "Org 1", auth_domain: "org-1.cloudflareaccess.com", session_duration: "24h" });
  fake.configure({ latencyMs: [0, 0] });
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
    const outputs = (create.value as { properties: Record<string, unknown> }).properties;
    const preview = await count(async () => {
      const checked = await host.check(urn, inputs, inputs);
      return host.diff("id", urn, outputs, checked.inputs);
    });
    const update = await count(() => host.update("id", urn, outputs, { ...inputs, sessionDuration: "6h" }));
    const refresh = await count(() => host.read("id", urn, outputs));
    log("API calls per operation:");
    log(`  create (adopt) ${create.calls}, update ${update.calls}, no-op preview (check + diff) ${preview.calls}, refresh ${refresh.calls}`);
  } finally {
    await host.stop();
  }
}

/**
 * The serialized provider's size, and what the host adds per call when no request is made: the preview read is off,
 * or a Check of a new resource would time the local API's answer (its adoption plan reads once) instead of the host.
 */
async function hostOverhead(fake: FakeCloudflare, type: string, provider: string): Promise<void> {
  const env = { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl, CLOUDFLARE_PREVIEW_READ: "false" };
  const host = await ProviderHost.start({ env });
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
  const widths = [13, 14, 5, 9, 7, 8, 11, 6, 9, 7, 12, 7];
  return cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join(" ");
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
