import { Writable } from "node:stream";
import { main } from "../../provider/cli";
import { resetSharedClients } from "../../provider/client";
import { FAKE_TOKEN, type FakeCloudflare } from "../../provider/testing/server";

/** What a run of the command line ended with. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The command line in this process, from the sources: `main` with only the given environment and its output captured,
 * as `cli` (test/support/cli.ts) runs the built command in a process of its own. What needs a process (standard input,
 * the shebang, exit codes as the shell sees them) is tested there. Each run starts without shared clients, as a new
 * process would (a shared client keeps the progress line of the run that made it); `main` closes the connection pool.
 */
export async function command(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const saved = process.env;
  process.env = { PATH: saved.PATH ?? "", ...env };
  const [out, err] = [capture(), capture()];
  resetSharedClients();
  try {
    const code = await main(args, { out: out.stream, err: err.stream });
    return { code, stdout: out.text(), stderr: err.text() };
  } finally {
    process.env = saved;
  }
}

/** The environment that points the command at the fake, with fast retries. */
export function fakeEnv(fake: FakeCloudflare): Record<string, string> {
  return { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl, CLOUDFLARE_RPS: "1000", CLOUDFLARE_MIN_BACKOFF: "0.01", CLOUDFLARE_MAX_BACKOFF: "0.02" };
}

function capture() {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}
