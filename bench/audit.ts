/**
 * `npm run bench`, after the rollouts: how long `auditOrganizations` takes over N accounts at Cloudflare's rate limit,
 * through the token's shared budget, against the local API. Settings are environment variables (the command's flags
 * belong to the rollout bench, which runs first); `--help` lists them.
 *
 * The local API enforces Cloudflare's limit, 1,200 requests per 5 minutes per token, with time scaled down by
 * BENCH_SCALE (as in bench/rollout.ts); the fleet mixes compliant, deviating, missing and refused (403) organizations.
 * The floor is the time the limit itself imposes: N reads ÷ the allowed rate.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { auditOrganizations, type AuditResult } from "../provider/actions/audit";
import { closeSharedAgent } from "../provider/client";
import { FAKE_TOKEN, FakeCloudflare } from "../provider/testing/server";

const SETTINGS = {
  BENCH_AUDIT_SIZES: { default: "200,1000", help: "audit sizes N (accounts)" },
  BENCH_AUDIT_CONCURRENCY: { default: "8", help: "organizations read at once (the audit's default)" },
  BENCH_SCALE: { default: "15", help: "time scale: the 5-minute window and lockout last 300 s ÷ scale" },
  BENCH_LATENCY: { default: "50-150", help: "the local API's answer time, uniform between the bounds (ms)" },
} as const;

type Status = AuditResult["status"];
const log = (line = "") => process.stdout.write(`${line}\n`);
const accountId = (i: number) => i.toString(16).padStart(32, "0");

/** Every 20 accounts: one without an organization, one refused, four deviating, fourteen compliant. */
function expectedStatus(i: number): Status {
  const slot = i % 20;
  return slot === 0 ? "missing" : slot === 1 ? "error" : slot <= 5 ? "deviates" : "compliant";
}

function organization(i: number): Record<string, unknown> {
  return {
    name: `Account ${i}`,
    auth_domain: `account-${i}.cloudflareaccess.com`,
    session_duration: expectedStatus(i) === "deviates" ? "48h" : "1440m",
    mfa_required_for_all_apps: true,
    mfa_config: { allowed_authenticators: ["security_key", "totp"], session_duration: "8h" },
    mfa_piv_key_requirements: { pin_policy: "always", touch_policy: "cached", ssh_key_type: ["ecdsa"], ssh_key_size: [384] },
  };
}

async function main(): Promise<void> {
  // unknown flags are the rollout bench's: this bench ignores them
  if (parseArgs({ strict: false }).values.help) {
    log("Audit bench settings (environment variables):");
    for (const [name, s] of Object.entries(SETTINGS)) log(`  ${name.padEnd(24)} ${s.help} (default ${s.default})`);
    return;
  }
  const setting = (name: keyof typeof SETTINGS) => process.env[name] ?? SETTINGS[name].default;
  const sizes = setting("BENCH_AUDIT_SIZES").split(",").map(Number);
  const concurrency = Number(setting("BENCH_AUDIT_CONCURRENCY"));
  const scale = Number(setting("BENCH_SCALE"));
  const latency = setting("BENCH_LATENCY").split("-").map(Number) as [number, number];
  const windowMs = (300 / scale) * 1000;
  const limit = { limit: 1200, windowMs, lockoutMs: windowMs };
  const allowedRps = limit.limit / (windowMs / 1000);
  // what a user would set for this budget: under the limit with room for a burst
  const rps = Math.floor(allowedRps * 0.95);

  const fake = await FakeCloudflare.start({ latencyMs: latency });
  log(`Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}.`);
  log(`Local API: ${latency.join("–")} ms latency; limit 1200 requests / ${windowMs / 1000} s (${allowedRps}/s), ${windowMs / 1000} s lockout; rps ${rps}, concurrency ${concurrency}.`);
  log();
  log("Audits (N accounts: 70% compliant, 20% deviating, 5% without an organization, 5% refused with 403):");
  log(row(["N", "requests", "wall s", "floor s", "wall/floor", "429s", "lockouts", "results as seeded"]));
  try {
    for (const [run, n] of sizes.entries()) {
      // let the token's window empty before the next run
      if (run > 0) await new Promise((resolve) => setTimeout(resolve, windowMs));
      fake.reset();
      fake.configure({ rateLimit: limit, latencyMs: latency });
      const ids = Array.from({ length: n }, (_, i) => accountId(i + 1));
      ids.forEach((id, i) => {
        const status = expectedStatus(i + 1);
        if (status !== "missing") fake.seedOrganization("accounts", id, organization(i + 1));
        if (status === "error") fake.inject({ kind: "status", status: 403, code: 10000, message: "Authentication error", path: id });
      });
      const started = performance.now();
      const results = await auditOrganizations({ accounts: ids, concurrency }, { apiToken: FAKE_TOKEN, baseUrl: fake.baseUrl, rps });
      const wallS = (performance.now() - started) / 1000;
      const floorS = n / allowedRps;
      const asSeeded = results.every((result, i) => result.status === expectedStatus(i + 1));
      log(row([n, fake.stats.requests, wallS.toFixed(1), floorS.toFixed(1), (wallS / floorS).toFixed(2), fake.stats.rateLimited, fake.stats.lockouts, asSeeded ? "yes" : "NO"]));
    }
  } finally {
    await fake.close();
    await closeSharedAgent();
  }
}

function row(cells: ReadonlyArray<string | number>): string {
  return cells.map((cell, i) => (i === cells.length - 1 ? String(cell) : String(cell).padStart(i === 0 ? 5 : 10))).join("  ");
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
