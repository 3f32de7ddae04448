import type { Dispatcher } from "undici";
import { z } from "zod";
import {
  accountOrganizationWire,
  dohWire,
  zoneOrganizationWire,
  type DohUpdateWire,
  type DohWire,
  type OrganizationWire,
  type RevokeUserWire,
  type WireSchema,
} from "../model/wire";
import type { Scope } from "../model/scope";
import { sleep, systemClock, type Clock } from "./clock";
import {
  CloudflareApiError,
  CloudflareConfigurationError,
  CloudflareNetworkError,
  CloudflareNotFoundError,
  type RequestDescription,
} from "./errors";
import { readAnswer, sendOnce, type AttemptLimit } from "./exchange";
import { oneAtATime } from "./oneAtATime";
import { budgetFor, type RateBudget, type Spend } from "./rateBudget";
import { decideRetry, provablyNotApplied, type RetryDecision, type RetryPolicy } from "./retryPolicy";
import type { ClientSettings } from "./settings";
import { sharedDispatcher } from "./transport";

/** What a rewrite's `build` is told besides the object: where it comes from, and what this operation sent. */
export interface RewriteContext {
  /** The object is the answer to this operation's create (POST), not a read: it is certainly ours. */
  readonly answeredByOurCreate: boolean;
  /**
   * This operation sent a create that may have been applied (it failed without proof that it was not, e.g. its
   * answer was lost), so an object read now may be that create's result.
   */
  readonly ourCreateMayHaveApplied: boolean;
}

/**
 * Builds the whole body of a write from the object as read (undefined: it does not exist), or returns undefined
 * when nothing needs writing. Called again on every retry, with a fresh read.
 */
export type Build<T, B> = (current: T | undefined, context: RewriteContext) => B | undefined;

/** Something to tell the user about (a retry, a wait for the rate budget); never carries the credential. */
export type ClientEvent = { readonly kind: "retry" | "wait"; readonly message: string };

export interface ClientDependencies {
  /** Shared by every client of one credential, so their requests add up against one budget. */
  readonly budget?: RateBudget;
  readonly dispatcher?: Dispatcher;
  readonly onEvent?: (event: ClientEvent) => void;
  /** What retries and deadlines are timed with (and the budget, when this client makes its own). */
  readonly clock?: Clock;
  /** The backoff's jitter. */
  readonly random?: () => number;
}

/** Counts of what the client did, for tests and benchmarks. */
export interface ClientStats {
  /** Operations called (a rewrite is one, whatever it sends). */
  requests: number;
  /** HTTP requests sent. */
  attempts: number;
  retries: number;
  rateLimited: number;
}

/** An object the client reads and writes whole: its path, its schema, and how it is created when missing. */
interface Target<T> {
  readonly segments: readonly string[];
  readonly result: WireSchema<T>;
  /** The organization is created with POST; DoH settings are created by their PUT. */
  readonly createWith: "POST" | "PUT";
}

interface RequestSpec<T> {
  readonly method: "GET" | "POST" | "PUT";
  /** Path segments below the base URL; each is URL-encoded, so an id can never escape its segment. */
  readonly segments: readonly string[];
  readonly query?: Readonly<Record<string, string | boolean | undefined>>;
  readonly body?: unknown;
  readonly result: WireSchema<T>;
}

/**
 * A typed client for the Zero Trust organization endpoints. It knows nothing of Pulumi: give it settings, call
 * operations, get wire-format results or typed errors.
 *
 * Every operation runs in one retry loop (`retrying`): each attempt waits for the credential's rate budget, a
 * failure is retried as `decideRetry` says (status, network error, `Retry-After` in either form, the operation's
 * deadline), and a 429 pauses every caller of the credential. Whole-object writes are `rewrite`s: read, build,
 * write, and on a retry read again.
 */
export class CloudflareClient {
  readonly budget: RateBudget;
  readonly stats: ClientStats = { requests: 0, attempts: 0, retries: 0, rateLimited: 0 };
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly dispatcher: Dispatcher;
  private readonly secrets: readonly string[];
  private readonly authHeaders: Readonly<Record<string, string>>;

  constructor(
    private readonly settings: ClientSettings,
    private readonly deps: ClientDependencies = {},
  ) {
    this.clock = deps.clock ?? systemClock;
    this.budget = deps.budget ?? budgetFor(settings, undefined, deps.clock);
    this.policy = { retries: settings.retries, minBackoffMs: settings.minBackoffMs, maxBackoffMs: settings.maxBackoffMs };
    this.dispatcher = deps.dispatcher ?? sharedDispatcher();
    const creds = settings.credentials;
    this.secrets = creds.kind === "token" ? [creds.token] : [creds.key];
    this.authHeaders =
      creds.kind === "token"
        ? { authorization: `Bearer ${creds.token}` }
        : { "x-auth-email": creds.email, "x-auth-key": creds.key };
  }

  // ---- Organization (account or zone) ----

  /** The organization; a `CloudflareNotFoundError` when there is none. */
  getOrganization(scope: Scope): Promise<OrganizationWire> {
    return this.read(organizationTarget(scope));
  }

  /**
   * Writes the organization whole, built from a read made right before (see `rewrite`). With no organization,
   * `build(undefined)` may return a body to create one (POST: `name` and `auth_domain` are required); what a create
   * does not take follows in a PUT built from its answer. Undefined when there is none and none was created.
   */
  rewriteOrganization(scope: Scope, build: Build<OrganizationWire, OrganizationWire>): Promise<OrganizationWire | undefined> {
    return this.rewrite(organizationTarget(scope), build);
  }

  /** Revokes every Access token of a user. `devices` goes as the documented query parameter and in the body. */
  revokeUser(scope: Scope, body: RevokeUserWire): Promise<boolean> {
    const spec = { method: "POST", segments: [...orgPath(scope), "revoke_user"], query: { devices: body.devices }, body, result: z.boolean() } as const;
    // Revoking twice revokes once: safe to repeat after a lost answer.
    return this.retrying((deadline) => this.send(this.budget.write, spec, deadline));
  }

  // ---- DoH (account only) ----

  /** The account's DoH settings; a `CloudflareNotFoundError` when there are none. */
  getDoh(accountId: string): Promise<DohWire> {
    return this.read(dohTarget(accountId));
  }

  /** Writes the DoH settings whole, built from a read made right before (see `rewrite`); their PUT also creates them. */
  rewriteDoh(accountId: string, build: Build<DohWire, DohUpdateWire>): Promise<DohWire | undefined> {
    return this.rewrite(dohTarget(accountId), build);
  }

  // ---- The pipeline ----

  private read<T>(target: Target<T>): Promise<T> {
    const spec = { method: "GET", segments: target.segments, result: target.result } as const;
    return this.retrying((deadline) => this.send(this.budget.read, spec, deadline));
  }

  /**
   * Read, build, write. The endpoints replace the whole object, so a write is never resent as it was: during a
   * retry's wait the object may change (a dashboard edit, another pipeline), and the old body would revert that. A
   * retryable failure of the read or the write waits as the retry policy says and starts again from a new read; a
   * write whose answer was lost but which the new read shows applied is not repeated (`build` finds nothing to do).
   *
   * Within this process, read→writes of one object (by URL, whatever the credential) run one at a time, so two
   * writers never interleave; the rate budget keeps a request for each write from the moment its read leaves, so the
   * window between them is one round trip.
   */
  private rewrite<T, B>(target: Target<T>, build: Build<T, B>): Promise<T | undefined> {
    const get = { method: "GET", segments: target.segments, result: target.result } as const;
    const writeOf = (method: "POST" | "PUT", body: B) => ({ method, segments: target.segments, body, result: target.result });
    let ourCreateMayHaveApplied = false;
    return this.retrying((deadline) =>
      oneAtATime(this.settings.baseUrl + pathOf(target.segments), () =>
        this.budget.pair(async (read, write) => {
          const current = await this.send(read, get, deadline).catch(unlessNotFound);
          const body = build(current, { answeredByOurCreate: false, ourCreateMayHaveApplied });
          if (body === undefined) return current;
          if (current !== undefined || target.createWith === "PUT") return this.send(write, writeOf("PUT", body), deadline);
          let created: T;
          try {
            created = await this.send(write, writeOf("POST", body), deadline);
          } catch (error) {
            const failure = failureOf(error);
            if (failure && !provablyNotApplied(failure)) ourCreateMayHaveApplied = true;
            throw error;
          }
          // What the create does not take follows in a PUT built from its answer, the object as created.
          ourCreateMayHaveApplied = true;
          const rest = build(created, { answeredByOurCreate: true, ourCreateMayHaveApplied });
          return rest === undefined ? created : this.send(write, writeOf("PUT", rest), deadline);
        }),
      ),
    );
  }

  /**
   * The one retry loop: runs `operation` until it succeeds, or fails in a way the retry policy does not retry, or
   * would wait past the deadline (every request's wait for the rate budget is bounded by it too).
   */
  private async retrying<T>(operation: (deadline: number) => Promise<T>): Promise<T> {
    this.stats.requests++;
    const deadline = this.clock.now() + this.settings.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation(deadline);
      } catch (error) {
        const failure = failureOf(error);
        if (!failure) throw error;
        const decision = decideRetry({ attempt, ...failure, remainingMs: deadline - this.clock.now() }, this.policy, this.deps.random);
        if (!decision.retry) throw error;
        this.noteRetry(failure, attempt, decision);
        await sleep(this.clock, decision.delayMs);
      }
    }
  }

  /** One attempt: waits for the rate budget (through `spend`), sends, reads the answer. */
  private async send<T>(spend: Spend, spec: RequestSpec<T>, deadline: number): Promise<T> {
    const path = pathOf(spec.segments);
    const description: RequestDescription = { method: spec.method, path };
    const onWait = (message: string) => this.deps.onEvent?.({ kind: "wait", message });
    const answer = await spend({ request: description, deadline, onWait }, () => {
      this.stats.attempts++;
      return sendOnce({
        description,
        url: this.settings.baseUrl + path + queryString(spec.query),
        headers: this.authHeaders,
        body: spec.body,
        dispatcher: this.dispatcher,
        limit: this.attemptLimit(deadline),
        clock: this.clock,
        secrets: this.secrets,
      });
    });
    return readAnswer(description, answer, spec.result, this.secrets);
  }

  /** The attempt's timeout, or what is left of the operation's deadline when that is less: no operation outlives it. */
  private attemptLimit(deadline: number): AttemptLimit {
    const { attemptTimeoutMs, deadlineMs } = this.settings;
    const left = Math.max(0, deadline - this.clock.now());
    return attemptTimeoutMs <= left
      ? { ms: attemptTimeoutMs, what: `CLOUDFLARE_TIMEOUT (${seconds(attemptTimeoutMs)})` }
      : { ms: left, what: `the operation's ${seconds(deadlineMs)} deadline (${seconds(left)} left)` };
  }

  /** Counts a retry, pauses every caller of the credential on a 429, and tells the user. */
  private noteRetry(failure: Failure, attempt: number, decision: Extract<RetryDecision, { retry: true }>): void {
    this.stats.retries++;
    const cause = failure.status !== undefined ? `HTTP ${failure.status}` : (failure.code ?? "network error");
    if (decision.rateLimited) {
      this.stats.rateLimited++;
      const said = failure.retryAfterMs !== undefined ? ` with Retry-After ${Math.ceil(failure.retryAfterMs / 1000)}s` : "";
      this.budget.pauseFor(decision.delayMs, `${cause}${said}`);
    }
    const { method, path } = failure.request;
    this.deps.onEvent?.({
      kind: "retry",
      message: `${method} ${path}: ${cause}, retry ${attempt} of ${this.policy.retries} in ${(decision.delayMs / 1000).toFixed(1)}s`,
    });
  }
}

/** A failed attempt as the retry policy sees it; undefined for what is not a Cloudflare request's failure. */
interface Failure {
  readonly request: RequestDescription;
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)}s`;
}

function failureOf(error: unknown): Failure | undefined {
  if (error instanceof CloudflareApiError) {
    const retryAfterMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
    return { request: error, status: error.status, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }
  if (error instanceof CloudflareNetworkError) return { request: error, code: error.code };
  return undefined;
}

/** A missing object reads as undefined; every other failure stands. */
function unlessNotFound(error: unknown): undefined {
  if (error instanceof CloudflareNotFoundError) return undefined;
  throw error;
}

function organizationTarget(scope: Scope): Target<OrganizationWire> {
  return { segments: orgPath(scope), result: scope.kind === "accounts" ? accountOrganizationWire : zoneOrganizationWire, createWith: "POST" };
}

function dohTarget(accountId: string): Target<DohWire> {
  return { segments: [...orgPath({ kind: "accounts", id: accountId }), "doh"], result: dohWire, createWith: "PUT" };
}

function orgPath(scope: Scope): string[] {
  return [scope.kind, scope.id, "access", "organizations"];
}

function pathOf(segments: readonly string[]): string {
  return "/" + segments.map((segment) => encodeSegment(segments[0]!, segment)).join("/");
}

/**
 * Encoding keeps "/", "?", "#" and "%" inside a segment, but URL parsing would still resolve a "." or ".." segment
 * (dots are not encoded), and a lone surrogate cannot be encoded: such an id, or an empty one, is never sent.
 */
function encodeSegment(first: string, segment: string): string {
  try {
    if (segment !== "" && segment !== "." && segment !== "..") return encodeURIComponent(segment);
  } catch {
    // a lone surrogate: refused below
  }
  throw new CloudflareConfigurationError(`Refusing to call ${first}/${JSON.stringify(segment)}/…: not a valid id`);
}

function queryString(query: RequestSpec<unknown>["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
