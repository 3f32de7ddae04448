import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { CliRun } from "./command";
import { REPO_ROOT } from "./repo";

const CLI = path.join(REPO_ROOT, "dist", "cli.js");

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
