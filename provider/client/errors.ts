/** Typed errors of the Cloudflare client. Every message is built to be safe to print: see `redact`. */

/** One entry of the API's `errors`/`messages` arrays. */
export interface CloudflareMessage {
  readonly code: number;
  readonly message: string;
  readonly documentation_url?: string;
  readonly source?: { readonly pointer?: string };
  /** Access errors explain themselves here (`invalid mfa authenticator type`). */
  readonly error_chain?: ReadonlyArray<{ readonly message: string }>;
}

export class CloudflareError extends Error {
  override readonly name: string = "CloudflareError";
}

/** Settings or credentials are missing or malformed; nothing was sent. */
export class CloudflareConfigurationError extends CloudflareError {
  override readonly name = "CloudflareConfigurationError";
}

interface RequestDescription {
  readonly method: string;
  readonly path: string;
}

/** The API answered, and the answer is an error (non-2xx or `success: false`). */
export class CloudflareApiError extends CloudflareError {
  override readonly name = "CloudflareApiError";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly errors: readonly CloudflareMessage[];
  /** Seconds the API asked us to wait (on 429), when it said. */
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

  /** The organization (or DoH setting) does not exist yet. */
  get isNotFound(): boolean {
    return this.status === 404 && this.errors.some((e) => /not_found|not found/i.test(e.message));
  }
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
    const wait = retryAfter !== undefined ? ` Cloudflare asked to wait ${retryAfter}s.` : "";
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
