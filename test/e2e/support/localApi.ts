import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { FakeOptions, Fault, RecordedRequest, ScopeKind } from "../../../provider/testing";
import { workspace } from "./workspace";

type Json = Record<string, unknown>;
type Reply = { readonly id: number; readonly value?: unknown; readonly error?: string } | { readonly ready: { baseUrl: string; token: string } };

/** How long the local API may take to start (it compiles the OpenAPI document). */
const START_TIMEOUT_MS = 30_000;

/**
 * The local Cloudflare API (FakeCloudflare of the packed package) started as its own process, as the Pulumi CLI's
 * provider process sees a real API: on loopback, with Cloudflare's rate-limit headers on every answer (its default
 * mode is Cloudflare's own quota). Each method is one round trip to that process.
 */
export class LocalApi {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly token: string,
  ) {
    child.on("message", (reply: Reply) => {
      if ("ready" in reply) return;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting?.reject(new Error(`local API: ${reply.error}`));
      else waiting?.resolve(reply.value);
    });
  }

  static async start(options: FakeOptions = {}): Promise<LocalApi> {
    const child = fork(path.join(__dirname, "localApiProcess.ts"), [], {
      execArgv: ["--require", require.resolve("tsx/cjs")],
      env: { PATH: process.env.PATH ?? "", ZT_E2E_TEMPLATE: workspace().template, ZT_E2E_LOCAL_API_OPTIONS: JSON.stringify(options) },
      serialization: "advanced", // faults match paths by RegExp
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await new Promise<{ baseUrl: string; token: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the local API did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.on("message", (reply: Reply) => "ready" in reply && (clearTimeout(timer), resolve(reply.ready)));
      child.on("exit", (code) => (clearTimeout(timer), reject(new Error(`the local API exited with ${code} before it was ready`))));
    });
    return new LocalApi(child, ready.baseUrl, ready.token);
  }

  /** The provider's environment pointing at this API with its first token. */
  get env(): { CLOUDFLARE_API_TOKEN: string; CLOUDFLARE_BASE_URL: string } {
    return { CLOUDFLARE_API_TOKEN: this.token, CLOUDFLARE_BASE_URL: this.baseUrl };
  }

  seedOrganization(scope: ScopeKind, id: string, org: Json): Promise<void> {
    return this.call("seedOrganization", scope, id, org);
  }

  organization(scope: ScopeKind, id: string): Promise<Json | undefined> {
    return this.call("organization", scope, id);
  }

  dashboardEdit(scope: ScopeKind, id: string, changes: Json): Promise<void> {
    return this.call("dashboardEdit", scope, id, changes);
  }

  requests(): Promise<RecordedRequest[]> {
    return this.call("requests");
  }

  /** Requests that changed something (every method but GET). */
  async writes(): Promise<RecordedRequest[]> {
    return (await this.requests()).filter((request) => request.method !== "GET");
  }

  violations(): Promise<string[]> {
    return this.call("violations");
  }

  stats(): Promise<{ requests: number; rateLimited: number; lockouts: number }> {
    return this.call("stats");
  }

  configure(options: Partial<FakeOptions>): Promise<void> {
    return this.call("configure", options);
  }

  inject(...faults: Fault[]): Promise<void> {
    return this.call("inject", ...faults);
  }

  /** Spends `count` of a token's quota, as another tool using the same token would. */
  useQuota(count: number, token?: string): Promise<void> {
    return this.call("useQuota", count, ...(token === undefined ? [] : [token]));
  }

  reset(): Promise<void> {
    return this.call("reset");
  }

  /** Stops the process (it closes every connection first). */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.disconnect();
    await exited;
  }

  private call<T>(member: string, ...args: unknown[]): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, member, args });
    });
  }
}
