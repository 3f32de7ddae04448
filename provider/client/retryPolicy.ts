/** When to retry a failed attempt and how long to wait first. Pure: the transport applies it. */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
}

export interface FailedAttempt {
  /** 1 after the first attempt failed, 2 after the second, … */
  readonly attempt: number;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** The Node/undici error code, when it did not. */
  readonly code?: string;
  readonly retryAfter?: string;
  /** A request that may be applied twice without harm (GET, PUT, an idempotent POST). */
  readonly idempotent: boolean;
  /** Milliseconds left before the operation's deadline. */
  readonly remainingMs: number;
}

export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number; readonly rateLimited: boolean };

/** Cloudflare's edge answers 52x when the origin misbehaves; all are worth another try. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527]);
/** Statuses that prove the request was not applied, so even a create may be retried. */
const NOT_APPLIED_STATUS = new Set([408, 429]);

const RETRYABLE_CODES = new Set([
  "ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH",
  "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CLOSED",
]);
/** Errors that happen before the request reaches the server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

export function decideRetry(failure: FailedAttempt, policy: RetryPolicy, random: () => number = Math.random): RetryDecision {
  const { status, code } = failure;
  const retryable = status !== undefined ? RETRYABLE_STATUS.has(status) : code !== undefined && RETRYABLE_CODES.has(code);
  if (!retryable) return { retry: false, reason: "not a transient failure" };
  const provablyNotApplied = status !== undefined ? NOT_APPLIED_STATUS.has(status) : NOT_SENT_CODES.has(code ?? "");
  if (!failure.idempotent && !provablyNotApplied) {
    return { retry: false, reason: "the request may have been applied and is not safe to repeat" };
  }
  if (failure.attempt > policy.retries) return { retry: false, reason: `gave up after ${policy.retries} retries` };

  const retryAfterMs = parseRetryAfter(failure.retryAfter);
  const delayMs = retryAfterMs ?? backoff(failure.attempt, policy, random);
  if (delayMs > failure.remainingMs) {
    return { retry: false, reason: `waiting ${Math.ceil(delayMs / 1000)}s would pass the operation's deadline` };
  }
  return { retry: true, delayMs, rateLimited: status === 429 };
}

/** Exponential backoff with "equal jitter": half the step is fixed, half random, so callers spread out. */
export function backoff(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxBackoffMs, policy.minBackoffMs * 2 ** Math.max(0, attempt - 1));
  return step / 2 + random() * (step / 2);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names a weekday and month; a bare "-5" is neither seconds nor a date.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
