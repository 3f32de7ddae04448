import { z } from "zod";
import type { Validator } from "./common";
import type { PlainObject } from "./naming";
import { apiTokenEnvVar, cloudflareId, duration, uuid, validator } from "./schema";
import { bodyFor } from "./spec";
import { overlay, prune } from "./values";
import type { DohUpdateWire, DohWire } from "./wire";

/** Arguments of `OrganizationDoh` (account scope only), with the resource's option. No rule spans two fields. */
const DOH_INPUTS = z.strictObject({
  accountId: cloudflareId(),
  /** How long the JWT a DoH client gets lasts; the API caps it at the account's key rotation period. */
  dohJwtDuration: duration({ minHours: 0 }).optional(),
  /** The Access service token DoH clients authenticate with. */
  serviceTokenId: uuid().optional(),
  apiTokenEnvVar: apiTokenEnvVar.optional(),
});

/** `OrganizationDoh`'s inputs, validated (its Args document each). */
export type DohInputs = {
  accountId: string;
  dohJwtDuration?: string;
  serviceTokenId?: string;
  apiTokenEnvVar?: string;
};

/** Validates `OrganizationDoh` inputs. */
export const validateDohInputs: Validator<DohInputs> = validator(DOH_INPUTS, () => []);

/**
 * The body of a DoH PUT, by the rule an organization's follows (`bodyFor`): the settings as read right before it,
 * the managed ones set (`undefined`: as read), without what the PUT does not take (the read's service token details, the timestamps). The
 * PUT replaces the whole object, so a field the package does not know is written back exactly as read.
 */
export function dohWriteBody(current: DohWire | undefined, managed: DohUpdateWire): DohUpdateWire {
  const body = overlay((current ?? {}) as PlainObject, managed);
  // Cloudflare's empty placeholders ("", null) of the managed fields are not values to write back
  for (const key of Object.keys(managed)) if (prune(body[key]) === undefined) delete body[key];
  return bodyFor("doh", "put", body) as DohUpdateWire;
}
