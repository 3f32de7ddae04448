import { validateOrganizationInputs, type OrganizationInputs } from "../../model/inputs";
import type { PlainObject } from "../../model/naming";
import { parseInputs } from "../common";

/** The inputs of create and update, which the engine checked already: failing here means state from elsewhere. */
export function parseOrganizationInputs(news: PlainObject): OrganizationInputs {
  return parseInputs("ZeroTrustOrganization", news, (input) => validateOrganizationInputs(input));
}
