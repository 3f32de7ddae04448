import { cloudflareId, uuid } from "./common";
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
