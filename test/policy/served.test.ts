import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { readFileSync } from "node:fs";
import * as cloudflare from "@pulumi/cloudflare";
import { HardenedZeroTrustOrganization, ZeroTrustOrganization } from "../../provider";
import { runProgram, type Registration } from "../../provider/testing/program";
import { asEngineSends } from "../support/analyzer";
import { REPO_ROOT } from "../support/repo";

const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");

/**
 * examples/policy-pack as the Pulumi CLI runs it: its index.ts in its own process (the CLI's policy host runs it the
 * same way, from the pack's folder), serving the analyzer over gRPC; the engine's calls made by hand (Configure, then
 * Analyze per resource), with a program's registrations as the engine sends them.
 */
const PACK = path.join(REPO_ROOT, "examples", "policy-pack");
const ACCOUNT = "0123456789abcdef0123456789abcdef";
let pack: ChildProcess;
let client: grpc.Client & Record<string, (...args: unknown[]) => void>;

beforeAll(async () => {
  pack = spawn(process.execPath, [require.resolve("tsx/cli"), "index.ts"], { cwd: PACK, stdio: ["ignore", "pipe", "inherit"] });
  const [port] = (await createInterface({ input: pack.stdout! })[Symbol.asyncIterator]().next()).value.split(/\s/);
  client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 60_000);
afterAll(() => {
  client?.close();
  pack?.kill();
});

const call = <T>(method: string, request: unknown): Promise<T> =>
  new Promise((resolve, reject) => client[method]!(request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))));

async function configure(config: Record<string, { enforcementLevel: number; properties: Record<string, unknown> }>): Promise<void> {
  const request = new analyzerProto.ConfigureAnalyzerRequest();
  for (const [policy, { enforcementLevel, properties }] of Object.entries(config)) {
    const policyConfig = new analyzerProto.PolicyConfig();
    policyConfig.setEnforcementlevel(enforcementLevel);
    policyConfig.setProperties(Struct.fromJavaScript(properties as never));
    request.getPolicyconfigMap().set(policy, policyConfig);
  }
  await call("configure", request);
}

interface Diagnostic {
  readonly level: string;
  readonly pack: string;
  readonly policy: string;
  readonly message: string;
}

/** The engine's Analyze call for one resource: the diagnostics the pack answers. */
async function analyze(registration: Registration): Promise<Diagnostic[]> {
  const request = new analyzerProto.AnalyzeRequest();
  request.setType(registration.type);
  request.setUrn(registration.urn);
  request.setName(registration.name);
  request.setProperties(Struct.fromJavaScript(asEngineSends(registration.inputs) as never));
  request.setOptions(new analyzerProto.AnalyzerResourceOptions());
  const response = await call<{ getDiagnosticsList(): Array<Record<string, () => unknown>> }>("analyze", request);
  const levels = ["advisory", "mandatory", "disabled", "remediate"];
  return response.getDiagnosticsList().map((d) => ({
    level: levels[d.getEnforcementlevel!() as number]!,
    pack: String(d.getPolicypackname!()),
    policy: String(d.getPolicyname!()),
    message: String(d.getMessage!()),
  }));
}

/** @pulumi/policy sends each message after the policy's description and a line break. */
const BASELINE_DESCRIPTION = "Zero Trust organizations meet the pulumi-cloudflare-zero-trust baseline.";
const lines = (diagnostics: Diagnostic[]) =>
  diagnostics.map(({ level, pack, policy, message }) => {
    const [description, ...rest] = message.split("\n");
    expect(description).toBe(BASELINE_DESCRIPTION);
    return `[${level}] ${pack} ${policy}: ${rest.join("\n")}`;
  });

describe("examples/policy-pack, served", () => {
  it("reports a weaker organization's deviations as the pack folder configures them", async () => {
    const [registration] = await runProgram(() => new ZeroTrustOrganization("legacy", { accountId: ACCOUNT, sessionDuration: "48h" }), { project: "zt", stack: "prod" });
    expect(lines(await analyze(registration!))).toEqual([
      '[mandatory] zero-trust-baseline zero-trust-organization-baseline: ZeroTrustOrganization "legacy": sessionDuration: 48h (baseline wants 24h or shorter)',
      '[mandatory] zero-trust-baseline zero-trust-organization-baseline: ZeroTrustOrganization "legacy": mfaRequiredForAllApps: (unset) (baseline wants true)',
      '[mandatory] zero-trust-baseline zero-trust-organization-baseline: ZeroTrustOrganization "legacy": mfaConfig.allowedAuthenticators: (unset) (baseline wants a subset of security_key, biometrics, totp)',
      '[mandatory] zero-trust-baseline zero-trust-organization-baseline: ZeroTrustOrganization "legacy": mfaConfig.sessionDuration: (unset) (baseline wants 12h or shorter)',
    ]);
  });

  it("takes the preset and levels of a --policy-pack-config file (the engine's Configure)", async () => {
    const [registration] = await runProgram(() => new ZeroTrustOrganization("legacy", { accountId: ACCOUNT, sessionDuration: "12h", mfaRequiredForAllApps: true }), { project: "zt", stack: "prod" });
    await configure({
      "zero-trust-organization-baseline": { enforcementLevel: 0, properties: { preset: "strict", exempt: [] } },
      "zero-trust-organization-unknown-at-preview": { enforcementLevel: 2, properties: {} },
    });
    expect(lines(await analyze(registration!))).toEqual([
      '[advisory] zero-trust-baseline zero-trust-organization-baseline: ZeroTrustOrganization "legacy": sessionDuration: 12h (baseline wants 8h or shorter)',
      '[advisory] zero-trust-baseline zero-trust-organization-baseline: ZeroTrustOrganization "legacy": mfaConfig.allowedAuthenticators: (unset) (baseline wants a subset of security_key)',
      '[advisory] zero-trust-baseline zero-trust-organization-baseline: ZeroTrustOrganization "legacy": mfaConfig.sessionDuration: (unset) (baseline wants 4h or shorter)',
      '[advisory] zero-trust-baseline zero-trust-organization-baseline: ZeroTrustOrganization "legacy": mfaConfig.amrMatchingSessionDuration: (unset) (baseline wants 0m or shorter)',
    ]);
  });
});

describe("README's policy pack sample", () => {
  /** README's program: a hardened organization, a weaker one of this package, and one of the official provider's. */
  const readmeProgram = () => [
    new HardenedZeroTrustOrganization("prod", { accountId: "11111111111111111111111111111111" }),
    new ZeroTrustOrganization("labs", {
      accountId: "22222222222222222222222222222222",
      sessionDuration: "168h",
      mfaConfig: { allowedAuthenticators: ["totp"], sessionDuration: "24h" },
    }),
    new cloudflare.ZeroTrustOrganization("infra", {
      accountId: "33333333333333333333333333333333",
      sessionDuration: "8h",
      mfaRequiredForAllApps: true,
      mfaConfig: { allowedAuthenticators: ["security_key", "ssh_piv_key"], sessionDuration: "4h" },
      mfaSshPivKeyRequirements: { pinPolicy: "never", touchPolicy: "always", sshKeyTypes: ["ecdsa"], sshKeySizes: [256] },
    }),
  ];

  it("is what the served pack answers for README's program, resource by resource", async () => {
    await configure({}); // no --policy-pack-config: the options in index.ts
    const registrations = await runProgram(readmeProgram, { project: "zt", stack: "prod" });
    let shown = "";
    for (const name of ["prod", "labs", "infra"]) {
      for (const registration of registrations.filter((r) => r.name === name)) {
        for (const { level, pack, policy, message } of await analyze(registration)) {
          shown += `${registration.name}  [${level}] ${pack}/${policy}\n${message.replace(/^/gm, "    ")}\n`;
        }
      }
    }
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    expect(/<!-- policy-sample: the output of test\/policy\/served\.test\.ts -->\n```\n([^]*?)```/.exec(readme)?.[1]).toBe(shown);
  });
});
