#!/usr/bin/env node
/**
 * `npx pulumi-cloudflare-zero-trust <command>`: incident response (`revoke-user`) and compliance (`audit`) from a
 * terminal. Credentials come from the environment only (a token on the command line would end up in shell history).
 */
// First: an unsupported Node.js gets a clear message and exit 2, before any dependency loads
import "./node/exitOnOldNode";
import { CloudflareApiError, CloudflareConfigurationError, closeSharedAgent } from "./client";
import { CloudflareError, InvalidArgumentsError } from "./model/errors";
import { audit } from "./cli/audit";
import { packageVersion, parseFlags, PROGRAM, UsageError, type Command, type Io } from "./cli/command";
import { revokeUser } from "./cli/revokeUser";

/** Exit codes every command shares (README: Command line); `audit` adds 3 (some organization deviates). */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const COMMANDS: readonly Command[] = [revokeUser, audit];

const HELP = `Usage: ${PROGRAM} <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(13)} ${command.summary}`).join("\n")}

Options:
  -h, --help      show this help (after a command: that command's help)
  -v, --version   show the version

Run \`${PROGRAM} <command> --help\` for a command's options and exit codes.
`;

export async function main(argv: string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  try {
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (!command) {
      if (name !== undefined && !name.startsWith("-")) {
        throw new UsageError(`unknown command ${JSON.stringify(name)}; the commands are ${COMMANDS.map((c) => c.name).join(", ")}`);
      }
      const values = parseFlags(argv, {});
      if (values.version) return printed(io.out, `${packageVersion()}\n`);
      if (values.help) return printed(io.out, HELP);
      throw new UsageError(name === undefined ? "no command given" : `unknown command ${JSON.stringify(name)}`);
    }
    const values = parseFlags(rest, command.flags);
    if (values.help) return printed(io.out, command.help);
    if (values.version) return printed(io.out, `${packageVersion()}\n`);
    return await command.run(values, io);
  } catch (error) {
    return failed(error, name, io);
  } finally {
    await closeSharedAgent();
  }
}

function printed(out: NodeJS.WritableStream, text: string): number {
  out.write(text);
  return EXIT.ok;
}

/**
 * Bad usage and credential problems (none found, or one Cloudflare rejects: HTTP 401) exit 2: fix the command or the
 * environment, a retry cannot help. Cloudflare's other refusals and no answer exit 1. Each ends with the help to read;
 * anything else is a bug: its stack.
 */
function failed(error: unknown, name: string | undefined, { err }: Io): number {
  const message = (error as Error).message;
  const help = COMMANDS.some((command) => command.name === name) ? `${PROGRAM} ${name} --help` : `${PROGRAM} --help`;
  const withHelp = (code: number) => {
    err.write(`${message}\n(see \`${help}\`)\n`);
    return code;
  };
  if (error instanceof UsageError || error instanceof CloudflareConfigurationError || error instanceof InvalidArgumentsError) return withHelp(EXIT.usage);
  if (error instanceof CloudflareApiError && error.status === 401) return withHelp(EXIT.usage);
  if (error instanceof CloudflareError) return withHelp(EXIT.failed);
  err.write(`${(error as Error).stack ?? message}\n`);
  return EXIT.failed;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
