import { z } from "zod";
import { cloudflareId, validator, type SchemaIssue } from "./common";

/** Where an organization lives: exactly one of an account and a zone. */
export interface ScopeArgs {
  accountId?: string;
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
export const validateScopeArgs = validator(
  z.strictObject({ accountId: cloudflareId().optional(), zoneId: cloudflareId().optional() }),
  scopeIssues,
);
