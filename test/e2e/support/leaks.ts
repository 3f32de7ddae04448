import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { CliRun, Project } from "./project";

/** Something the CLI printed or wrote, by where it came from. */
export interface Evidence {
  readonly source: string;
  readonly text: string;
}

/** Every file under `dir`, as text (the backend's state and history, the stack's config file). */
export function filesUnder(dir: string): Evidence[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((file) => path.join(dir, file))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ source: file, text: readFileSync(file, "utf8") }));
}

export function printedBy(runs: readonly CliRun[]): Evidence[] {
  return runs.flatMap((run) => [
    { source: `${run.command} (stdout)`, text: run.stdout },
    { source: `${run.command} (stderr)`, text: run.stderr },
  ]);
}

/**
 * The CLI's automatic logs (PULUMI_HOME/logs, written on every command, verbose): encrypted with the stack's secrets
 * provider, so read through `pulumi logs decrypt`, as a user sharing them would.
 */
export async function automaticLogs(project: Project): Promise<Evidence[]> {
  const dir = path.join(project.dir, ".pulumi-home", "logs");
  const decrypt = async (file: string): Promise<Evidence> => {
    const decrypted = await project.pulumi(["logs", "decrypt", path.join(dir, file)], { timingClass: "logs decrypt" });
    return { source: `PULUMI_HOME/logs/${file}`, text: decrypted.stdout };
  };
  const files = readdirSync(dir);
  const logs: Evidence[] = [];
  // a few at a time: each is a CLI process of a fraction of a second
  for (let i = 0; i < files.length; i += 4) logs.push(...(await Promise.all(files.slice(i, i + 4).map(decrypt))));
  return logs;
}

/**
 * Each place `secret` appears, with 60 characters either side, except occurrences `allowed` accepts (given the text
 * before and after them).
 */
export function occurrences(evidence: readonly Evidence[], secret: string, allowed: (before: string, after: string) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const { source, text } of evidence) {
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
      const before = text.slice(Math.max(0, at - 60), at);
      const after = text.slice(at + secret.length, at + secret.length + 60);
      if (!allowed(before, after)) found.push(`${source}: …${before}<<${secret}>>${after}…`.replace(/\n/g, "⏎"));
    }
  }
  return found;
}
