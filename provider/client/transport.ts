import { Agent, interceptors, type Dispatcher } from "undici";
import type { RetryHandler } from "undici";

/**
 * One keep-alive connection pool per process. Resources of a Pulumi run live in one dynamic-provider host process
 * and all reach the same host, so they share sockets instead of each opening its own.
 */
let sharedAgent: Agent | undefined;

function agent(): Agent {
  sharedAgent ??= new Agent({
    keepAliveTimeout: 30_000,
    connections: 32,
    connect: { timeout: 10_000 },
  });
  return sharedAgent;
}

/**
 * The shared pool behind undici's retry interceptor. The interceptor resends the request and hands back the last
 * answer when it gives up (`throwOnError: false`), so the caller still sees Cloudflare's error body; *whether* and
 * *when* to retry is the per-request `retry` callback's call (it knows the rate budget and the deadline).
 */
export function retryingDispatcher(): Dispatcher {
  return agent().compose(interceptors.retry({ throwOnError: false }));
}

export type RetryCallback = RetryHandler.RetryCallback;

/** Closes the shared pool (tests, and the CLI before it exits). */
export async function closeSharedAgent(): Promise<void> {
  const current = sharedAgent;
  sharedAgent = undefined;
  await current?.close();
}
