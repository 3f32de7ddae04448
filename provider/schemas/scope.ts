import { z } from "zod";
import { cloudflareId, issuesOf, once, type Validation } from "./common";

/** Where an organization lives: exactly one of an account and a zone. */
export interface ScopeArgs {
  accountId?: string;
  zoneId?: string;
}

/** The refinement every scoped argument object shares: exactly one of `accountId` and `zoneId`. */
export function exactlyOneScope(args: ScopeArgs, ctx: z.RefinementCtx): void {
  if ((args.accountId === undefined) !== (args.zoneId === undefined)) return;
  ctx.addIssue({
    code: "custom",
    path: [args.accountId === undefined ? "accountId" : "zoneId"],
    message: args.accountId === undefined ? "set accountId or zoneId" : "accountId and zoneId are exclusive: set exactly one",
  });
}

const scopeArgsSchema = once(() =>
  z.strictObject({ accountId: cloudflareId().optional(), zoneId: cloudflareId().optional() }).superRefine(exactlyOneScope),
);

/** Validates `{ accountId | zoneId }` (the lookup's arguments) before any request is made. */
export function validateScopeArgs(input: unknown): Validation<ScopeArgs> {
  const parsed = scopeArgsSchema().safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: issuesOf(parsed.error) };
}
