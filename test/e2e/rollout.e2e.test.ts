/**
 * Rollouts under the real Pulumi CLI at its default parallelism, against the local API enforcing Cloudflare's quota
 * with time scaled 15× as `npm run bench` does (1,200 requests per token per 20 s window, a 20 s lockout past it,
 * the budget stated on every answer, answers in 50–150 ms): one stack of 200 accounts, then two stacks of 200 on one
 * token at once (two `pulumi up` processes) while another tool spends most of the quota, so that both must wait.
 * Each `pulumi up --skip-preview` runs the bench's workload: per account a read at Check (the adoption plan), then a
 * read and a write at Create. The figures (requests, time from the first request to the last answer at the API,
 * the bench's ideal for those requests, the command's own wall time) go to the run's report; nothing here asserts a
 * duration.
 */
import { appendFileSync } from "node:fs";
import { cpus } from "node:os";
import { ideal } from "../../bench/ideal";
import type { RecordedRequest } from "../../provider/testing";
import { LocalApi } from "./support/localApi";
import { Project, type CliRun } from "./support/project";
import { reportFile } from "./support/workspace";

const N = 200;
const QUOTA = 1200;
const WINDOW_MS = 20_000;
const LATENCY: [number, number] = [50, 150];
/** The CLI's default --parallel: 4 × GOMAXPROCS, i.e. per core (pkg/v3 cmd/pulumi/operations/up.go; 8 on 2 cores). */
const LANES = 4 * cpus().length;
/** What this package leaves of the quota for others (the default reserve, 10%). */
const PER_WINDOW = Math.floor(QUOTA * 0.9);
/** What another tool spends of the token's quota while two stacks roll out. */
const PRE_USED = 900;

const accountId = (i: number) => i.toString(16).padStart(32, "0");
let api: LocalApi;
let project: Project;

beforeAll(async () => {
  api = await LocalApi.start({ latencyMs: LATENCY, rateLimit: { limit: QUOTA, windowMs: WINDOW_MS, lockoutMs: WINDOW_MS } });
  project = Project.create(
    "zt-rollout",
    {
      "index.ts": `import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

// accounts first … first + count - 1, each adopted with a shorter session (the bench's rollout)
const config = new pulumi.Config();
const first = config.requireNumber("first");
for (let i = first; i < first + config.requireNumber("count"); i++) {
  new ZeroTrustOrganization(\`org-\${i}\`, { accountId: i.toString(16).padStart(32, "0"), sessionDuration: "12h" });
}
`,
    },
    api.env,
  );
});
afterAll(() => api?.close());

/** N hand-made organizations from `first`, on fresh local-API state (a new quota window too). */
async function seed(first: number, count: number): Promise<void> {
  await api.reset();
  for (let i = first; i < first + count; i++) {
    await api.seedOrganization("accounts", accountId(i), { name: `Org ${i}`, auth_domain: `org-${i}.cloudflareaccess.com`, session_duration: "24h" });
  }
}

async function rollOut(stack: string): Promise<CliRun> {
  return project.pulumi(["up", "--yes", "--skip-preview", "--suppress-progress", "--stack", stack], { timingClass: `up (${N} resources)` });
}

/** Every account from `first` has the program's session, written once. */
async function expectRolledOut(first: number, count: number, requests: readonly RecordedRequest[]): Promise<void> {
  const written = requests.filter((r) => r.method === "PUT" && r.status === 200).map((r) => r.path);
  expect(new Set(written).size).toBe(count);
  expect(written.length).toBe(count);
  for (let i = first; i < first + count; i++) expect((await api.organization("accounts", accountId(i)))?.session_duration).toBe("12h");
}

/** One row of the run's report, in the bench's terms. */
async function report(scenario: string, stacks: number, runs: readonly CliRun[], preUsed = 0): Promise<void> {
  const requests = await api.requests();
  const { rateLimited, lockouts } = await api.stats();
  const mean = (LATENCY[0] + LATENCY[1]) / 2;
  // arrival of the first request to the last answer (its answer time taken as the mean)
  const spanMs = Math.max(...requests.map((r) => r.at)) - Math.min(...requests.map((r) => r.at)) + mean;
  const idealMs = ideal(requests.length - rateLimited, LANES * stacks, mean, PER_WINDOW, WINDOW_MS, preUsed);
  const wall = runs.map((run) => (run.ms / 1000).toFixed(1)).join(" / ");
  appendFileSync(
    reportFile(),
    `rollout, ${scenario}: ${requests.length} requests, ${(spanMs / 1000).toFixed(1)} s from the first request to the last answer, ` +
      `ideal ${(idealMs / 1000).toFixed(1)} s (${LANES * stacks} lanes), span/ideal ${(spanMs / idealMs).toFixed(2)}; ${rateLimited} 429s, ` +
      `${lockouts} lockouts; pulumi up wall time ${wall} s\n`,
  );
}

it(`one stack of ${N} accounts at the CLI's default parallelism: no 429, no lockout, every account written once`, async () => {
  await seed(1, N);
  await project.initStack("fleet", { first: "1", count: String(N) });
  const up = await rollOut("fleet");
  expect(up.stdout).toMatch(new RegExp(`^ {4}\\+ ${N + 1} created$`, "m"));
  expect(await api.stats()).toMatchObject({ rateLimited: 0, lockouts: 0 });
  const requests = await api.requests();
  expect(requests.length).toBe(3 * N); // a read at Check, a read and a write at Create
  await expectRolledOut(1, N, requests);
  await report(`1 stack × ${N}`, 1, [up]);

  // steady state: a preview of the whole fleet makes no request
  await project.pulumi(["preview", "--expect-no-changes", "--suppress-progress", "--stack", "fleet"], { timingClass: `preview (${N} resources)` });
  expect((await api.requests()).length).toBe(3 * N);
});

it(`two stacks of ${N} accounts on one token at once, ${PRE_USED} of its quota used by another tool as they start: no 429, no lockout`, async () => {
  await seed(1, 2 * N);
  await project.initStack("shard-a", { first: "1", count: String(N) });
  await project.initStack("shard-b", { first: String(N + 1), count: String(N) });
  const ups = Promise.all([rollOut("shard-a"), rollOut("shard-b")]);
  // in the window their first request opens (so the pre-use counts whatever the CLI's start-up takes), another tool
  // spends most of the quota: the budget binds, and both processes have to wait for the next window
  while ((await api.stats()).requests === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  await api.useQuota(PRE_USED);
  const runs = await ups;
  expect(await api.stats()).toMatchObject({ rateLimited: 0, lockouts: 0 });
  const requests = await api.requests();
  expect(requests.length).toBe(6 * N);
  await expectRolledOut(1, 2 * N, requests);
  for (const run of runs) {
    expect(run.stdout).toMatch(/Cloudflare rate budget: \d+ of 1200 requests left for this token, 120 kept for others; waiting [\d.]+s until more is available/);
  }
  await report(`2 stacks × ${N} on one token, ${PRE_USED} of the quota used by another tool`, 2, runs, PRE_USED);
});
