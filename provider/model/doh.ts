import { z } from "zod";
import type { Validator } from "./common";
import { apiTokenEnvVar, cloudflareId, duration, uuid, validator } from "./schema";

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
