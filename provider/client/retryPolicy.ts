import { MAX_WAIT_MS } from "./clock";

/** When to retry a failed attempt and how long to wait first. Pure: the client's one retry loop applies it. */

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
  /** What the answer's `Retry-After` asked for, in milliseconds (see `parseRetryAfter`). */
  readonly retryAfterMs?: number;
  /** Milliseconds left before the operation's deadline. */
  readonly remainingMs: number;
}

export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number; readonly rateLimited: boolean };

/**
 * Cloudflare's edge answers 52x when the origin misbehaves; all are worth another try. 409: the object changed under
 * the request (a create met an organization created meanwhile); a request rebuilt from a fresh read may succeed.
 */
const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527]);
/**
 * Statuses that prove the request was not applied (refused: timed out at the edge, rate limited, in conflict with
 * the object as it is): a create that met one cannot have created anything.
 */
const NOT_APPLIED_STATUS = new Set([408, 409, 429]);

const RETRYABLE_CODES: ReadonlySet<string | undefined> = new Set([
  "ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH",
  "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CLOSED",
]);
/** Errors that happen before the request reaches the server. */
const NOT_SENT_CODES: ReadonlySet<string | undefined> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * Whether and when to try an operation again. Every operation of the client is safe to try again: a read, a
 * revocation (revoking twice revokes once), and a whole-object write, which a retry rebuilds from a fresh read (a
 * write that was applied is then seen, not repeated; a create is never sent again once the read finds the object).
 */
export function decideRetry(failure: FailedAttempt, policy: RetryPolicy, random: () => number = Math.random): RetryDecision {
  if (!isTransient(failure)) return { retry: false, reason: "not a transient failure" };
  if (failure.attempt > policy.retries) return { retry: false, reason: `gave up after ${policy.retries} retries` };

  const delayMs = failure.retryAfterMs ?? backoff(failure.attempt, policy, random);
  if (delayMs > failure.remainingMs) {
    return { retry: false, reason: `waiting ${Math.ceil(delayMs / 1000)}s would pass the operation's deadline` };
  }
  if (delayMs > MAX_WAIT_MS) {
    return { retry: false, reason: `waiting ${Math.ceil(delayMs / 1000)}s is longer than any wait is allowed (${MAX_WAIT_MS / 1000}s)` };
  }
  return { retry: true, delayMs, rateLimited: failure.status === 429 };
}

/** A failure worth another try: the server was busy or failed, or the connection did. */
function isTransient({ status, code }: Pick<FailedAttempt, "status" | "code">): boolean {
  return status !== undefined ? RETRYABLE_STATUS.has(status) : RETRYABLE_CODES.has(code);
}

/** A failure that proves the request was not applied (it was refused before, or never reached, the server). */
export function provablyNotApplied({ status, code }: Pick<FailedAttempt, "status" | "code">): boolean {
  return status !== undefined ? NOT_APPLIED_STATUS.has(status) : NOT_SENT_CODES.has(code);
}

/** Exponential backoff with "equal jitter": half the step is fixed, half random, so callers spread out. */
export function backoff(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxBackoffMs, policy.minBackoffMs * 2 ** Math.max(0, attempt - 1));
  return step / 2 + random() * (step / 2);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names a weekday and month; a bare "-5" is neither seconds nor a date.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
