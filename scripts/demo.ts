/**
 * `npm run demo`: the basic example end to end with no Cloudflare account and no network. It starts the embedded
 * local Cloudflare API with an organization "set up by hand", then runs examples/basic: with the Pulumi CLI when it
 * is installed (local file backend: preview, then up), otherwise through Pulumi's own dynamic-provider host, the
 * process `pulumi up` runs for these resources. It prints what would change and the resulting settings, then stops
 * everything it started.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FakeCloudflare, LocalStack } from "../provider/testing";

const REPO_ROOT = path.resolve(__dirname, "..");

const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const PROJECT = "cloudflare-zero-trust";
const HAND_MADE = {
  name: "Widget Corp",
  auth_domain: "widgetcorp.cloudflareaccess.com",
  deny_unmatched_requests: true,
  login_design: { background_color: "#0B1F33", text_color: "#FFFFFF", header_text: "Widget Corp" },
  session_duration: "12h",
};

const say = (line = "") => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const fake = await FakeCloudflare.start();
  try {
    fake.seedOrganization("accounts", ACCOUNT, HAND_MADE);
    say(`Embedded Cloudflare API: ${fake.baseUrl} (a local stand-in; no account, no network)`);
    say(`Account ${ACCOUNT} already has an organization set up by hand: deny-unmatched on, a custom login page, 12h sessions, no MFA.`);
    say();
    if (hasPulumiCli()) await withPulumiCli(fake);
    else await withProviderHost(fake);
    say();
    say("Resulting organization on Cloudflare:");
    say(indent(describe(fake.organization("accounts", ACCOUNT) ?? {}), 4));
    const writes = fake.requests.filter((r) => r.method !== "GET").length;
    say();
    say(`${fake.requests.length} API requests, ${writes} writes, ${fake.stats.rateLimited} rate-limited. Everything the demo started is stopped.`);
  } finally {
    await fake.close();
  }
}

function hasPulumiCli(): boolean {
  return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

/** The real thing: `pulumi preview` then `pulumi up` on a throw-away local backend. */
async function withPulumiCli(fake: FakeCloudflare): Promise<void> {
  const home = mkdtempSync(path.join(tmpdir(), "zt-demo-"));
  const env = {
    ...process.env,
    PULUMI_HOME: path.join(home, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${home}`,
    PULUMI_CONFIG_PASSPHRASE: "demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    CLOUDFLARE_API_TOKEN: fake.token,
    CLOUDFLARE_BASE_URL: fake.baseUrl,
  };
  const configFile = path.join(home, "Pulumi.demo.yaml");
  // Asynchronous on purpose: the embedded API runs in this process, so a synchronous child (execFileSync) would block
  // the event loop that answers the provider's requests (the preview then fails with UND_ERR_HEADERS_TIMEOUT).
  const pulumiCli = (...args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive"], { cwd: REPO_ROOT, env, stdio: "inherit" });
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pulumi ${args.join(" ")} exited with ${code}`))));
    });
  say("Pulumi CLI found: running the root program (examples/basic) with a local file backend.");
  try {
    await pulumiCli("stack", "init", "demo");
    await pulumiCli("config", "set", "accountId", ACCOUNT, "--stack", "demo", "--config-file", configFile);
    await pulumiCli("preview", "--diff", "--stack", "demo", "--config-file", configFile);
    await pulumiCli("up", "--yes", "--skip-preview", "--stack", "demo", "--config-file", configFile);
    await pulumiCli("preview", "--expect-no-changes", "--stack", "demo", "--config-file", configFile);
  } finally {
    rmSync(home, { recursive: true, force: true });
    // `stack init` writes the passphrase's salt to the project's Pulumi.demo.yaml, whatever --config-file says.
    rmSync(path.join(REPO_ROOT, "Pulumi.demo.yaml"), { force: true });
  }
}

/**
 * Without the CLI: LocalStack (from pulumi-cloudflare-zero-trust/testing) runs the program under Pulumi's mocks to
 * learn what it declares, as the engine would, then sends each dynamic resource through Pulumi's dynamic-provider
 * host over gRPC, as `pulumi preview` and `pulumi up` would.
 */
async function withProviderHost(fake: FakeCloudflare): Promise<void> {
  say("Pulumi CLI not found: running examples/basic through Pulumi's own dynamic-provider host (what `pulumi up` runs).");
  const stack = await LocalStack.start({ project: PROJECT, stack: "demo", cwd: REPO_ROOT, env: fake.env, config: { accountId: ACCOUNT } });
  try {
    say();
    say("Preview (pulumi preview):");
    for (const step of await stack.preview(basicExample)) {
      say(`  + ${shortType(step.type)} ${step.name}${step.op === "create" ? " (create; adopts the organization if one exists)" : ""}`);
      if (step.log.length) say(indent(step.log.join("\n"), 6));
    }

    say();
    say("Update (pulumi up):");
    for (const step of await stack.up(basicExample)) {
      if (!step.outputs) continue;
      say(`  + ${shortType(step.type)} ${step.name}: created, id ${step.id}${step.outputs.adopted ? ", adopted the existing organization" : ""}`);
      say(indent(step.log.join("\n"), 4));
    }

    say();
    say("Second run (pulumi up again):");
    const before = fake.requests.length;
    for (const step of await stack.preview(basicExample)) {
      if (step.op === "component") continue;
      say(`  ${step.op === "same" ? "no changes" : `changes: ${step.op}`} for ${step.id} (${fake.requests.length - before} API calls)`);
    }
  } finally {
    await stack.stop();
  }
}

/** examples/basic, as the program LocalStack runs (the demo's stack config comes from LocalStack), evaluated afresh each run. */
function basicExample(): pulumi.Resource[] {
  const file = require.resolve(path.join(REPO_ROOT, "examples", "basic", "index.ts"));
  delete require.cache[file];
  const program = require(file);
  return Object.values(program).filter((value): value is pulumi.Resource => pulumi.Resource.isInstance(value));
}

/** One `key: value` line per setting. */
function describe(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join("\n");
}

function shortType(type: string): string {
  return type.replace("pulumi-nodejs:dynamic/cloudflare-zero-trust:", "");
}

function indent(text: string, by = 2): string {
  return text.replace(/^/gm, " ".repeat(by));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
