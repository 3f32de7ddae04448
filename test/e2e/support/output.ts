import type { CliRun } from "./project";

/**
 * The messages the CLI lists under "Diagnostics:" at the end of a preview or an update (the provider process's lines,
 * which the engine attaches to the stack), without their indentation: `info: [runtime] …`. `pulumi up` and `pulumi
 * refresh` print a preview's block, then their own: this is the last one.
 */
export function diagnostics(run: CliRun): string[] {
  const lines = run.stdout.split("\n");
  const start = lines.lastIndexOf("Diagnostics:");
  if (start < 0) return [];
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    if (line.startsWith("    ")) block.push(line.trim());
  }
  return block;
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
