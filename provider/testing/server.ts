import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { copyJson, parseExact } from "../model/json";
import { OpenApiValidator, type Operation } from "./openapi";
import { ApiRejection, checkOrganization, render, storedFrom, type ScopeKind } from "./organizations";

type Json = Record<string, unknown>;

/** An account's DoH settings as set: the service token, the JWT duration, and whatever else a write carried. */
export interface DohSeed {
  [field: string]: unknown;
  service_token_id: string;
  doh_jwt_duration?: string;
}

type StoredDoh = DohSeed & { updated_at: string };

/** Where a fault applies; unset fields match everything. */
export interface FaultMatch {
  readonly method?: string;
  /** A substring of, or a pattern for, the request path. */
  readonly path?: string | RegExp;
  /** How many matching requests it affects (default 1). */
  readonly times?: number;
  /**
   * Instead of `times`: every matching request fails until this moment (`Date.now()` milliseconds), as Cloudflare's
   * lockout holds until the `Retry-After` it announced.
   */
  readonly until?: number;
  /**
   * Something that happens while the failed answer is on its way (a dashboard edit): when the fault hits, or, for a
   * request that is applied before its answer is lost, right after it was applied.
   */
  readonly meanwhile?: () => void;
}

export type Fault = FaultMatch &
  (
    | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string; readonly code?: number; readonly message?: string }
    /** `before-body`: the connection drops as the request arrives; `after-apply`: the request takes effect, the answer is lost. */
    | { readonly kind: "reset"; readonly when: "before-body" | "after-apply" }
    | { readonly kind: "hang" }
    | { readonly kind: "invalid-json" }
    | { readonly kind: "success-false"; readonly code?: number; readonly message?: string }
    /** The request takes effect and the answer's `result` carries these fields as well (what the API may add). */
    | { readonly kind: "extra-fields"; readonly fields: Json }
  );

/**
 * Cloudflare's limit, scaled as a test needs: `limit` requests per credential in a window of `windowMs` that starts
 * with the first request after the previous window ended. The request that goes over it, and every request for
 * `lockoutMs` after, gets 429 with `Retry-After`; then a new window starts. Every answer states the budget as
 * Cloudflare's do (`Ratelimit: "default";r=…;t=…`, `Ratelimit-Policy: "default";q=…;w=…`, whole seconds rounded up),
 * unless `headers` is false: a proxy that strips them, or an older API.
 */
export interface RateLimitMode {
  readonly limit: number;
  readonly windowMs: number;
  readonly lockoutMs: number;
  readonly headers?: boolean;
}

/** Cloudflare's own limit: 1,200 requests per 5 minutes per token, then 5 minutes locked out. */
export const CLOUDFLARE_RATE_LIMIT: RateLimitMode = { limit: 1200, windowMs: 300_000, lockoutMs: 300_000 };

export interface FakeOptions {
  readonly tokens?: readonly string[];
  readonly globalKeys?: ReadonlyArray<{ readonly email: string; readonly key: string }>;
  /** Added to every answer, uniformly between the two bounds (ms). */
  readonly latencyMs?: readonly [number, number];
  /** Default: Cloudflare's own (`CLOUDFLARE_RATE_LIMIT`); `undefined` turns limiting and the headers off. */
  readonly rateLimit?: RateLimitMode;
  /** What `revoke_user` answers in `result`. Default true; with false nothing is revoked, as when Cloudflare refuses. */
  readonly revokeUserResult?: boolean;
  /** Check every answer against the OpenAPI document too (the fake's own tests). */
  readonly validateResponses?: boolean;
  /**
   * The API as it documents itself; default: the vendored excerpt. A test gives a newer one to play a Cloudflare
   * that has fields this package does not know yet.
   */
  readonly document?: Readonly<Record<string, unknown>>;
  /**
   * The day the API takes for today (`YYYY-MM-DD`, UTC): an organization it creates, or one seeded without
   * `created_at`, was created that day, which decides whether strict service-token authentication can be turned off
   * (not from 2026-10-05), and its `created_at` and `updated_at` count up from that day's midnight, a millisecond per
   * write. Default: the real date and time. Pin it in tests whose meaning depends on the date.
   */
  readonly today?: string;
  /**
   * What the API measures time with (milliseconds): its rate-limit windows and lockouts, and `requests[].at`.
   * Default: `performance.now()`. Give it a test's fake clock to move the API's time and a client's together.
   */
  readonly clock?: { now(): number };
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  /** When it arrived, on the API's clock (`clock`; default performance.now()). */
  readonly at: number;
  body?: unknown;
  operationId?: string;
  status?: number;
}

export interface ServiceToken {
  readonly id: string;
  readonly name: string;
  readonly client_id: string;
  readonly duration?: string;
  readonly expires_at?: string;
}

export const FAKE_TOKEN = "fake-cloudflare-token-0123456789";

/**
 * A stateful, faithful stand-in for the Zero Trust organization endpoints on loopback. It keeps organizations per
 * account and zone, replaces them whole on PUT, answers with the live API's quirks, checks credentials, applies
 * the API's validation, checks every request against the OpenAPI document (`violations`), and injects faults.
 */
export class FakeCloudflare {
  readonly requests: RecordedRequest[] = [];
  /** Requests that did not match the OpenAPI document: a test that caused one has sent something invalid. */
  readonly violations: string[] = [];
  readonly stats = { requests: 0, rateLimited: 0, lockouts: 0 };
  private readonly organizations = new Map<string, Json>();
  private readonly doh = new Map<string, StoredDoh>();
  readonly revocations: Array<{ scope: string; email: string; user_uid?: string; devices?: string; body_devices?: boolean; warp_session_reauth?: boolean }> = [];
  private readonly serviceTokens = new Map<string, ServiceToken & { accountId: string }>();
  private readonly faults: Fault[] = [];
  private readonly sockets = new Set<Socket>();
  private validator: OpenApiValidator;
  private readonly windows = new Map<string, { readonly start: number; count: number }>();
  private readonly lockedUntil = new Map<string, number>();
  private options: FakeOptions;
  /** The last `created_at`/`updated_at` written (ms since the epoch). */
  private lastStamp = 0;

  private constructor(
    private readonly server: Server,
    private readonly initialOptions: FakeOptions,
  ) {
    this.options = initialOptions;
    this.validator = new OpenApiValidator(initialOptions.document);
  }

  static async start(options: FakeOptions = {}): Promise<FakeCloudflare> {
    checkToday(options.today);
    const server = createServer();
    const fake = new FakeCloudflare(server, { tokens: [FAKE_TOKEN], rateLimit: CLOUDFLARE_RATE_LIMIT, ...options });
    server.on("request", (req, res) => void fake.handle(req, res));
    server.on("connection", (socket) => {
      fake.sockets.add(socket);
      socket.on("close", () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/client/v4`;
  }

  /** The API token it accepts (the first of `tokens`). */
  get token(): string {
    return this.initialOptions.tokens?.[0] ?? FAKE_TOKEN;
  }

  /** The environment that points the provider, `revokeUserAccess` and the CLI at this API with its token. */
  get env(): { CLOUDFLARE_API_TOKEN: string; CLOUDFLARE_BASE_URL: string } {
    return { CLOUDFLARE_API_TOKEN: this.token, CLOUDFLARE_BASE_URL: this.baseUrl };
  }

  /** Changes latency, rate limiting or credentials for what follows. */
  configure(options: Partial<FakeOptions>): void {
    checkToday(options.today);
    this.options = { ...this.options, ...options };
    if (options.document) this.validator = new OpenApiValidator(options.document);
  }

  inject(...faults: Fault[]): void {
    this.faults.push(...faults.map((f) => ({ ...f, times: f.times ?? 1 })));
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /**
   * Stores an organization as if someone had set it up by hand (wire format), answered as given: a `created_at` is
   * kept, and at zone scope fields beyond the zone's own (account fields, `trusted_accounts`) are answered by every
   * read, as Cloudflare may, and no zone write changes them.
   */
  seedOrganization(scope: ScopeKind, id: string, org: Json): void {
    this.organizations.set(`${scope}/${id}`, storedFrom(scope, org, org, this.now()));
  }

  /** What is stored, without the answer's quirks (a copy: change it with `dashboardEdit`). */
  organization(scope: ScopeKind, id: string): Json | undefined {
    const stored = this.organizations.get(`${scope}/${id}`);
    return stored && copyJson(stored);
  }

  /** The organization disappears, as when it is removed outside Pulumi (the API cannot delete one). */
  removeOrganization(scope: ScopeKind, id: string): void {
    this.organizations.delete(`${scope}/${id}`);
  }

  /**
   * Someone changes settings in the Cloudflare dashboard: the given fields (wire format) replace those stored, the
   * rest stays, `updated_at` moves. Not recorded as a request: the dashboard is another client.
   */
  dashboardEdit(scope: ScopeKind, id: string, changes: Json): void {
    const current = this.organization(scope, id);
    if (!current) throw new Error(`no organization is stored for ${scope}/${id}: seed one first`);
    this.organizations.set(`${scope}/${id}`, storedFrom(scope, { ...current, ...changes }, current, this.now()));
  }

  /** Spends `count` of a token's quota, as the dashboard or another tool using the same token would. */
  useQuota(count: number, token: string = FAKE_TOKEN): void {
    for (let i = 0; i < count; i++) this.spend(`Bearer ${token}`);
  }

  addServiceToken(accountId: string, token: ServiceToken): void {
    this.serviceTokens.set(token.id, { ...token, accountId });
  }

  /**
   * Stores an account's DoH settings as if set up by hand (wire format); the service token must have been added. Other
   * fields (what Cloudflare may add) are answered as given, until a write leaves them out.
   */
  seedDoh(accountId: string, doh: DohSeed): void {
    if (!this.serviceTokens.has(doh.service_token_id)) throw new Error(`add the service token ${doh.service_token_id} first (addServiceToken)`);
    this.doh.set(accountId, { ...doh, updated_at: this.now() });
  }

  /** An account's stored DoH settings (wire format; a copy). */
  dohSettings(accountId: string): StoredDoh | undefined {
    const stored = this.doh.get(accountId);
    return stored && copyJson(stored);
  }

  /** An account's DoH settings disappear, as when they are removed outside Pulumi. */
  removeDoh(accountId: string): void {
    this.doh.delete(accountId);
  }

  /** Forgets state, faults, records, timestamps and option changes (between tests). */
  reset(): void {
    if (this.options.document !== this.initialOptions.document) this.validator = new OpenApiValidator(this.initialOptions.document);
    this.options = this.initialOptions;
    for (const list of [this.requests, this.violations, this.faults]) list.length = 0;
    for (const map of [this.organizations, this.doh, this.serviceTokens, this.windows, this.lockedUntil]) map.clear();
    this.revocations.length = 0;
    this.lastStamp = 0;
    Object.assign(this.stats, { requests: 0, rateLimited: 0, lockouts: 0 });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- Request handling ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests++;
    const url = new URL(req.url ?? "/", "http://fake");
    const apiPath = url.pathname.replace(/^\/client\/v4/, "");
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: apiPath,
      query: Object.fromEntries(url.searchParams),
      at: this.elapsed(),
    };
    this.requests.push(record);
    const credential = req.headers.authorization ?? `${String(req.headers["x-auth-email"])}/${String(req.headers["x-auth-key"])}`;
    const budget = this.spend(credential);
    const reply = (status: number, body: Json | string, headers: Record<string, string> = {}) => {
      record.status = status;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(status, { "content-type": "application/json", ...budget?.headers, ...headers });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      };
      const [min, max] = this.options.latencyMs ?? [0, 0];
      const delay = min + Math.random() * (max - min);
      if (delay > 0) setTimeout(send, delay);
      else send();
    };
    const fail = (status: number, code: number, message: string, chain: string[] = [], headers: Record<string, string> = {}) =>
      reply(status, failure(code, message, chain), headers);

    if (budget?.retryAfter !== undefined) {
      this.stats.rateLimited++;
      return fail(429, 971, "Please wait and consider throttling your request speed", [], { "retry-after": String(budget.retryAfter) });
    }

    const fault = this.takeFault(record.method, apiPath);
    const applied = fault?.kind === "reset" && fault.when === "after-apply";
    if (!applied) fault?.meanwhile?.();
    if (fault?.kind === "reset" && fault.when === "before-body") return void req.socket.destroy();
    if (fault?.kind === "hang") return;
    if (fault?.kind === "status") {
      return fail(fault.status, fault.code ?? (fault.status === 429 ? 971 : 10000 + fault.status), fault.message ?? "injected failure", [], fault.retryAfter ? { "retry-after": fault.retryAfter } : {});
    }
    if (fault?.kind === "invalid-json") return reply(200, "{\"success\": true, \"result\": {");
    if (fault?.kind === "success-false") {
      return reply(200, failure(fault.code ?? 10001, fault.message ?? "injected success:false"));
    }

    const text = await readBody(req);
    const authProblem = this.authenticate(req);
    if (authProblem) return fail(...authProblem);

    const op = this.validator.match(record.method, apiPath);
    if (!op) {
      const badId = /^\/(accounts|zones)\/([^/]+)/.exec(apiPath);
      if (badId && !/^[0-9a-f]{32}$/.test(decodeURIComponent(badId[2]!))) {
        return fail(400, 7003, `Could not route to ${apiPath}, perhaps your object identifier is invalid?`);
      }
      return fail(404, 7000, "No route for that URI");
    }
    record.operationId = op.operationId;
    const id = op.params.account_id ?? op.params.zone_id ?? "";
    if (!/^[0-9a-f]{32}$/.test(id)) return fail(400, 7003, `Could not route to ${apiPath}, perhaps your object identifier is invalid?`);

    let body: unknown;
    if (text !== "") {
      try {
        body = parseExact(text); // a number a double would change is kept as sent
      } catch {
        this.violations.push(`${record.method} ${apiPath}: body is not JSON`);
        return fail(400, 10026, "Malformed JSON in request body");
      }
    }
    record.body = body;
    for (const [name, value] of Object.entries(record.query)) {
      const documented = name === "devices" && op.operationId === "zero-trust-organization-revoke-all-access-tokens-for-a-user";
      if (!documented || !["true", "false"].includes(value)) this.violations.push(`${record.method} ${apiPath}: query ${name}=${value} is not documented`);
    }
    const problems = this.validator.validateRequest(op, body);
    if (problems.length) {
      this.violations.push(...problems.map((p) => `${record.method} ${apiPath}: ${p}`));
      return fail(400, 10001, "Request does not match the API schema", problems);
    }

    try {
      const [status, applied] = this.apply(op, id, (body ?? {}) as Json, record.query);
      if (fault?.kind === "reset") {
        fault.meanwhile?.();
        return void req.socket.destroy();
      }
      const result = fault?.kind === "extra-fields" ? { ...(applied as Json), ...fault.fields } : applied;
      const envelope = { success: true, errors: [], messages: [], result };
      if (this.options.validateResponses) {
        this.violations.push(...this.validator.validateResponse(op, status, envelope).map((p) => `answer to ${op.operationId}: ${p}`));
      }
      reply(status, envelope);
    } catch (error) {
      if (!(error instanceof ApiRejection)) throw error;
      fail(error.status, error.code, error.message, error.chain);
    }
  }

  private apply(op: Operation, id: string, body: Json, query: Record<string, string>): [number, unknown] {
    const scope: ScopeKind = op.params.account_id !== undefined ? "accounts" : "zones";
    const key = `${scope}/${id}`;
    const existing = this.organizations.get(key);
    const notFound = () => new ApiRejection(404, 12130, "access.api.error.not_found");
    const org = (): Json => {
      if (!existing) throw notFound();
      return existing;
    };
    const route = op.template.replace(/^\/(accounts|zones)\/\{\w+\}/, "");
    switch (`${op.method} ${route}`) {
      case "get /access/organizations":
        return [200, render(scope, org(), { read: true })];
      case "post /access/organizations": {
        if (existing) throw new ApiRejection(409, 12061, "access.api.error.conflict", ["an organization already exists"]);
        this.checkWrite(scope, key, body, undefined);
        const stored = storedFrom(scope, body, undefined, this.now());
        this.organizations.set(key, stored);
        return [201, render(scope, stored)];
      }
      case "put /access/organizations": {
        const previous = org();
        this.checkWrite(scope, key, body, previous);
        const stored = storedFrom(scope, body, previous, this.now());
        this.organizations.set(key, stored);
        return [200, render(scope, stored)];
      }
      case "post /access/organizations/revoke_user":
        if (this.options.revokeUserResult === false) return [200, false];
        this.revocations.push({
          scope: key,
          email: String(body.email),
          ...(body.user_uid !== undefined && { user_uid: String(body.user_uid) }),
          ...(query.devices !== undefined && { devices: query.devices }),
          ...(body.devices !== undefined && { body_devices: Boolean(body.devices) }),
          ...(body.warp_session_reauth !== undefined && { warp_session_reauth: Boolean(body.warp_session_reauth) }),
        });
        return [200, true];
      case "get /access/organizations/doh": {
        const doh = this.doh.get(id);
        if (!doh) throw notFound();
        return [200, this.renderDoh(doh)];
      }
      case "put /access/organizations/doh": {
        const previous = this.doh.get(id);
        const tokenId = (body.service_token_id as string | undefined) ?? previous?.service_token_id;
        const token = tokenId ? this.serviceTokens.get(tokenId) : undefined;
        if (!token || token.accountId !== id) {
          throw new ApiRejection(404, 12130, "access.api.error.not_found", ["service token not found"]);
        }
        if (body.doh_jwt_duration !== undefined && !/^(\d*\.?\d+(ns|us|µs|ms|s|m|h))+$/.test(String(body.doh_jwt_duration))) {
          throw new ApiRejection(400, 12062, "access.api.error.invalid_request", ["invalid doh_jwt_duration"]);
        }
        // the whole object is replaced: a field the body leaves out is gone (only the JWT duration keeps its value)
        const { service_token_id: _token, doh_jwt_duration: _duration, ...rest } = body;
        const stored: StoredDoh = {
          ...rest,
          service_token_id: token.id,
          ...((body.doh_jwt_duration ?? previous?.doh_jwt_duration) !== undefined && {
            doh_jwt_duration: String(body.doh_jwt_duration ?? previous?.doh_jwt_duration),
          }),
          updated_at: this.now(),
        };
        this.doh.set(id, stored);
        return [201, this.renderDoh(stored)];
      }
    }
    throw new ApiRejection(404, 7000, "No route for that URI");
  }

  private checkWrite(scope: ScopeKind, key: string, body: Json, previous: Json | undefined): void {
    checkOrganization(scope, body, previous, new Date(this.nextStamp()).toISOString());
    for (const [other, org] of this.organizations) {
      if (other !== key && org.auth_domain === body.auth_domain) {
        throw new ApiRejection(400, 12062, "access.api.error.invalid_auth_domain", [`auth domain ${String(body.auth_domain)} is already in use`]);
      }
    }
  }

  private renderDoh({ service_token_id, doh_jwt_duration, updated_at, ...rest }: StoredDoh): Json {
    const token = this.serviceTokens.get(service_token_id);
    return {
      ...rest,
      id: service_token_id,
      client_id: token?.client_id,
      name: token?.name,
      duration: token?.duration ?? "8760h",
      expires_at: token?.expires_at ?? "2027-11-23T00:00:00Z",
      doh_jwt_duration: doh_jwt_duration ?? "24h",
      created_at: "2026-01-01T00:00:00Z",
      updated_at,
    };
  }

  private authenticate(req: IncomingMessage): [number, number, string] | undefined {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const token = /^Bearer (.+)$/.exec(auth)?.[1];
      return token && this.options.tokens?.includes(token) ? undefined : [401, 1000, "Invalid API Token"];
    }
    const email = req.headers["x-auth-email"];
    const key = req.headers["x-auth-key"];
    if (email === undefined && key === undefined) return [400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers"];
    const ok = this.options.globalKeys?.some((k) => k.email === email && k.key === key);
    return ok ? undefined : [403, 10000, "Authentication error"];
  }

  /** Counts a request against the credential's window: the budget headers, and the seconds to wait when over it. */
  private spend(credential: string): { headers: Record<string, string>; retryAfter?: number } | undefined {
    const mode = this.options.rateLimit;
    if (!mode) return undefined;
    const now = this.elapsed();
    const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
    const answer = (remaining: number, resetMs: number, retryAfter?: number) => ({
      headers: mode.headers === false ? ({} as Record<string, string>) : {
        ratelimit: `"default";r=${remaining};t=${seconds(resetMs)}`,
        "ratelimit-policy": `"default";q=${mode.limit};w=${seconds(mode.windowMs)}`,
      },
      ...(retryAfter !== undefined && { retryAfter: seconds(retryAfter) }),
    });
    const locked = this.lockedUntil.get(credential) ?? 0;
    if (now < locked) return answer(0, locked - now, locked - now);
    let window = this.windows.get(credential);
    if (!window || now >= window.start + mode.windowMs) this.windows.set(credential, (window = { start: now, count: 0 }));
    window.count++;
    if (window.count <= mode.limit) return answer(mode.limit - window.count, window.start + mode.windowMs - now);
    this.stats.lockouts++;
    this.lockedUntil.set(credential, now + mode.lockoutMs);
    this.windows.delete(credential);
    return answer(0, mode.lockoutMs, mode.lockoutMs);
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (f.method === undefined || f.method === method) &&
        (f.path === undefined || (typeof f.path === "string" ? path.includes(f.path) : f.path.test(path))),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    if (fault.until !== undefined) {
      if (Date.now() < fault.until) return fault;
      this.faults.splice(index, 1);
      return this.takeFault(method, path);
    }
    const left = (fault.times ?? 1) - 1;
    if (left <= 0) this.faults.splice(index, 1);
    else this.faults[index] = { ...fault, times: left };
    return fault;
  }

  /** Strictly increasing timestamps, so every write is visible in `updated_at`. */
  private now(): string {
    this.lastStamp = this.nextStamp();
    return new Date(this.lastStamp).toISOString();
  }

  /** The next timestamp: from `today`'s midnight, or the real time. */
  private nextStamp(): number {
    const today = this.options.today;
    return Math.max(this.lastStamp + 1, today === undefined ? Date.now() : Date.parse(`${today}T00:00:00Z`));
  }

  private elapsed(): number {
    return (this.options.clock ?? performance).now();
  }
}

function checkToday(today: string | undefined): void {
  if (today === undefined) return;
  const midnight = Date.parse(`${today}T00:00:00Z`);
  // Date.parse takes 2026-02-30 for March 2nd: the date must read back the same
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== today) {
    throw new Error(`today must be a date as YYYY-MM-DD (got ${JSON.stringify(today)})`);
  }
}

function failure(code: number, message: string, chain: string[] = []): Json {
  return {
    success: false,
    errors: [{ code, message, ...(chain.length ? { error_chain: chain.map((m) => ({ message: m })) } : {}) }],
    messages: [],
    result: null,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
