import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { FAKE_TOKEN, type FakeCloudflare } from "../../provider/testing/server";
import { REPO_ROOT } from "./repo";

const CLI = path.join(REPO_ROOT, "dist", "cli.js");

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built command as a user would, with only the given environment (and optional standard input). */
export async function cli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliRun> {
  const run = promisify(execFile)(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
  if (stdin !== undefined) run.child.stdin!.end(stdin);
  try {
    const { stdout, stderr } = await run;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The environment that points the command at the fake, with fast retries. */
export function fakeEnv(fake: FakeCloudflare): Record<string, string> {
  return { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl, CLOUDFLARE_RPS: "1000", CLOUDFLARE_MIN_BACKOFF: "0.01", CLOUDFLARE_MAX_BACKOFF: "0.02" };
}
