#!/usr/bin/env node
/**
 * `npx pulumi-cloudflare-zero-trust <command>`: incident response (`revoke-user`) and compliance (`audit`) from a
 * terminal. Credentials come from the environment only (a token on the command line would end up in shell history).
 */
// First: an unsupported Node.js gets a clear message and exit 2, before any dependency loads
import "./node/exitOnOldNode";
import { CloudflareConfigurationError, CloudflareError, closeSharedAgent } from "./client";
import { InvalidArgumentsError } from "./schemas";
import { audit } from "./cli/audit";
import { packageVersion, parseFlags, PROGRAM, UsageError, type Command, type Io } from "./cli/command";
import { revokeUser } from "./cli/revokeUser";

/** Exit codes every command shares; `audit` adds 3 (some organization deviates). */
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

/** Bad usage or credentials exit 2 with the fix; Cloudflare's refusals exit 1; anything else is a bug: its stack. */
function failed(error: unknown, name: string | undefined, { err }: Io): number {
  const message = (error as Error).message;
  if (error instanceof UsageError) {
    const help = COMMANDS.some((command) => command.name === name) ? `${PROGRAM} ${name} --help` : `${PROGRAM} --help`;
    err.write(`${message}\n(see \`${help}\`)\n`);
    return EXIT.usage;
  }
  if (error instanceof CloudflareConfigurationError || error instanceof InvalidArgumentsError) {
    err.write(`${message}\n`);
    return EXIT.usage;
  }
  err.write(`${error instanceof CloudflareError ? message : ((error as Error).stack ?? message)}\n`);
  return EXIT.failed;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
