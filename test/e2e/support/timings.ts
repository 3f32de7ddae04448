import { appendFileSync, existsSync, readFileSync } from "node:fs";

/** One CLI command as the suite ran it: its class (`preview`, `up`, `stack init`, …) and how long it took. */
export interface Timing {
  readonly command: string;
  readonly ms: number;
  readonly file: string;
}

export function recordTiming(file: string, timing: Timing): void {
  appendFileSync(file, `${JSON.stringify(timing)}\n`);
}

/** The class of a `pulumi` command line: its (sub)command words, and a policy pack if one was given. */
export function commandClass(args: readonly string[]): string {
  const words = args.slice(0, args[0] === "stack" || args[0] === "config" ? 2 : 1).join(" ");
  return args.some((arg) => arg.startsWith("--policy-pack")) ? `${words} --policy-pack` : words;
}

/** A table of the recorded timings per command class: count, total, mean and slowest. */
export function timingSummary(file: string): string[] {
  if (!existsSync(file)) return [];
  const timings = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Timing);
  const classes = new Map<string, number[]>();
  for (const { command, ms } of timings) classes.set(command, [...(classes.get(command) ?? []), ms]);
  const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(7);
  return [
    `${"command".padEnd(28)} ${"runs".padStart(5)} ${"total s".padStart(7)} ${"mean s".padStart(7)} ${"max s".padStart(7)}`,
    ...[...classes]
      .sort(([, a], [, b]) => sum(b) - sum(a))
      .map(([command, ms]) => `${command.padEnd(28)} ${String(ms.length).padStart(5)} ${seconds(sum(ms))} ${seconds(sum(ms) / ms.length)} ${seconds(Math.max(...ms))}`),
  ];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
