import { request, type Dispatcher } from "undici";
import { z } from "zod";
import { parseExact } from "../model/json";
import type { WireSchema } from "../model/wire";
import {
  apiErrorOf,
  CloudflareNetworkError,
  CloudflareResponseError,
  redact,
  type CloudflareMessage,
  type RequestDescription,
} from "./errors";
import type { Clock } from "./clock";
import type { HeaderValues } from "./rateLimitHeaders";
import { parseRetryAfter } from "./retryPolicy";

/** One attempt, on the wire: sent once, its answer read to the end. Whether to send it again is the caller's call. */

const messageSchema = z.looseObject({
  code: z.number(),
  message: z.string(),
  documentation_url: z.string().nullish(),
  source: z.looseObject({ pointer: z.string().nullish() }).nullish(),
  error_chain: z.array(z.looseObject({ message: z.string() })).nullish(),
});

/** `{success, errors, messages, result}`; revoke_user answers without `errors`/`messages`. */
const envelopeSchema = z.looseObject({
  success: z.boolean(),
  errors: z.array(messageSchema).nullish(),
  messages: z.array(messageSchema).nullish(),
  result: z.unknown().optional(),
});

/** An answer as it came: what the rate budget learns from (its headers), and what `readAnswer` reads. */
export interface Answer {
  readonly status: number;
  readonly headers: HeaderValues;
  readonly text: string;
}

export interface Attempt {
  readonly description: RequestDescription;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly dispatcher: Dispatcher;
  /** How long the whole attempt may take, from sending to the answer's last byte, and what sets that limit. */
  readonly limit: AttemptLimit;
  /** What the limit is timed with. */
  readonly clock: Clock;
  /** Never to appear in an error message (the credential). */
  readonly secrets: readonly string[];
}

export interface AttemptLimit {
  readonly ms: number;
  /** For the error: `CLOUDFLARE_TIMEOUT (3s)`, `the operation's 600s deadline (1.2s left)`. */
  readonly what: string;
}

/**
 * Sends the request once; no whole answer (reset, refused, or not complete within the limit) is a
 * `CloudflareNetworkError`. The limit covers the attempt as a whole: an answer that keeps dripping a byte at a time
 * (which undici's idle timeouts never catch) is abandoned all the same.
 */
export async function sendOnce(attempt: Attempt): Promise<Answer> {
  const abort = new AbortController();
  const cancel = attempt.clock.after(attempt.limit.ms, () => abort.abort());
  // What an attempt abandoned at its limit was still waiting for, in undici's codes: a timeout, retried as a hang
  // is (`retryPolicy`) unless the deadline leaves no time for another.
  let waitingFor = { code: "UND_ERR_HEADERS_TIMEOUT", what: "no answer" };
  try {
    const response = await request(attempt.url, {
      dispatcher: attempt.dispatcher,
      method: attempt.description.method as Dispatcher.HttpMethod,
      headers: {
        ...attempt.headers,
        accept: "application/json",
        ...(attempt.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: attempt.body === undefined ? undefined : JSON.stringify(attempt.body),
      signal: abort.signal,
      // undici's own timeouts count idle time between bytes, on the wall clock: the limit above is the one that counts
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    waitingFor = { code: "UND_ERR_BODY_TIMEOUT", what: `HTTP ${response.statusCode}, its body not complete` };
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  } catch (error) {
    if (abort.signal.aborted) {
      throw new CloudflareNetworkError(attempt.description, waitingFor.code, `${waitingFor.what} within ${attempt.limit.what}`);
    }
    const err = error as NodeJS.ErrnoException;
    throw new CloudflareNetworkError(attempt.description, err.code, redact(err.message, attempt.secrets));
  } finally {
    cancel();
  }
}

/** The result of a Cloudflare envelope, or the typed error the answer amounts to. */
export function readAnswer<T>(
  description: RequestDescription,
  answer: Answer,
  result: WireSchema<T>,
  secrets: readonly string[],
): T {
  const { status, text } = answer;
  let json: unknown;
  try {
    json = parseExact(text); // a number a double would change is kept as its text, to be written back exactly
  } catch {
    if (status >= 400) throw apiErrorOf(description, status, [], retryAfterSeconds(answer));
    throw new CloudflareResponseError(description, status, "the body is not JSON");
  }
  const envelope = envelopeSchema.safeParse(json);
  const ok = status >= 200 && status < 300;
  if (!ok || !envelope.success || envelope.data.success !== true) {
    if (ok && !envelope.success) {
      throw new CloudflareResponseError(description, status, "the body is not a Cloudflare API envelope");
    }
    const messages = envelope.success ? (envelope.data.errors ?? []) : looseErrors(json);
    throw apiErrorOf(description, status, redactMessages(messages, secrets), retryAfterSeconds(answer));
  }
  const parsed = result.safeParse(envelope.data.result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path?.length ? `${issue.path.map(String).join(".")}: ` : "";
    throw new CloudflareResponseError(description, status, `unexpected result shape (${at}${issue?.message ?? "invalid"})`);
  }
  return parsed.data;
}

/** `Retry-After` in either form (seconds, or an HTTP date, against the wall clock), in seconds. */
function retryAfterSeconds(answer: Answer): number | undefined {
  const header = answer.headers["retry-after"];
  const ms = parseRetryAfter(Array.isArray(header) ? header[0] : header);
  return ms === undefined ? undefined : ms / 1000;
}

function redactMessages(messages: readonly z.infer<typeof messageSchema>[], secrets: readonly string[]): CloudflareMessage[] {
  return messages.map((m) => ({
    code: m.code,
    message: redact(m.message, secrets),
    ...(m.source?.pointer ? { source: { pointer: redact(m.source.pointer, secrets) } } : {}),
    ...(m.error_chain?.length ? { error_chain: m.error_chain.map((c) => ({ message: redact(c.message, secrets) })) } : {}),
  }));
}

/** Error messages from an answer that is not quite an envelope (a 4xx from a proxy that still says something). */
function looseErrors(json: unknown): z.infer<typeof messageSchema>[] {
  const errors = (json as { errors?: unknown })?.errors;
  const parsed = messageSchema.array().safeParse(errors);
  return parsed.success ? parsed.data : [];
}
