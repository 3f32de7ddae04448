import { z } from "zod";
import { cloudflareId, issuesOf, once, uuid, type Validation } from "./common";
import { duration } from "./duration";

/** Arguments of `OrganizationDoh`: account scope only. */
export function dohShape() {
  return {
    accountId: cloudflareId(),
    /** How long the JWT a DoH client gets lasts; the API caps it at the account's key rotation period. */
    dohJwtDuration: duration({ minHours: 0 }),
    /** The Access service token DoH clients authenticate with. */
    serviceTokenId: uuid(),
  };
}

const dohArgsSchema = once(() => z.strictObject(dohShape()).partial({ dohJwtDuration: true, serviceTokenId: true }));

/** Validates `OrganizationDoh` arguments. */
export function validateDohArgs(input: unknown): Validation<DohArgs> {
  const parsed = dohArgsSchema().safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: issuesOf(parsed.error) };
}

export type DohArgs = { accountId: string; dohJwtDuration?: string; serviceTokenId?: string };
