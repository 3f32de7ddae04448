import { CloudflareError } from "../model/errors";

/** Typed errors of the Cloudflare client, under the package's one root. Every message is built to be safe to print: see `redact`. */

/** One entry of the API's `errors`/`messages` arrays. */
export interface CloudflareMessage {
  readonly code: number;
  readonly message: string;
  readonly documentation_url?: string;
  readonly source?: { readonly pointer?: string };
  /** Access errors explain themselves here (`invalid mfa authenticator type`). */
  readonly error_chain?: ReadonlyArray<{ readonly message: string }>;
}

/** Settings or credentials are missing or malformed; nothing was sent. */
export class CloudflareConfigurationError extends CloudflareError {
  override readonly name = "CloudflareConfigurationError";
}

/** A request as messages name it: the method and the path below the base URL (ids included, never a credential). */
export interface RequestDescription {
  readonly method: string;
  readonly path: string;
}

/** The API answered, and the answer is an error (non-2xx or `success: false`). Its subclasses name the status class. */
export class CloudflareApiError extends CloudflareError {
  override readonly name: string = "CloudflareApiError";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly errors: readonly CloudflareMessage[];
  /** Seconds the API asked us to wait (`Retry-After`, in seconds or as an HTTP date), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    request: RequestDescription,
    status: number,
    errors: readonly CloudflareMessage[],
    retryAfterSeconds?: number,
  ) {
    super(describeApiError(request, status, errors, retryAfterSeconds));
    this.method = request.method;
    this.path = request.path;
    this.status = status;
    this.errors = errors;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get codes(): number[] {
    return this.errors.map((e) => e.code);
  }
}

/**
 * 404 from the API itself: the organization (or DoH setting) does not exist. A 404 that does not say so (Cloudflare's
 * "No route for that URI" for a wrong base URL, a proxy's page) stays a plain `CloudflareApiError`, so a misconfigured
 * URL is never taken for a missing organization.
 */
export class CloudflareNotFoundError extends CloudflareApiError {
  override readonly name = "CloudflareNotFoundError";
}

/** 401 or 403: the credential is invalid, or lacks the permission on this account or zone. */
export class CloudflareAuthenticationError extends CloudflareApiError {
  override readonly name = "CloudflareAuthenticationError";
}

/** 429: the token went over Cloudflare's rate limit; `retryAfterSeconds` says how long it asked to wait. */
export class CloudflareRateLimitedError extends CloudflareApiError {
  override readonly name = "CloudflareRateLimitedError";
}

/** 409: the object changed under the request (a create met an organization created meanwhile). */
export class CloudflareConflictError extends CloudflareApiError {
  override readonly name = "CloudflareConflictError";
}

/** 5xx: Cloudflare (or its edge, 52x) failed; retried while the retry budget lasts. */
export class CloudflareServerError extends CloudflareApiError {
  override readonly name = "CloudflareServerError";
}

/**
 * The error of an answer, as the class of its status. The one place that reads an answer to tell a missing object
 * from a missing route (the API's own message says which); callers match classes with `instanceof`.
 */
export function apiErrorOf(
  request: RequestDescription,
  status: number,
  errors: readonly CloudflareMessage[],
  retryAfterSeconds?: number,
): CloudflareApiError {
  const of = (Class: typeof CloudflareApiError) => new Class(request, status, errors, retryAfterSeconds);
  if (status === 404) return errors.some((e) => /not_found|not found/i.test(e.message)) ? of(CloudflareNotFoundError) : of(CloudflareApiError);
  if (status === 401 || status === 403) return of(CloudflareAuthenticationError);
  if (status === 409) return of(CloudflareConflictError);
  if (status === 429) return of(CloudflareRateLimitedError);
  if (status >= 500 && status <= 599) return of(CloudflareServerError);
  return of(CloudflareApiError);
}

/** The request did not produce an answer: connection refused or reset, or a timeout. */
export class CloudflareNetworkError extends CloudflareError {
  override readonly name = "CloudflareNetworkError";
  readonly method: string;
  readonly path: string;
  /** Node/undici error code such as `ECONNRESET` or `UND_ERR_HEADERS_TIMEOUT`. */
  readonly code: string | undefined;

  constructor(request: RequestDescription, code: string | undefined, detail: string) {
    super(`Cloudflare API ${request.method} ${request.path} failed without an answer (${code ?? "network error"}): ${detail}`);
    this.method = request.method;
    this.path = request.path;
    this.code = code;
  }
}

/** The API answered with something that is not the Cloudflare envelope (bad JSON, wrong shape). */
export class CloudflareResponseError extends CloudflareError {
  override readonly name = "CloudflareResponseError";
  readonly status: number;

  constructor(request: RequestDescription, status: number, detail: string) {
    super(`Cloudflare API ${request.method} ${request.path} returned an unreadable answer (HTTP ${status}): ${detail}`);
    this.status = status;
  }
}

/**
 * A wait that cannot end in time: the rate budget (what Cloudflare's `Ratelimit` header or a 429's `Retry-After`
 * said, or the pacing) would hold a request past its operation's deadline, or longer than any wait is allowed.
 * Raised at once, before the wait: nothing was sent.
 */
export class CloudflareWaitError extends CloudflareError {
  override readonly name = "CloudflareWaitError";
  readonly method: string;
  readonly path: string;
  /** What the wait comes from, as Cloudflare said it (`Ratelimit r=0;t=86400`, `Retry-After 3600`) or the pacing. */
  readonly reason: string;
  readonly waitMs: number;
  /** How long the operation could still wait: what was left of its deadline, at most the longest wait allowed. */
  readonly allowedMs: number;

  constructor(
    request: RequestDescription,
    reason: string,
    waitMs: number,
    allowedMs: number,
    message = `Cloudflare API ${request.method} ${request.path} not sent: the rate budget would wait ${seconds(waitMs)}s ` +
      `(${reason}), longer than the ${seconds(allowedMs)}s this operation may still wait`,
  ) {
    super(message);
    this.method = request.method;
    this.path = request.path;
    this.reason = reason;
    this.waitMs = waitMs;
    this.allowedMs = allowedMs;
  }

  /** The request waited for the rate budget (or for answers in flight) until its operation's deadline. */
  static atDeadline(request: RequestDescription, waitedMs: number): CloudflareWaitError {
    const reason = "the operation's deadline";
    return new CloudflareWaitError(request, reason, waitedMs, waitedMs,
      `Cloudflare API ${request.method} ${request.path} not sent: it waited ${seconds(waitedMs)}s for the rate budget and reached ${reason}`);
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function describeApiError(
  { method, path }: RequestDescription,
  status: number,
  errors: readonly CloudflareMessage[],
  retryAfterSeconds: number | undefined,
): string {
  const details = errors.length
    ? errors
        .map((e) => {
          const chain = e.error_chain?.map((c) => c.message).filter(Boolean) ?? [];
          const pointer = e.source?.pointer ? ` (at ${e.source.pointer})` : "";
          return `[${e.code}] ${e.message}${pointer}${chain.length ? `: ${chain.join("; ")}` : ""}`;
        })
        .join(", ")
    : "no error details";
  const hint = hintFor(status, errors, retryAfterSeconds);
  return `Cloudflare API ${method} ${path} failed: HTTP ${status} ${details}${hint ? ` — ${hint}` : ""}`;
}

function hintFor(status: number, errors: readonly CloudflareMessage[], retryAfter: number | undefined): string {
  const codes = new Set(errors.map((e) => e.code));
  if (status === 401 || status === 403 || codes.has(1000) || codes.has(10000) || codes.has(9103) || codes.has(9109)) {
    return (
      "Check the credential: CLOUDFLARE_API_TOKEN (or cloudflare:apiToken) must be a valid API token with the " +
      '"Access: Organizations, Identity Providers, and Groups Write" permission on this account or zone, ' +
      "or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY a valid Global API key pair"
    );
  }
  if (status === 429) {
    const wait = retryAfter !== undefined ? ` Cloudflare asked to wait ${Math.ceil(retryAfter)}s.` : "";
    return (
      "Rate limited: Cloudflare allows 1,200 requests per 5 minutes per token (shared with the dashboard) and blocks " +
      `the token for 5 minutes once it is exceeded.${wait} Lower CLOUDFLARE_RPS (cloudflare-zero-trust:rps), or give each ` +
      "pipeline its own token"
    );
  }
  if (codes.has(7003) || codes.has(7000)) {
    return "Check the account or zone id: it must be the 32-character id shown in the Cloudflare dashboard";
  }
  return "";
}

/**
 * Replaces every occurrence of each secret in `text`. Applied to anything built from an API answer, in case the
 * server echoes a header back.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("[REDACTED]");
  }
  return out;
}
