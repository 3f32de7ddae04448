import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";
import type { Dispatcher } from "undici";
import { z } from "zod";
import {
  accountOrganizationWire,
  dohWire,
  envelopeSchema,
  messageSchema,
  zoneOrganizationWire,
  type DohUpdateWire,
  type DohWire,
  type OrganizationWire,
  type RevokeUserWire,
} from "../schemas/wire";
import {
  CloudflareApiError,
  CloudflareConfigurationError,
  CloudflareNetworkError,
  CloudflareResponseError,
  redact,
  type CloudflareMessage,
} from "./errors";
import { budgetFor, type BudgetRequest, type Departure, type RateBudget } from "./rateBudget";
import { decideRetry, type RetryPolicy } from "./retryPolicy";
import type { ClientSettings } from "./settings";
import { retryingDispatcher, type RetryCallback } from "./transport";

/** Where an organization lives: an account, or a single zone. */
export interface Scope {
  readonly kind: "accounts" | "zones";
  readonly id: string;
}

export interface RequestSpec<T> {
  readonly method: "GET" | "POST" | "PUT";
  /** Path segments below the base URL; each is URL-encoded, so an id can never escape its segment. */
  readonly segments: readonly string[];
  readonly query?: Readonly<Record<string, string | boolean | undefined>>;
  readonly body?: unknown;
  readonly result: z.ZodType<T>;
  /** Safe to send twice. Defaults to true for GET and PUT; a POST is retried only when it was provably not applied. */
  readonly idempotent?: boolean;
  /** Never resent by the transport: the caller rebuilds it (`updateOrganizationFrom`). */
  readonly once?: boolean;
}

/** Something to tell the user about (a retry, a wait for the rate budget); never carries the credential. */
export type ClientEvent = { readonly kind: "retry" | "wait"; readonly message: string };

export interface ClientDependencies {
  /** Shared by every client of one credential, so their requests add up against one budget. */
  readonly budget?: RateBudget;
  readonly dispatcher?: Dispatcher;
  readonly onEvent?: (event: ClientEvent) => void;
}

/** Counts of what the client did, for tests and benchmarks. */
export interface ClientStats {
  requests: number;
  attempts: number;
  retries: number;
  rateLimited: number;
}

/**
 * A typed client for the Zero Trust organization endpoints. It knows nothing of Pulumi: give it settings, call
 * operations, get wire-format results or typed errors.
 */
export class CloudflareClient {
  readonly budget: RateBudget;
  /** How this client retries; callers that verify and repeat a non-idempotent request use the same budget. */
  readonly retryPolicy: RetryPolicy;
  readonly stats: ClientStats = { requests: 0, attempts: 0, retries: 0, rateLimited: 0 };
  private readonly dispatcher: Dispatcher;
  private readonly secrets: readonly string[];
  private readonly authHeaders: Readonly<Record<string, string>>;

  constructor(
    private readonly settings: ClientSettings,
    private readonly deps: ClientDependencies = {},
  ) {
    this.budget = deps.budget ?? budgetFor(settings);
    this.retryPolicy = { retries: settings.retries, minBackoffMs: settings.minBackoffMs, maxBackoffMs: settings.maxBackoffMs };
    this.dispatcher = deps.dispatcher ?? retryingDispatcher();
    const creds = settings.credentials;
    this.secrets = creds.kind === "token" ? [creds.token] : [creds.key];
    this.authHeaders =
      creds.kind === "token"
        ? { authorization: `Bearer ${creds.token}` }
        : { "x-auth-email": creds.email, "x-auth-key": creds.key };
  }

  // ---- Organization (account or zone) ----

  getOrganization(scope: Scope): Promise<OrganizationWire> {
    return this.send({ method: "GET", segments: orgPath(scope), result: orgResult(scope) });
  }

  /** Creates the organization; `name` and `auth_domain` are required. Not retried unless provably not applied. */
  createOrganization(scope: Scope, body: OrganizationWire): Promise<OrganizationWire> {
    return this.send({ method: "POST", segments: orgPath(scope), body, result: orgResult(scope) });
  }

  /** Replaces the whole organization: whatever `body` leaves out is cleared. */
  updateOrganization(scope: Scope, body: OrganizationWire): Promise<OrganizationWire> {
    return this.send({ method: "PUT", segments: orgPath(scope), body, result: orgResult(scope) });
  }

  /**
   * Read, build, write: GET the organization (or start from `first`, an answer just received), `build` the whole
   * body from it, PUT. A PUT is never resent as it was: during a retry's wait the organization may change (a
   * dashboard edit, another pipeline), and the old body would revert that. A retryable failure (429, 5xx, reset,
   * timeout) waits as the retry policy says and starts again from a new GET. The rate budget keeps a request for the
   * write that follows each read and sends writes first, so the PUT never queues behind other requests: the window
   * between the read and the write is one round trip. `build` returns undefined when nothing needs writing (then the
   * read is the answer).
   */
  async updateOrganizationFrom(
    scope: Scope,
    build: (current: OrganizationWire) => OrganizationWire | undefined,
    first?: OrganizationWire,
  ): Promise<OrganizationWire> {
    const deadline = Date.now() + this.settings.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const current = first ?? (await this.send({ method: "GET", segments: orgPath(scope), result: orgResult(scope) }));
      first = undefined;
      const body = build(current);
      if (body === undefined) return current;
      try {
        return await this.send({ method: "PUT", segments: orgPath(scope), body, result: orgResult(scope), once: true });
      } catch (error) {
        const decision = decideRetry({ attempt, ...failureOf(error), idempotent: true, remainingMs: deadline - Date.now() }, this.retryPolicy);
        if (!decision.retry) throw error;
        this.noteRetry({ method: "PUT", path: "/" + orgPath(scope).join("/") }, attempt, failureOf(error), decision);
        await sleep(decision.delayMs);
      }
    }
  }

  /** Revokes every Access token of a user. `devices` goes as the documented query parameter and in the body. */
  revokeUser(scope: Scope, body: RevokeUserWire): Promise<boolean> {
    return this.send({
      method: "POST",
      segments: [...orgPath(scope), "revoke_user"],
      query: { devices: body.devices },
      body,
      // Revoking twice revokes once: safe to repeat after a lost answer.
      idempotent: true,
      result: booleanResult(),
    });
  }

  // ---- DoH (account only) ----

  getDoh(accountId: string): Promise<DohWire> {
    return this.send({ method: "GET", segments: dohPath(accountId), result: dohWire });
  }

  updateDoh(accountId: string, body: DohUpdateWire): Promise<DohWire> {
    return this.send({ method: "PUT", segments: dohPath(accountId), body, result: dohWire });
  }

  // ---- Transport ----

  async send<T>(spec: RequestSpec<T>): Promise<T> {
    const path = "/" + spec.segments.map((segment) => encodeSegment(spec.segments[0]!, segment)).join("/");
    const description = { method: spec.method, path };
    const url = this.settings.baseUrl + path + queryString(spec.query);
    const deadline = Date.now() + this.settings.deadlineMs;
    const idempotent = spec.idempotent ?? spec.method !== "POST";
    this.stats.requests++;

    const budgetRequest: BudgetRequest = {
      write: spec.method !== "GET",
      onWait: (message) => this.deps.onEvent?.({ kind: "wait", message }),
    };
    // The attempt in flight; a retry replaces it with the next one.
    const attempt = { departure: await this.budget.acquire(budgetRequest) };
    this.stats.attempts++;
    let response: Dispatcher.ResponseData;
    try {
      const options = {
        dispatcher: this.dispatcher,
        method: spec.method,
        headers: {
          ...this.authHeaders,
          accept: "application/json",
          ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        headersTimeout: this.settings.attemptTimeoutMs,
        bodyTimeout: this.settings.attemptTimeoutMs,
        retryOptions: { retry: spec.once ? noResend : this.retryCallback(description, idempotent, deadline, budgetRequest, attempt) },
      };
      response = await request(url, options);
      attempt.departure.settle(response.headers);
    } catch (error) {
      attempt.departure.settle();
      const err = error as NodeJS.ErrnoException;
      throw new CloudflareNetworkError(description, err.code, redact(err.message, this.secrets));
    }
    return this.parse(description, response, spec.result);
  }

  private retryCallback(
    description: { method: string; path: string },
    idempotent: boolean,
    deadline: number,
    budgetRequest: BudgetRequest,
    attempt: { departure: Departure },
  ): RetryCallback {
    return (error, { state }, done) => {
      const err = error as Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[]> };
      attempt.departure.settle(err.headers);
      const retryAfter = err.headers?.["retry-after"];
      const decision = decideRetry(
        {
          attempt: state.counter,
          status: err.statusCode,
          code: err.statusCode === undefined ? err.code : undefined,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          idempotent,
          remainingMs: deadline - Date.now(),
        },
        this.retryPolicy,
      );
      if (!decision.retry) return done(err);
      this.noteRetry(description, state.counter, { status: err.statusCode, code: err.code }, decision);
      sleep(decision.delayMs)
        .then(() => this.budget.acquire(budgetRequest))
        .then((departure) => {
          attempt.departure = departure;
          this.stats.attempts++;
          done(null);
        }, done);
    };
  }

  /** Counts a retry, pauses every caller of the credential on a 429, and tells the user. */
  private noteRetry(
    description: { method: string; path: string },
    attempt: number,
    failure: { status?: number; code?: string },
    decision: { delayMs: number; rateLimited: boolean },
  ): void {
    this.stats.retries++;
    if (decision.rateLimited) {
      this.stats.rateLimited++;
      this.budget.pauseFor(decision.delayMs);
    }
    const cause = failure.status !== undefined ? `HTTP ${failure.status}` : (failure.code ?? "network error");
    this.deps.onEvent?.({
      kind: "retry",
      message: `${description.method} ${description.path}: ${cause}, retry ${attempt} of ${this.retryPolicy.retries} in ${(decision.delayMs / 1000).toFixed(1)}s`,
    });
  }

  private async parse<T>(description: { method: string; path: string }, response: Dispatcher.ResponseData, result: z.ZodType<T>): Promise<T> {
    const status = response.statusCode;
    const text = await response.body.text().catch((error: Error) => {
      throw new CloudflareNetworkError(description, (error as NodeJS.ErrnoException).code, error.message);
    });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      if (status >= 400) throw new CloudflareApiError(description, status, []);
      throw new CloudflareResponseError(description, status, "the body is not JSON");
    }
    const envelope = envelopeSchema.safeParse(json);
    const ok = status >= 200 && status < 300;
    if (!ok || !envelope.success || envelope.data.success !== true) {
      if (ok && !envelope.success) {
        throw new CloudflareResponseError(description, status, "the body is not a Cloudflare API envelope");
      }
      const retryAfter = Number(headerValue(response.headers["retry-after"]));
      throw new CloudflareApiError(
        description,
        status,
        this.redactMessages(envelope.success ? (envelope.data.errors ?? []) : looseErrors(json)),
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
    const parsed = result.safeParse(envelope.data.result);
    if (!parsed.success) {
      throw new CloudflareResponseError(description, status, `unexpected result shape (${parsed.error.issues[0]?.message ?? "invalid"})`);
    }
    return parsed.data;
  }

  private redactMessages(messages: readonly z.infer<typeof messageSchema>[]): CloudflareMessage[] {
    return messages.map((m) => ({
      code: m.code,
      message: redact(m.message, this.secrets),
      ...(m.source?.pointer ? { source: { pointer: redact(m.source.pointer, this.secrets) } } : {}),
      ...(m.error_chain?.length ? { error_chain: m.error_chain.map((c) => ({ message: redact(c.message, this.secrets) })) } : {}),
    }));
  }
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

/** The transport hands the failure straight back (its answer included, so the caller sees Cloudflare's error). */
const noResend: RetryCallback = (error, _context, done) => done(error);

/** A client error as the retry policy sees it. */
function failureOf(error: unknown): { status?: number; code?: string; retryAfter?: string } {
  if (error instanceof CloudflareApiError) {
    return { status: error.status, ...(error.retryAfterSeconds !== undefined && { retryAfter: String(error.retryAfterSeconds) }) };
  }
  if (error instanceof CloudflareNetworkError) return { code: error.code };
  return {};
}

function orgPath(scope: Scope): string[] {
  return [scope.kind, scope.id, "access", "organizations"];
}

function dohPath(accountId: string): string[] {
  return [...orgPath({ kind: "accounts", id: accountId }), "doh"];
}

function orgResult(scope: Scope): z.ZodType<OrganizationWire> {
  return scope.kind === "accounts" ? accountOrganizationWire : zoneOrganizationWire;
}

function booleanResult(): z.ZodType<boolean> {
  return z.boolean();
}

function queryString(query: RequestSpec<unknown>["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Error messages from an answer that is not quite an envelope (a 4xx from a proxy that still says something). */
function looseErrors(json: unknown): z.infer<typeof messageSchema>[] {
  const errors = (json as { errors?: unknown })?.errors;
  const parsed = messageSchema.array().safeParse(errors);
  return parsed.success ? parsed.data : [];
}
