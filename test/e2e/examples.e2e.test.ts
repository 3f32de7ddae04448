/**
 * Every example project (examples/* with a Pulumi.yaml) as a user runs it, under the real Pulumi CLI against the local
 * Cloudflare API: copied out, the packed package installed, `pulumi preview`, `pulumi up`, and a preview that must
 * find nothing to change. Then the transcript of examples/preview-before-change (preview.txt: what the CLI prints for
 * an adoption, its up, an update, drift and a replace), captured from the CLI and compared; and `npm run demo` with
 * the CLI on PATH.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ACCOUNT, ACCOUNT_2, handMadeOrganization } from "../support/client";
import { REPO_ROOT } from "../support/repo";
import { formatTranscript, normaliseOutput, parseTranscript, sameOutput, type Section } from "../support/transcript";
import { LocalApi } from "./support/localApi";
import { diagnostics } from "./support/output";
import { Project } from "./support/project";
import { workspace } from "./support/workspace";

type Json = Record<string, unknown>;
const EXAMPLES = path.join(REPO_ROOT, "examples");
const SUBSIDIARY_TOKEN = "e2e-subsidiary-token-0123456789";
const id = (digit: string) => digit.repeat(32);

/** How each example is run: its stack config (`pulumi config set [--path]`), what exists before, what must hold after. */
interface ExampleRun {
  readonly config: Record<string, string>;
  readonly seed: Record<string, Json>;
  readonly after: (api: LocalApi) => Promise<void>;
}

/** An organization made by hand on the account `id(digit)` (auth domains are unique across Cloudflare). */
const handMade = (digit: string) => ({ name: "Widget Corp", auth_domain: `widgetcorp-${digit}.cloudflareaccess.com`, deny_unmatched_requests: true, session_duration: "12h" });

const RUNS: Record<string, ExampleRun> = {
  "adopt-existing": {
    config: { accountId: id("a") },
    seed: { [id("a")]: handMade("a") },
    after: async (api) => {
      const stored = (await api.organization("accounts", id("a")))!;
      expect(stored).toMatchObject({ ...handMade("a"), mfa_config: { session_duration: "12h" } });
      expect([...(stored.mfa_config as { allowed_authenticators: string[] }).allowed_authenticators].sort()).toEqual(["biometrics", "security_key"]);
    },
  },
  basic: {
    config: { accountId: id("b") },
    seed: { [id("b")]: handMade("b") },
    after: async (api) =>
      expect(await api.organization("accounts", id("b"))).toMatchObject({ deny_unmatched_requests: true, mfa_required_for_all_apps: true, mfa_config: { session_duration: "8h" } }),
  },
  "multi-account": {
    // as its header says: the list by path, the second account with its own token (the name of the variable holding
    // it: `--plaintext`, or the CLI refuses a value whose key "looks like a secret")
    config: { "accounts[0].accountId": id("c"), "accounts[1].accountId": id("d"), "accounts[1].apiTokenEnvVar": "CLOUDFLARE_API_TOKEN_SUBSIDIARY" },
    seed: { [id("c")]: handMade("c"), [id("d")]: handMade("d") },
    after: async (api) => {
      for (const account of [id("c"), id("d")]) expect(await api.organization("accounts", account)).toMatchObject({ mfa_required_for_all_apps: true, session_duration: "24h" });
    },
  },
  "preview-before-change": {
    config: { accountId: id("e") },
    seed: { [id("e")]: handMade("e") },
    after: async (api) => expect(await api.organization("accounts", id("e"))).toMatchObject({ session_duration: "12h", mfa_required_for_all_apps: true }),
  },
  testing: {
    config: { accountId: id("f") },
    seed: { [id("f")]: handMade("f") },
    after: async (api) => expect(await api.organization("accounts", id("f"))).toMatchObject({ session_duration: "12h", mfa_config: { session_duration: "8h" } }),
  },
  zone: {
    // no organization yet: the example creates one
    config: { zoneId: id("9"), authDomain: "widgetcorp-www.cloudflareaccess.com" },
    seed: {},
    after: async (api) =>
      expect(await api.organization("zones", id("9"))).toMatchObject({ name: "Widget Corp (www)", auth_domain: "widgetcorp-www.cloudflareaccess.com", is_ui_read_only: true }),
  },
};

let api: LocalApi;
beforeAll(async () => {
  api = await LocalApi.start({ tokens: ["e2e-main-token-0123456789", SUBSIDIARY_TOKEN] });
});
afterAll(() => api?.close());
afterEach(async () => expect(await api.violations()).toEqual([]));

it("every example with a Pulumi.yaml has a run here", () => {
  const projects = readdirSync(EXAMPLES).filter((name) => existsSync(path.join(EXAMPLES, name, "Pulumi.yaml")));
  expect(projects.sort()).toEqual(Object.keys(RUNS).sort());
});

describe.each(Object.entries(RUNS))("examples/%s", (name, run) => {
  it("pulumi preview plans it, pulumi up applies it, and a second preview finds nothing to change", async () => {
    const project = Project.copyOf(path.join(EXAMPLES, name), `example-${name}`, { ...api.env, CLOUDFLARE_API_TOKEN_SUBSIDIARY: SUBSIDIARY_TOKEN });
    await project.initStack("dev");
    for (const [key, value] of Object.entries(run.config)) await project.pulumi(["config", "set", "--path", "--plaintext", key, value]);
    for (const [account, org] of Object.entries(run.seed)) await api.seedOrganization("accounts", account, org);
    const writes = (await api.writes()).length;

    const preview = await project.pulumi(["preview", "--suppress-progress"]);
    expect(diagnostics(preview).join("\n")).toMatch(/\): (adopts "Widget Corp" \(widgetcorp-[a-f]\.cloudflareaccess\.com\)|creates a new organization "Widget Corp \(www\)")/);
    expect((await api.writes()).length).toBe(writes);
    await project.pulumi(["up", "--yes", "--skip-preview", "--suppress-progress"]);
    await run.after(api);
    await project.pulumi(["preview", "--expect-no-changes", "--suppress-progress"]);
  });
});

describe("examples/preview-before-change/preview.txt", () => {
  const GOLDEN = path.join(EXAMPLES, "preview-before-change", "preview.txt");
  const PREAMBLE = `# What the Pulumi CLI prints for index.ts

The real output of the Pulumi CLI (3.276.0, built by scripts/pulumi-cli.sh) for this example, run against the local
Cloudflare API: captured by test/e2e/examples.e2e.test.ts, which compares it on every \`npm run test:e2e\` (durations
shown as \`…\`). \`npm test\` compares the plan lines in it (\`info: [runtime] org (…)\`) with what Pulumi's
dynamic-provider host prints (test/examples/previewBeforeChange.test.ts). After a deliberate change, regenerate it
with \`UPDATE_EXAMPLES=1 npm run test:e2e -- examples\`.
`;

  it("is what the CLI prints for an adoption, its up, an update, drift after a dashboard edit and a replace", async () => {
    const project = Project.copyOf(path.join(EXAMPLES, "preview-before-change"), "transcript-preview-before-change", api.env);
    await project.initStack("dev", { accountId: ACCOUNT });
    await api.seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const sections: Section[] = [];
    const capture = async (title: string, args: string[]) => {
      const run = await project.pulumi(args);
      sections.push({ title, command: `pulumi ${args.join(" ")}`, output: normaliseOutput(run.stdout, workspace().root) });
    };

    await capture("Adoption: the first `pulumi preview`, on an account whose organization was set up by hand", ["preview", "--suppress-progress"]);
    await capture("Adoption applied: `pulumi up`", ["up", "--yes", "--skip-preview", "--suppress-progress"]);
    await project.pulumi(["config", "set", "sessionDuration", "8h"]);
    await capture("Update: `pulumi config set sessionDuration 8h`, then `pulumi preview`", ["preview", "--suppress-progress"]);
    await project.pulumi(["up", "--yes", "--skip-preview", "--suppress-progress"]);
    await api.dashboardEdit("accounts", ACCOUNT, { mfa_config: { allowed_authenticators: ["totp"], session_duration: "24h" } });
    await capture("Drift: MFA relaxed in the dashboard, then `pulumi preview --refresh`", ["preview", "--refresh", "--suppress-progress"]);
    await api.seedOrganization("accounts", ACCOUNT_2, handMadeOrganization({ name: "Widget Corps Labs", auth_domain: "widgetlabs.cloudflareaccess.com", session_duration: "24h" }));
    await project.pulumi(["config", "set", "accountId", ACCOUNT_2]);
    await capture("Replace: `pulumi config set accountId <another account>`, then `pulumi preview`", ["preview", "--suppress-progress"]);

    if (process.env.UPDATE_EXAMPLES === "1") writeFileSync(GOLDEN, formatTranscript(PREAMBLE, sections));
    const golden = parseTranscript(readFileSync(GOLDEN, "utf8"));
    expect(golden.map(({ title, command }) => [title, command])).toEqual(sections.map(({ title, command }) => [title, command]));
    for (const [i, section] of sections.entries()) {
      // on a difference, show both in full
      if (!sameOutput(section.output, golden[i]!.output)) expect(section.output).toBe(golden[i]!.output);
    }
    expect(readFileSync(GOLDEN, "utf8").startsWith(PREAMBLE)).toBe(true);
  });
});

describe("npm run demo with the Pulumi CLI on PATH", () => {
  it("previews and adopts through the CLI, then the CLI finds nothing to change", async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/demo.ts"], {
      cwd: REPO_ROOT,
      env: { PATH: [path.dirname(process.execPath), workspace().cliBin, "/usr/bin", "/bin"].join(path.delimiter), HOME: process.env.HOME ?? "/tmp" },
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/Pulumi CLI found: running the root program \(examples\/basic\) with a local file backend/);
    expect(output).toMatch(/info: \[runtime\] zero-trust \(accounts\/699d9864…\): adopts "Widget Corp" \(widgetcorp\.cloudflareaccess\.com\)/);
    expect(output).toMatch(/^ {4}\+ 3 created$/m);
    expect(output).toMatch(/deny_unmatched_requests: true/);
    expect(output).toMatch(/mfa_required_for_all_apps: true/);
    expect(output).toMatch(/Everything the demo started is stopped/);
  });
});
