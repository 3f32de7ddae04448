import { parseArgs } from "node:util";
import type { SchemaIssue } from "../model";

/** What every command of `pulumi-cloudflare-zero-trust` is made of; `main` adds `--help` and `--version`. */
export const PROGRAM = "pulumi-cloudflare-zero-trust";

export interface Io {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

type FlagSpec = { readonly type: "string" | "boolean"; readonly short?: string };
export type Flags = Readonly<Record<string, FlagSpec>>;
export type FlagValues<F extends Flags> = { -readonly [K in keyof F]?: F[K]["type"] extends "string" ? string : boolean };

export interface Command<F extends Flags = Flags> {
  readonly name: string;
  /** One line, for the program's help. */
  readonly summary: string;
  /** The whole help text: usage, options, exit codes. */
  readonly help: string;
  readonly flags: F;
  run(values: FlagValues<F>, io: Io): Promise<number>;
}

export function defineCommand<const F extends Flags>(command: Command<F>): Command<F> {
  return command;
}

/** Bad usage: the message names the flag. Exit code 2, nothing sent. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The flags every command takes. */
export const COMMON_FLAGS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const satisfies Flags;

export const CREDENTIALS_HELP = `Credentials (environment only): CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY.
Also read: CLOUDFLARE_BASE_URL, CLOUDFLARE_RPS, CLOUDFLARE_RATE_RESERVE, CLOUDFLARE_RETRIES, CLOUDFLARE_MIN_BACKOFF,
CLOUDFLARE_MAX_BACKOFF, CLOUDFLARE_TIMEOUT.
`;

/**
 * Parses flags strictly: an unknown option, a missing value, a stray argument or a repeated single-value option is a
 * `UsageError` naming the flag (node's parser would keep the last of a repeated option silently).
 */
export function parseFlags<F extends Flags>(argv: string[], flags: F): FlagValues<F & typeof COMMON_FLAGS> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...flags, ...COMMON_FLAGS }, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error as NodeJS.ErrnoException));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once; give it once`);
    seen.add(token.name);
  }
  return parsed.values as FlagValues<F & typeof COMMON_FLAGS>;
}

/** node's parser's errors in the command's own words: the flag as typed, and what to do. */
function parseErrorMessage(error: NodeJS.ErrnoException): string {
  const message = error.message.split("\n")[0]!;
  const quoted = /'([^' ]+)/.exec(message)?.[1] ?? "";
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${quoted}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // a missing value, a value that looks like the next flag, or a value given to a switch
      return /does not take an argument/.test(message) ? `${quoted} takes no value` : `${quoted} needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted)}: every value follows its flag, as in --email <address>`;
    default:
      return message;
  }
}

/**
 * Validation issues in the command's terms: each property (a Pulumi name) becomes its flag, and Pulumi names in a
 * reason too (`set accountId or zoneId` → `set --account or --zone`, `` `email` `` → `--email`); a list item is shown
 * with its value.
 */
export function flagIssues(issues: readonly SchemaIssue[], flagOf: Readonly<Record<string, string>>, input: Readonly<Record<string, unknown>>): string {
  const camelNames = Object.keys(flagOf).filter((name) => /[A-Z]/.test(name));
  // a Pulumi name in a reason: any camelCase one, and any name in backticks (`email`)
  const inFlagTerms = (text: string) =>
    camelNames
      .reduce((out, name) => out.replace(new RegExp(`\\b${name}\\b`, "g"), flagOf[name]!), text)
      .replace(/`(\w+)`/g, (quoted, name: string) => flagOf[name] ?? quoted);
  return issues
    .map(({ property, reason }) => {
      const [head = "", index, ...deeper] = property.split(".");
      const flag = flagOf[head] ?? head;
      const value = input[head];
      if (index !== undefined && deeper.length === 0 && Array.isArray(value)) {
        return `${flag}: ${JSON.stringify(value[Number(index)])} (item ${Number(index) + 1}) ${inFlagTerms(reason)}`;
      }
      return `${flag}${property.slice(head.length)}: ${inFlagTerms(reason)}`;
    })
    .join("\n");
}

/** This package's version, from its own package.json (resolved through the package's exports, wherever installed). */
export function packageVersion(): string {
  return (require("pulumi-cloudflare-zero-trust/package.json") as { version: string }).version;
}
