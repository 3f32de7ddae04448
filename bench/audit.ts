/**
 * `npm run bench`, after the rollouts: how long `npx pulumi-cloudflare-zero-trust audit` takes over N accounts at
 * Cloudflare's rate limit, against the local API. The command runs as users run it (the built CLI in its own
 * process, default settings, the token's rate budget); the clock covers the whole process. Settings are environment
 * variables (the command's flags belong to the rollout bench, which runs first); `--help` lists them.
 *
 * The local API enforces Cloudflare's limit, 1,200 requests per 5 minutes per token, with time scaled down by
 * BENCH_SCALE (as in bench/rollout.ts), and states the budget on every answer. The fleet mixes compliant,
 * deviating, missing and refused (403) organizations; the results must come out as seeded. The floor is the least
 * time the work needs: at most 1,080 reads per window (the quota less the 10% reserve the budget keeps), each window
 * lasting at least its length, and within a window N × the mean latency ÷ the audit's concurrency (8).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { FAKE_TOKEN, FakeCloudflare } from "../provider/testing/server";

const SETTINGS = {
  BENCH_AUDIT_SIZES: { default: "200,1000,2500", help: "audit sizes N (accounts); 2,500 needs three windows" },
  BENCH_SCALE: { default: "15", help: "time scale: the 5-minute window and lockout last 300 s ÷ scale" },
  BENCH_LATENCY: { default: "50-150", help: "the local API's answer time, uniform between the bounds (ms)" },
} as const;
const CLI = path.join(__dirname, "..", "dist", "cli.js");
/** The audit's default concurrency, and the share of each quota the budget leaves for others. */
const CONCURRENCY = 8;
const RESERVE = 0.1;

type Status = "compliant" | "deviates" | "missing" | "error";
const log = (line = "") => process.stdout.write(`${line}\n`);
const accountId = (i: number) => i.toString(16).padStart(32, "0");

/** Every 20 accounts: one without an organization, one refused, four deviating, fourteen compliant. */
function seededStatus(i: number): Status {
  const slot = i % 20;
  return slot === 0 ? "missing" : slot === 1 ? "error" : slot <= 5 ? "deviates" : "compliant";
}

function organization(i: number): Record<string, unknown> {
  return {
    name: `Account ${i}`,
    auth_domain: `account-${i}.cloudflareaccess.com`,
    session_duration: seededStatus(i) === "deviates" ? "48h" : "1440m",
    mfa_required_for_all_apps: true,
    mfa_config: { allowed_authenticators: ["security_key", "totp"], session_duration: "8h" },
    mfa_piv_key_requirements: { pin_policy: "always", touch_policy: "cached", ssh_key_type: ["ecdsa"], ssh_key_size: [384] },
  };
}

async function main(): Promise<void> {
  // unknown flags are the rollout bench's: this bench ignores them
  if (parseArgs({ strict: false }).values.help) {
    log("Audit bench settings (environment variables):");
    for (const [name, s] of Object.entries(SETTINGS)) log(`  ${name.padEnd(20)} ${s.help} (default ${s.default})`);
    return;
  }
  const setting = (name: keyof typeof SETTINGS) => process.env[name] ?? SETTINGS[name].default;
  const sizes = setting("BENCH_AUDIT_SIZES").split(",").map(Number);
  const windowMs = (300 / Number(setting("BENCH_SCALE"))) * 1000;
  const latency = setting("BENCH_LATENCY").split("-").map(Number) as [number, number];
  const limit = { limit: 1200, windowMs, lockoutMs: windowMs };
  const perWindow = Math.floor(limit.limit * (1 - RESERVE));
  const meanLatencyS = (latency[0] + latency[1]) / 2 / 1000;

  const fake = await FakeCloudflare.start({ latencyMs: latency, rateLimit: limit });
  const dir = mkdtempSync(path.join(tmpdir(), "audit-bench-"));
  log(`Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}.`);
  log(`Local API: ${latency.join("–")} ms latency; 1,200 requests per token per ${windowMs / 1000} s window, then a ${windowMs / 1000} s lockout.`);
  log();
  log("Audits (npx pulumi-cloudflare-zero-trust audit --json, default settings; N accounts: 70% compliant, 20% deviating,");
  log("5% without an organization, 5% refused with 403):");
  log(row(["N", "requests", "wall s", "floor s", "wall/floor", "429s", "lockouts", "as seeded"]));
  try {
    for (const [run, n] of sizes.entries()) {
      // each run starts with a fresh window, as the rollouts do
      if (run > 0) await new Promise((resolve) => setTimeout(resolve, windowMs));
      fake.reset();
      const ids = Array.from({ length: n }, (_, i) => accountId(i + 1));
      ids.forEach((id, i) => {
        const status = seededStatus(i + 1);
        if (status !== "missing") fake.seedOrganization("accounts", id, organization(i + 1));
        if (status === "error") fake.inject({ kind: "status", status: 403, code: 10000, message: "Authentication error", path: id });
      });
      const file = path.join(dir, `accounts-${n}.txt`);
      writeFileSync(file, `${ids.join("\n")}\n`);

      const started = performance.now();
      const stdout = await audit(file, fake.baseUrl);
      const wallS = (performance.now() - started) / 1000;
      const statuses = stdout.trimEnd().split("\n").map((line) => (JSON.parse(line) as { status: Status }).status);
      const asSeeded = statuses.length === n && statuses.every((status, i) => status === seededStatus(i + 1));
      // whole windows spent (each lasting at least the window), then the rest at the latency's pace
      const spent = Math.floor((n - 1) / perWindow);
      const floorS = spent * Math.max(windowMs / 1000, (perWindow * meanLatencyS) / CONCURRENCY) + ((n - spent * perWindow) * meanLatencyS) / CONCURRENCY;
      log(row([n, fake.stats.requests, wallS.toFixed(1), floorS.toFixed(1), (wallS / floorS).toFixed(2), fake.stats.rateLimited, fake.stats.lockouts, asSeeded ? "yes" : "NO"]));
    }
  } finally {
    await fake.close();
  }
}

/** Runs the built command with only the token and the local API in its environment; exit 1 is expected (403s). */
async function audit(file: string, baseUrl: string): Promise<string> {
  const run = promisify(execFile)(process.execPath, [CLI, "audit", "--json", "--accounts", `@${file}`], {
    env: { PATH: process.env.PATH ?? "", CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: baseUrl },
    maxBuffer: 64 * 1024 * 1024,
  });
  try {
    return (await run).stdout;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code !== 1 || !failed.stdout) throw new Error(`the audit failed (exit ${failed.code}): ${failed.stderr}`);
    return failed.stdout;
  }
}

function row(cells: ReadonlyArray<string | number>): string {
  return cells.map((cell, i) => (i === cells.length - 1 ? String(cell) : String(cell).padStart(i === 0 ? 5 : 10))).join("  ");
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
