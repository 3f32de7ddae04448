import { z } from "zod";
import { cloudflareId, issuesOf, once, type Validation } from "./common";

/** Arguments of `revokeUserAccess`: exactly one scope, the user's email, and what else to end. */
export const revokeUserSchema = once(() =>
  z
    .strictObject({
      accountId: cloudflareId().optional(),
      zoneId: cloudflareId().optional(),
      email: z.email({ error: "must be an email address" }),
      /** The user's id: a UUID, or the 32-hex form Cloudflare shows. */
      userUid: z
        .string()
        .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i, "must be a user id (a UUID)")
        .optional(),
      devices: z.boolean().optional(),
      warpSessionReauth: z.boolean().optional(),
    })
    .superRefine((args, ctx) => {
      if ((args.accountId === undefined) === (args.zoneId === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: [args.accountId === undefined ? "accountId" : "zoneId"],
          message: args.accountId === undefined ? "set accountId or zoneId" : "accountId and zoneId are exclusive: set exactly one",
        });
      }
      if (args.zoneId !== undefined) {
        for (const key of ["userUid", "devices", "warpSessionReauth"] as const) {
          if (args[key] !== undefined) {
            ctx.addIssue({ code: "custom", path: [key], message: "is an account option; the zone endpoint takes only email" });
          }
        }
      }
    }),
);

export type RevokeUserArgs = z.infer<ReturnType<typeof revokeUserSchema>>;

/** Validates `revokeUserAccess` arguments before any request is made. */
export function validateRevokeUserArgs(input: unknown): Validation<RevokeUserArgs> {
  const parsed = revokeUserSchema().safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: issuesOf(parsed.error) };
}
