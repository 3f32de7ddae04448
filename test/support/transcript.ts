/**
 * Transcripts of the Pulumi CLI kept in the repository (examples/preview-before-change/preview.txt): sections of
 * `## <title>`, each a command (`$ pulumi …`) and what the CLI printed for it. test/e2e/examples.e2e.test.ts captures
 * them from the real CLI and compares; test/examples/previewBeforeChange.test.ts compares the plan lines in them with
 * what Pulumi's dynamic-provider host prints, in `npm test`.
 */
export interface Section {
  readonly title: string;
  readonly command: string;
  readonly output: string;
}

/** The first line that ends the CLI's progress rows: the summary blocks after them print in a fixed order. */
const SUMMARY = /^(Policies|Diagnostics|Outputs|Resources):$/;

export function formatTranscript(preamble: string, sections: readonly Section[]): string {
  return `${preamble.trimEnd()}\n${sections.map((s) => `\n## ${s.title}\n\n$ ${s.command}\n${s.output.trimEnd()}\n`).join("")}`;
}

export function parseTranscript(text: string): Section[] {
  return text
    .split(/^## /m)
    .slice(1)
    .map((chunk) => {
      const [title, ...rest] = chunk.split("\n");
      const body = rest.join("\n").replace(/^\n/, "");
      const [commandLine, ...output] = body.split("\n");
      return { title: title!, command: commandLine!.replace(/^\$ /, ""), output: output.join("\n").trimEnd() };
    });
}

/**
 * What varies from run to run, made constant: durations (`(0.21s)`, `Duration: 7s`) and the run's temporary folder.
 * Nothing else is touched.
 */
export function normaliseOutput(output: string, tempRoot: string): string {
  return output
    .split(tempRoot)
    .join("<tmp>")
    .replace(/\((?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?m?s\)/g, "(…s)")
    .replace(/^Duration: .*$/gm, "Duration: …")
    .trimEnd();
}

/**
 * Whether two outputs of one command are the same: the summary blocks line for line; the progress rows before them as
 * a set, because the CLI prints a row when its event arrives, and the provider's lines (forwarded from its process)
 * and the engine's own step events can arrive in either order.
 */
export function sameOutput(a: string, b: string): boolean {
  const split = (output: string) => {
    const lines = output.split("\n");
    const end = lines.findIndex((line) => SUMMARY.test(line));
    const at = end < 0 ? lines.length : end;
    return { rows: lines.slice(0, at).sort().join("\n"), summary: lines.slice(at).join("\n") };
  };
  const [x, y] = [split(a), split(b)];
  return x.rows === y.rows && x.summary === y.summary;
}

/**
 * The messages the CLI lists under "Diagnostics:" (the provider process's lines, which the engine attaches to the
 * stack), without their indentation: `info: [runtime] …`. `pulumi up` and `pulumi refresh` print a preview's block,
 * then their own: this is the last one.
 */
export function diagnosticsIn(output: string): string[] {
  const lines = output.split("\n");
  const start = lines.lastIndexOf("Diagnostics:");
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && line.trim() === "");
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .filter((line) => line.startsWith("    "))
    .map((line) => line.trim());
}

/** The plan lines of the resource `name` under "Diagnostics:", as the provider printed them. */
export function planLinesIn(output: string, name: string): string[] {
  return diagnosticsIn(output).filter((line) => line.startsWith(`info: [runtime] ${name} (`));
}
