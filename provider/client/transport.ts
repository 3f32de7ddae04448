import { Agent, type Dispatcher } from "undici";

/**
 * One keep-alive connection pool per process. Resources of a Pulumi run live in one dynamic-provider host process
 * and all reach the same host, so they share sockets instead of each opening its own. It only carries requests:
 * whether and when to send one again is the client's retry loop's call (pipeline.ts), which knows the rate budget
 * and the deadline.
 */
let sharedAgent: Agent | undefined;

export function sharedDispatcher(): Dispatcher {
  sharedAgent ??= new Agent({
    keepAliveTimeout: 30_000,
    connections: 32,
    connect: { timeout: 10_000 },
  });
  return sharedAgent;
}

/** Closes the shared pool (tests, and the CLI before it exits). */
export async function closeSharedAgent(): Promise<void> {
  const current = sharedAgent;
  sharedAgent = undefined;
  await current?.close();
}
