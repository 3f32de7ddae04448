import { formatIssues, type SchemaIssue } from "./common";

/**
 * The one root of every error the package throws: `instanceof CloudflareError` catches them all. The client's errors
 * (client/errors.ts: what Cloudflare answered, or that it did not) extend it; so do the package's own refusals below.
 */
export class CloudflareError extends Error {
  override readonly name: string = "CloudflareError";
}

/** Arguments that fail validation, each issue naming its field; thrown before any request is made. */
export class InvalidArgumentsError extends CloudflareError {
  override readonly name = "InvalidArgumentsError";
  constructor(
    what: string,
    /** Every issue found, each with its dotted property path. */
    readonly issues: readonly SchemaIssue[],
  ) {
    super(`Invalid ${what}: ${formatIssues(issues)}`);
  }
}

/**
 * Why this package refused or stopped, as a stable code an Automation API program can branch on (the message is
 * for people and may change). Cloudflare's own refusals stay `CloudflareApiError`s with Cloudflare's codes.
 */
export type ZeroTrustErrorCode =
  /** The account or zone has no organization, and the program cannot create one (no `name`/`authDomain`). */
  | "organization_missing"
  /** The organization in the stack no longer exists on Cloudflare. */
  | "organization_gone"
  /** Adopting would change what adoption must never change (e.g. the auth domain). */
  | "adoption_refused"
  /** The organization about to be written breaks a rule of the API; nothing was written. */
  | "invalid_organization"
  /** The program's arguments are invalid (e.g. an unknown preset); nothing was sent. */
  | "invalid_arguments"
  /** The DoH settings need a service token and none is configured. */
  | "doh_token_missing"
  /** Cloudflare answered `result: false` to a revocation. */
  | "revocation_refused"
  /** An operation the platform cannot do (e.g. `pulumi import` of a dynamic resource). */
  | "unsupported"
  /** An optional peer dependency is not installed (ajv, for the local API of `pulumi-cloudflare-zero-trust/testing`). */
  | "missing_dependency";

/** A failure decided by this package, before or instead of a write. Nothing was half-applied. */
export class ZeroTrustError extends CloudflareError {
  override readonly name = "ZeroTrustError";

  constructor(
    /** Stable: branch on it (the message may change). */
    readonly code: ZeroTrustErrorCode,
    message: string,
  ) {
    super(message);
  }
}
