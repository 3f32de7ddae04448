import { MAX_WAIT_MS } from "./clock";
import { CloudflareConfigurationError } from "./errors";

/** How requests authenticate. An API token is preferred; the email + Global API key pair is the legacy scheme. */
export type Credentials =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "globalKey"; readonly email: string; readonly key: string };

/** Everything the client needs, resolved and validated. Holds the credential: never log or store it. */
export interface ClientSettings {
  readonly baseUrl: string;
  readonly credentials: Credentials;
  /** An explicit cap in requests per second for this credential (CLOUDFLARE_RPS); otherwise Cloudflare's budget decides. */
  readonly rps: number | undefined;
  /** How many requests may go out back to back before a pacing rate applies. */
  readonly burst: number;
  /** Fraction of each quota Cloudflare states that is left for people and other tools. */
  readonly rateReserve: number;
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** How long one attempt may take as a whole, from sending it to the last byte of its answer. */
  readonly attemptTimeoutMs: number;
  /** How long one operation may take, retries and waits included. */
  readonly deadlineMs: number;
}

export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

export const DEFAULTS = {
  /**
   * Pacing when answers state no budget (a proxy, an older API): Cloudflare allows 1,200 requests per 5 minutes
   * per token, and 3/s with a burst of 2 uses at most 902 of them in any 5-minute window.
   */
  fallbackRps: 3,
  burst: 2,
  /** A tenth of the quota stays for the dashboard and other tools using the token. */
  rateReserve: 0.1,
  retries: 4, // the Cloudflare Terraform provider v4's defaults: 4 retries, 1–30 s backoff
  minBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  attemptTimeoutMs: 30_000,
  // long enough to sit out one 5-minute rate-limit lockout and still finish
  deadlineMs: 10 * 60_000,
} as const;

/**
 * Credentials and client settings, as one place holds them (options given to a call, Pulumi config, the environment):
 * strings as read, or numbers. Each value unset in one place is taken from the next (README: Credentials and settings).
 */
export interface SettingsValues {
  /** A Cloudflare API token (preferred). Environment `CLOUDFLARE_API_TOKEN`, Pulumi config `cloudflare:apiToken`. Defaults to none: some credential is required. */
  apiToken?: string;
  /** The account email of a Global API key pair (legacy), with `apiKey`. Environment `CLOUDFLARE_EMAIL`, Pulumi config `cloudflare:email`. Defaults to none. */
  email?: string;
  /** The Global API key, with `email`. Environment `CLOUDFLARE_API_KEY`, Pulumi config `cloudflare:apiKey`. Defaults to none. */
  apiKey?: string;
  /**
   * The API's base URL; plain `http` only to a loopback host. Environment `CLOUDFLARE_BASE_URL`, Pulumi config
   * `cloudflare:baseUrl`. Defaults to `https://api.cloudflare.com/client/v4`.
   */
  baseUrl?: string;
  /**
   * A hard cap in requests per second per credential. Environment `CLOUDFLARE_RPS`, Pulumi config
   * `cloudflare-zero-trust:rps`. Defaults to none: the rate follows Cloudflare's stated budget (3/s when it states none).
   */
  rps?: string | number;
  /**
   * The share of each quota left for people and other tools: a fraction (`0.1`) or a percentage (`"10%"`). Environment
   * `CLOUDFLARE_RATE_RESERVE`, Pulumi config `cloudflare-zero-trust:rateReserve`. Defaults to `10%`.
   */
  rateReserve?: string | number;
  /** Retries after the first attempt. Environment `CLOUDFLARE_RETRIES` (no Pulumi config key). Defaults to 4. */
  retries?: string | number;
  /** The shortest backoff between retries, in seconds. Environment `CLOUDFLARE_MIN_BACKOFF` (no Pulumi config key). Defaults to 1. */
  minBackoff?: string | number;
  /** The longest backoff between retries, in seconds. Environment `CLOUDFLARE_MAX_BACKOFF` (no Pulumi config key). Defaults to 30. */
  maxBackoff?: string | number;
  /** How long one attempt may take, in seconds. Environment `CLOUDFLARE_TIMEOUT` (no Pulumi config key). Defaults to 30. */
  timeout?: string | number;
}

/** A named place settings come from, so an error can say which variable or key is wrong. */
export interface SettingsSource {
  readonly origin: "options" | "pulumi config" | "environment";
  readonly values: SettingsValues;
  /** What each value is called where it was found (a Pulumi config key), for the errors about it. */
  readonly labels?: Partial<Record<keyof SettingsValues, string>>;
}

/** The environment variables the Cloudflare Terraform provider used. */
const ENVIRONMENT_NAMES: Record<keyof SettingsValues, string> = {
  apiToken: "CLOUDFLARE_API_TOKEN", email: "CLOUDFLARE_EMAIL", apiKey: "CLOUDFLARE_API_KEY",
  baseUrl: "CLOUDFLARE_BASE_URL", rps: "CLOUDFLARE_RPS", rateReserve: "CLOUDFLARE_RATE_RESERVE", retries: "CLOUDFLARE_RETRIES",
  minBackoff: "CLOUDFLARE_MIN_BACKOFF", maxBackoff: "CLOUDFLARE_MAX_BACKOFF", timeout: "CLOUDFLARE_TIMEOUT",
};

/** How a setting is called where it came from, so an error names what to fix. */
function labelOf({ origin, labels }: SettingsSource, key: keyof SettingsValues): string {
  return labels?.[key] ?? (origin === "environment" ? ENVIRONMENT_NAMES[key] : key);
}

/** Reads the variables the Cloudflare Terraform provider used, at call time. */
export function environmentSource(env: NodeJS.ProcessEnv = process.env): SettingsSource {
  const values: SettingsValues = {};
  for (const key of Object.keys(ENVIRONMENT_NAMES) as (keyof SettingsValues)[]) {
    const value = env[ENVIRONMENT_NAMES[key]]?.trim();
    if (value) values[key] = value;
  }
  return { origin: "environment", values };
}

/**
 * Resolves settings from sources in priority order (first wins). The credential is taken whole from the first
 * source that has one, so a token in Pulumi config is never mixed with a key from the environment.
 */
export function resolveSettings(...sources: SettingsSource[]): ClientSettings {
  const pick = (key: keyof SettingsValues) => {
    for (const source of sources) {
      const value = source.values[key];
      if (value !== undefined && value !== "") return { value, label: labelOf(source, key) };
    }
    return undefined;
  };
  /** A duration in seconds, as milliseconds; a wait the client could never make is refused, naming the setting. */
  const seconds = (key: keyof SettingsValues, fallbackMs: number, min: number, maxMs: number, what: string) => {
    const found = pick(key);
    if (!found) return fallbackMs;
    const ms = numberSetting(found.label, found.value, min) * 1000;
    if (ms > maxMs) {
      throw new CloudflareConfigurationError(`${found.label} is ${found.value}s, longer than ${what} (${maxMs / 1000}s)`);
    }
    return ms;
  };

  const minBackoffMs = seconds("minBackoff", DEFAULTS.minBackoffMs, 0, MAX_WAIT_MS, "any wait may take");
  const maxBackoffMs = seconds("maxBackoff", DEFAULTS.maxBackoffMs, 0, MAX_WAIT_MS, "any wait may take");
  if (maxBackoffMs < minBackoffMs) {
    throw new CloudflareConfigurationError(
      `The maximum backoff (${maxBackoffMs / 1000}s) is below the minimum backoff (${minBackoffMs / 1000}s)`,
    );
  }
  const rps = pick("rps");
  const rateReserve = pick("rateReserve");
  const retries = pick("retries");
  const baseUrl = pick("baseUrl");
  return {
    baseUrl: checkBaseUrl(baseUrl ? String(baseUrl.value) : DEFAULT_BASE_URL, baseUrl?.label ?? "base URL"),
    credentials: resolveCredentials(sources),
    rps: rps ? rateSetting(rps.label, rps.value) : undefined,
    burst: DEFAULTS.burst,
    rateReserve: rateReserve ? fractionSetting(rateReserve.label, rateReserve.value) : DEFAULTS.rateReserve,
    retries: retries ? integerSetting(retries.label, retries.value) : DEFAULTS.retries,
    minBackoffMs,
    maxBackoffMs,
    attemptTimeoutMs: seconds("timeout", DEFAULTS.attemptTimeoutMs, Number.MIN_VALUE, DEFAULTS.deadlineMs, "an operation may take, retries included"),
    deadlineMs: DEFAULTS.deadlineMs,
  };
}

function resolveCredentials(sources: SettingsSource[]): Credentials {
  for (const source of sources) {
    const { origin, values } = source;
    const label = (key: keyof SettingsValues) => labelOf(source, key);
    const { apiToken, email, apiKey } = values;
    if (!apiToken && !email && !apiKey) continue;
    if (apiToken && (email || apiKey)) {
      throw new CloudflareConfigurationError(
        `Both ${label("apiToken")} and ${label(apiKey ? "apiKey" : "email")} are set in the ${origin}: ` +
          `set either an API token or an email + Global API key pair, not both`,
      );
    }
    if (apiToken) return { kind: "token", token: apiToken };
    if (!email || !apiKey) {
      throw new CloudflareConfigurationError(
        `${label(email ? "email" : "apiKey")} is set in the ${origin} without ${label(email ? "apiKey" : "email")}: ` +
          `the Global API key scheme needs both`,
      );
    }
    return { kind: "globalKey", email, key: apiKey };
  }
  throw new CloudflareConfigurationError(
    "No Cloudflare credential found: set CLOUDFLARE_API_TOKEN (or the Pulumi config secret cloudflare:apiToken), " +
      "or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY",
  );
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

/** Refuses anything but https, except plain http to this machine (a local fake or proxy). */
export function checkBaseUrl(raw: string, label: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CloudflareConfigurationError(`${label} is not a valid URL`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new CloudflareConfigurationError(
      `${label} must use https (plain http is allowed only to a loopback host such as 127.0.0.1); got ${url.protocol}//${url.host}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new CloudflareConfigurationError(`${label} must not carry credentials, a query or a fragment`);
  }
  return url.toString().replace(/\/+$/, "");
}

function numberSetting(label: string, raw: string | number, min: number): number {
  const value = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new CloudflareConfigurationError(`${label} must be a number ${min > 0 ? "above 0" : "of 0 or more"} (got "${raw}")`);
  }
  return value;
}

/** Requests per second: at least one per longest wait, or a single paced request could never be sent in time. */
function rateSetting(label: string, raw: string | number): number {
  const rps = numberSetting(label, raw, Number.MIN_VALUE);
  const slowest = 1000 / MAX_WAIT_MS;
  if (rps < slowest) {
    throw new CloudflareConfigurationError(
      `${label} is ${raw}: one request every ${formatSeconds(1 / rps)}, but no request may wait longer than ` +
        `${MAX_WAIT_MS / 1000}s; set at least ${slowest.toPrecision(2)} (or leave it unset to follow Cloudflare's budget)`,
    );
  }
  return rps;
}

function formatSeconds(seconds: number): string {
  return seconds < 1e6 ? `${Math.round(seconds)}s` : `${seconds.toExponential(1)}s`;
}

/** A share below the whole: `0.1` or `10%`. */
function fractionSetting(label: string, raw: string | number): number {
  const text = String(raw).trim();
  const percent = text.endsWith("%");
  const number = percent ? text.slice(0, -1) : text;
  const value = Number(number) / (percent ? 100 : 1);
  if (number === "" || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new CloudflareConfigurationError(`${label} must be a share of the quota from 0 to below 1, such as 0.1 or 10% (got "${raw}")`);
  }
  return value;
}

function integerSetting(label: string, raw: string | number): number {
  const value = numberSetting(label, raw, 0);
  if (!Number.isInteger(value)) throw new CloudflareConfigurationError(`${label} must be a whole number (got "${raw}")`);
  return value;
}
