import { z } from "zod";
import { apiTokenEnvVar, cloudflareId, uuid, validator } from "./common";
import { duration } from "./duration";

/** Arguments of `OrganizationDoh` (account scope only), with the resource's option. No rule spans two fields. */
const DOH_INPUTS = z.strictObject({
  accountId: cloudflareId(),
  /** How long the JWT a DoH client gets lasts; the API caps it at the account's key rotation period. */
  dohJwtDuration: duration({ minHours: 0 }).optional(),
  /** The Access service token DoH clients authenticate with. */
  serviceTokenId: uuid().optional(),
  apiTokenEnvVar: apiTokenEnvVar.optional(),
});

export type DohInputs = z.output<typeof DOH_INPUTS>;

/** Validates `OrganizationDoh` inputs. */
export const validateDohInputs = validator(DOH_INPUTS, () => []);
