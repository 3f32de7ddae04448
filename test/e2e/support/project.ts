import { spawn } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { commandClass, recordTiming } from "./timings";
import { projectsDir, timingsFile, workspace } from "./workspace";

/** What one `pulumi` command printed, and how it ended. */
export interface CliRun {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface RunOptions {
  /** Added to the project's environment for this command. */
  readonly env?: Record<string, string>;
  /** The exit code expected (default 0): anything else fails with the command's output. */
  readonly exitCode?: number | "non-zero";
  /** The class under which the timing is recorded (default: the command's words). */
  readonly timingClass?: string;
  /** Standard input, e.g. a secret for `config set --secret` (kept out of the command line). */
  readonly stdin?: string;
}

/** A bound on every command: a hang fails the test with what was printed, instead of blocking the run. */
const COMMAND_TIMEOUT_MS = 8 * 60_000;
export const PASSPHRASE = "e2e passphrase";

/**
 * A Pulumi project of the suite, run by the real CLI: a folder under the template project (so the packed package
 * installed there is what it loads), with its own file backend, PULUMI_HOME and HOME inside the folder, a passphrase
 * secrets provider, no update check, and an environment that holds only what is set here (no variable of the
 * machine's, such as a real Cloudflare token, can reach it).
 */
export class Project {
  private readonly env: Record<string, string>;
  private runs = 0;

  private constructor(
    readonly dir: string,
    env: Record<string, string>,
  ) {
    const { cliBin } = workspace();
    for (const own of [".home", ".state", ".runs"]) mkdirSync(path.join(dir, own), { recursive: true });
    this.env = {
      // Node >= 22 (this suite's) first: the language host and the provider launchers run the `node` on PATH
      PATH: [path.dirname(process.execPath), cliBin, "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter),
      HOME: path.join(dir, ".home"),
      PULUMI_HOME: path.join(dir, ".pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      ...env,
    };
  }

  /** A new project from its files (`Pulumi.yaml` is written from `name` unless given). */
  static create(name: string, files: Record<string, string>, env: Record<string, string> = {}): Project {
    const dir = path.join(projectsDir(), name);
    mkdirSync(dir, { recursive: true });
    const all = { "Pulumi.yaml": `name: ${name}\nruntime: nodejs\nmain: index.ts\n`, "tsconfig.json": TSCONFIG, ...files };
    for (const [file, text] of Object.entries(all)) writeFileSync(path.join(dir, file), text);
    return new Project(dir, env);
  }

  /** A copy of a folder of this repository (an example), without its node_modules. */
  static copyOf(source: string, name: string, env: Record<string, string> = {}): Project {
    const dir = path.join(projectsDir(), name);
    cpSync(source, dir, { recursive: true, filter: (file) => !file.split(path.sep).includes("node_modules") });
    return new Project(dir, env);
  }

  /** `pulumi stack init` with the passphrase secrets provider, then each `config set` (values as given). */
  async initStack(stack: string, config: Record<string, string> = {}, secrets: Record<string, string> = {}): Promise<void> {
    await this.pulumi(["stack", "init", stack, "--secrets-provider", "passphrase"]);
    for (const [key, value] of Object.entries(config)) await this.pulumi(["config", "set", "--stack", stack, key, value]);
    // the secret on standard input, as a careful user types it: never on a command line
    for (const [key, value] of Object.entries(secrets)) await this.pulumi(["config", "set", "--stack", stack, "--secret", key], { stdin: value });
  }

  /** Runs `pulumi <args>` in the project; fails unless it exits as expected. */
  async pulumi(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
    const started = performance.now();
    const child = spawn("pulumi", [...args], { cwd: this.dir, env: { ...this.env, ...options.env } });
    child.stdin.end(options.stdin ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), COMMAND_TIMEOUT_MS);
    const code = await new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (exit, signal) => resolve(exit ?? (signal ? 128 : 1)));
    }).finally(() => clearTimeout(timer));
    const run: CliRun = { command: `pulumi ${args.join(" ")}`, code, stdout, stderr, ms: performance.now() - started };
    recordTiming(timingsFile(), { command: options.timingClass ?? commandClass(args), ms: run.ms, file: path.basename(this.dir) });
    // every transcript, for a look at a failed run (ZT_E2E_KEEP=1 keeps the workspace)
    writeFileSync(path.join(this.dir, ".runs", `${String(++this.runs).padStart(3, "0")}-${args.slice(0, 2).join("-")}.txt`), `$ ${run.command}\n(exit ${code})\n${stdout}\n--- stderr\n${stderr}`);
    const expected = options.exitCode ?? 0;
    if (expected === "non-zero" ? code === 0 : code !== expected) {
      const timedOut = run.ms >= COMMAND_TIMEOUT_MS ? ` (killed after ${COMMAND_TIMEOUT_MS / 1000} s)` : "";
      throw new Error(`${run.command} exited with ${code}${timedOut}, expected ${expected}:\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
    }
    return run;
  }
}

/** The examples' tsconfig (module node16: TypeScript 6 refuses the older `moduleResolution: node`). */
const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: "es2022", module: "node16", types: ["node"], skipLibCheck: true },
  include: ["*.ts"],
});
