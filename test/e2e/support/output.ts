import { diagnosticsIn } from "../../support/transcript";
import type { CliRun } from "./project";

/** The messages under the last "Diagnostics:" of the command's output (see diagnosticsIn). */
export function diagnostics(run: CliRun): string[] {
  return diagnosticsIn(run.stdout);
}

/** The plan lines of one resource (its Pulumi name), without the `info: [runtime] <name> (<scope>): ` prefix. */
export function planLines(run: CliRun, name: string): string[] {
  const prefix = new RegExp(`^info: \\[runtime\\] ${name} \\((?:accounts|zones)/[0-9a-f]{8}…\\): `);
  return diagnostics(run)
    .filter((line) => prefix.test(line))
    .map((line) => line.replace(prefix, ""));
}

/** Everything the command printed. */
export function printed(run: CliRun): string {
  return `${run.stdout}\n${run.stderr}`;
}
