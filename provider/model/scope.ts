import { z } from "zod";
import type { SchemaIssue, Validator } from "./common";
import { cloudflareId, validator } from "./schema";
import { ZeroTrustError } from "./errors";

/** Where an organization lives: an account, or a single zone (the API's path segments). */
export interface Scope {
  readonly kind: "accounts" | "zones";
  readonly id: string;
}

/** `account 0123…` or `zone 0123…`, as messages name a scope. */
export function describeScope(scope: Scope): string {
  return `${scope.kind === "accounts" ? "account" : "zone"} ${scope.id}`;
}

/** The scope of validated arguments, or of a resource's inputs or outputs: its `accountId`, else its `zoneId`. */
export function scopeOf(values: { readonly accountId?: unknown; readonly zoneId?: unknown }): Scope {
  if (typeof values.accountId === "string") return { kind: "accounts", id: values.accountId };
  if (typeof values.zoneId === "string") return { kind: "zones", id: values.zoneId };
  throw new ZeroTrustError("unsupported", "The resource has neither an accountId nor a zoneId (its state was not written by this package)");
}

/** Which organization: exactly one of an account and a zone. */
export interface ScopeArgs {
  /** The account whose organization it is (32 hex characters). Exactly one of `accountId` and `zoneId`. */
  accountId?: string;
  /** The zone, for a zone-level organization (32 hex characters). Exactly one of `accountId` and `zoneId`. */
  zoneId?: string;
}

/** The rule every scoped argument object shares: exactly one of `accountId` and `zoneId`. */
export function scopeIssues(args: ScopeArgs): SchemaIssue[] {
  if ((args.accountId === undefined) !== (args.zoneId === undefined)) return [];
  return [
    args.accountId === undefined
      ? { property: "accountId", reason: "set accountId or zoneId" }
      : { property: "zoneId", reason: "accountId and zoneId are exclusive: set exactly one" },
  ];
}

/** Validates `{ accountId | zoneId }` (the lookup's arguments) before any request is made. */
export const validateScopeArgs: Validator<ScopeArgs> = validator(
  z.strictObject({ accountId: cloudflareId().optional(), zoneId: cloudflareId().optional() }),
  scopeIssues,
);
