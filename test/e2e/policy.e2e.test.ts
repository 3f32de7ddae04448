/**
 * The policy pack under the real engine: `pulumi preview --policy-pack <a copy of examples/policy-pack>` on programs
 * that violate it, with the pack's own options and with `--policy-pack-config` files (README, "Policy pack").
 *
 * How the pack runs: the Go module proxy does not serve the Node.js language host released with CLI 3.276, so the
 * suite's CLI has the newest one it serves (from sdk/v3 v3.68.0), which runs programs but has no RunPlugin. The
 * 3.276 engine starts a policy pack folder only through its runtime's language host (RunPlugin; pkg/v3
 * resource/plugin/plugin.go, newPlugin), so `--policy-pack <folder>` fails here; the fallback to a
 * `pulumi-analyzer-policy-<runtime>` plugin that older engines had is gone from pkg/v3's NewPolicyAnalyzer (only
 * sdk/v3 keeps a copy). What that engine does run directly is an executable given to `--policy-pack` (its folder's
 * PulumiPolicy.yaml still names and versions the pack). So the suite's copy of examples/policy-pack gets one file
 * more, ANALYZER, which runs @pulumi/pulumi/cmd/run-policy-pack in that folder with the engine's address and "." —
 * what Pulumi's former `pulumi-analyzer-policy` script did — and the previews pass that file. The pack itself
 * (PulumiPolicy.yaml with `runtime: nodejs`, index.ts, package.json) is the example, unchanged; with a CLI that has
 * its matching language host, `--policy-pack <folder>` runs it the same way.
 */
import { chmodSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/repo";
import { LocalApi } from "./support/localApi";
import { printed } from "./support/output";
import { Project, type CliRun } from "./support/project";
import { projectsDir } from "./support/workspace";

const ACCOUNTS = { labs: "22222222222222222222222222222222", prod: "11111111111111111111111111111111", vault: "44444444444444444444444444444444", source: "55555555555555555555555555555555", computed: "66666666666666666666666666666666" };
const BASELINE = "zero-trust-organization-baseline";
/** The launcher the previews give to --policy-pack, in the pack's folder (see above). */
const ANALYZER = "pulumi-analyzer-policy";
const UNKNOWN = "zero-trust-organization-unknown-at-preview";

let api: LocalApi;
let program: Project;
let pack: string;

beforeAll(async () => {
  api = await LocalApi.start();
  for (const [name, id] of Object.entries(ACCOUNTS)) {
    await api.seedOrganization("accounts", id, { name: `Acme ${name}`, auth_domain: `acme-${name}.cloudflareaccess.com` });
  }
  const folder = Project.copyOf(path.join(REPO_ROOT, "examples", "policy-pack"), "policy-pack").dir;
  pack = path.join(folder, ANALYZER);
  // pulumi-analyzer-policy-nodejs (scripts/pulumi-cli.sh, on the projects' PATH) resolves run-policy-pack from its
  // working directory, the pack's folder, where the template's install is found
  writeFileSync(pack, '#!/bin/sh\ncd "$(dirname "$0")" || exit 1\nexec pulumi-analyzer-policy-nodejs "$1" .\n');
  chmodSync(pack, 0o755);

  program = Project.create(
    "zt-policy",
    {
      "index.ts": `import * as pulumi from "@pulumi/pulumi";
import { HardenedZeroTrustOrganization, ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

// which organizations this preview declares (a comma-separated list in stack config)
const config = new pulumi.Config();
const declared = config.require("declare").split(",");
const account = (name: string) => config.require(name);

if (declared.includes("labs")) {
  new ZeroTrustOrganization("labs", {
    accountId: account("labs"),
    sessionDuration: "168h",
    mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: "24h" },
  });
}
if (declared.includes("prod")) new HardenedZeroTrustOrganization("prod", { accountId: account("prod") });
if (declared.includes("vault")) {
  new ZeroTrustOrganization("vault", {
    accountId: account("vault"),
    sessionDuration: pulumi.secret("168h"),
    mfaRequiredForAllApps: true,
    mfaConfig: { allowedAuthenticators: ["security_key"], sessionDuration: "8h" },
  });
}
if (declared.includes("computed")) {
  // compliant, except that one setting comes from an output another organization gets only at up (a preview of a
  // create knows the outputs that repeat inputs, not createdAt): unknown during the preview
  const compliant = { sessionDuration: "8h", mfaRequiredForAllApps: true, mfaConfig: { allowedAuthenticators: ["security_key" as const], sessionDuration: "8h" } };
  const source = new ZeroTrustOrganization("source", { accountId: account("source"), ...compliant });
  new ZeroTrustOrganization("computed", {
    accountId: account("computed"),
    ...compliant,
    mfaConfig: { ...compliant.mfaConfig, sessionDuration: source.createdAt.apply(() => "8h") },
  });
}
`,
    },
    api.env,
  );
  await program.initStack("dev", { ...ACCOUNTS, declare: "labs,prod" });
});
afterAll(() => api?.close());
afterEach(async () => {
  expect(await api.writes()).toEqual([]); // previews only
  expect(await api.violations()).toEqual([]);
});

/** `pulumi preview --policy-pack <the copy's launcher>`, optionally with a --policy-pack-config file. */
async function preview(exitCode: 0 | "non-zero", config?: Record<string, unknown>): Promise<CliRun> {
  const args = ["preview", "--suppress-progress", "--policy-pack", pack];
  if (config) {
    const file = path.join(projectsDir(), "zt-policy", "policy-config.json");
    writeFileSync(file, JSON.stringify(config));
    args.push("--policy-pack-config", file);
  }
  return program.pulumi(args, { exitCode });
}

/** The violation messages the CLI printed (each after its policy's description line), in order. */
function violations(run: CliRun): string[] {
  return [...printed(run).matchAll(/^\s*((?:cloudflare\.)?ZeroTrustOrganization "[^"]+": .*)$/gm)].map(([, message]) => message!);
}

const LABS_DEVIATIONS = [
  'ZeroTrustOrganization "labs": sessionDuration: 168h (baseline wants 24h or shorter)',
  'ZeroTrustOrganization "labs": mfaRequiredForAllApps: (unset) (baseline wants true)',
  'ZeroTrustOrganization "labs": mfaConfig.sessionDuration: 24h (baseline wants 12h or shorter)',
];

describe("pulumi preview --policy-pack with the pack's own options (recommended, mandatory)", () => {
  it("fails on the weaker organization with exactly its three deviations, and says nothing of the hardened one", async () => {
    const run = await preview("non-zero");
    expect(run.stdout).toMatch(/^ {4}❌ zero-trust-baseline@v0\.1\.0 \(local: /m);
    const listed = [...run.stdout.matchAll(/^ {8}- \[(\w+)\] +([\w-]+) +\(([^)]+)\)$/gm)].map(([, level, policy, resource]) => `${level} ${policy} ${resource}`);
    expect(listed).toEqual(Array(3).fill(`mandatory ${BASELINE} pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization: labs`));
    expect(violations(run)).toEqual(LABS_DEVIATIONS);
    expect(run.stdout).toMatch(/error: preview failed/);
  });
});

describe("pulumi preview --policy-pack --policy-pack-config", () => {
  it("enforcementLevel advisory: the same three violations, and the preview succeeds", async () => {
    const run = await preview(0, { [BASELINE]: "advisory" });
    expect(printed(run)).toMatch(/advisory/);
    expect(violations(run)).toEqual(LABS_DEVIATIONS);
  });

  it("labs exempt: nothing to report, the preview succeeds", async () => {
    const run = await preview(0, { [BASELINE]: { exempt: ["labs"] } });
    expect(violations(run)).toEqual([]);
  });

  it("preset strict: the hardened organization fails too (its authenticators in the order its Check normalised)", async () => {
    const run = await preview("non-zero", { [BASELINE]: { preset: "strict" } });
    expect(violations(run).filter((line) => line.startsWith('ZeroTrustOrganization "prod"'))).toEqual([
      'ZeroTrustOrganization "prod": sessionDuration: 24h (baseline wants 8h or shorter)',
      'ZeroTrustOrganization "prod": mfaConfig.allowedAuthenticators: biometrics, security_key, totp (baseline wants a subset of security_key)',
      'ZeroTrustOrganization "prod": mfaConfig.sessionDuration: 12h (baseline wants 4h or shorter)',
      'ZeroTrustOrganization "prod": mfaConfig.amrMatchingSessionDuration: (unset) (baseline wants 0m or shorter)',
    ]);
  });
});

describe("values the pack cannot show or judge at preview", () => {
  let run: CliRun;
  beforeAll(async () => {
    await program.pulumi(["config", "set", "declare", "vault,computed"]);
    run = await preview("non-zero");
  });

  it("a value given as a secret is shown as [secret], never as itself", () => {
    expect(violations(run).filter((line) => line.includes('"vault"'))).toEqual(['ZeroTrustOrganization "vault": sessionDuration: [secret] (baseline wants 24h or shorter)']);
    expect(printed(run)).not.toContain("168h");
  });

  it("a value known only after up gets the advisory note, not a violation", () => {
    expect(violations(run).filter((line) => !line.includes('"vault"'))).toEqual([
      'ZeroTrustOrganization "computed": mfaConfig.sessionDuration cannot be checked until up (not known during a preview)',
    ]);
    expect(printed(run)).toMatch(new RegExp(`\\[advisory\\] +${UNKNOWN} +\\(pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization: computed\\)`));
  });
});
