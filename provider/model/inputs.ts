import { z } from "zod";
import { asSet, validator, apiTokenEnvVar, type Known, type SchemaIssue } from "./common";
import type { PlainObject } from "./naming";
import { ORGANIZATION_FIELDS, ORGANIZATION_SETTINGS, organizationRuleIssues, ZONE_FIELDS, type OrganizationSettings } from "./organization";
import { prune } from "./values";

/** Keys of the inputs that are not organization settings. */
const NON_SETTINGS = ["accountId", "zoneId", "restoreOnDelete", "clear", "apiTokenEnvVar"] as const;

/** The organization's fields, and what the resource adds to them. */
const ORGANIZATION_INPUTS = z
  .strictObject({
    ...ORGANIZATION_FIELDS,
    /** On `pulumi destroy`, put back the settings the organization had before this resource adopted it. */
    restoreOnDelete: z.boolean(),
    /** Settings to remove from the organization (Cloudflare's default applies); removing a setting from the program only stops managing it. */
    clear: z.array(z.enum(ORGANIZATION_SETTINGS)).transform(asSet),
    /** The environment variable holding this resource's API token (one token per account); default: the provider's credential. */
    apiTokenEnvVar,
  })
  .partial();

export type OrganizationInputs = z.output<typeof ORGANIZATION_INPUTS>;

/** The organization's rules, and what `clear` may not name. */
function inputRuleIssues(inputs: OrganizationInputs, known: Known): SchemaIssue[] {
  const clearIssues = (inputs.clear ?? []).flatMap((field): SchemaIssue[] => {
    const reason =
      field === "name" || field === "authDomain"
        ? "cannot be cleared: every organization has a name and an auth domain"
        : inputs[field] !== undefined
          ? "is both set and cleared"
          : inputs.zoneId !== undefined && !(ZONE_FIELDS as readonly string[]).includes(field)
            ? "is an account setting; a zone organization does not have it"
            : undefined;
    return reason ? [{ property: "clear", reason: `${field} ${reason}` }] : [];
  });
  return [...organizationRuleIssues(inputs, known), ...clearIssues];
}

/** Validates a `ZeroTrustOrganization`'s inputs: settings, scope and options, and every rule between them. */
export const validateOrganizationInputs = validator(ORGANIZATION_INPUTS, inputRuleIssues);

/** The settings the program manages: `""`, `[]` and `{}` are unset (unmanaged), like a missing value; clearing is `clear`'s job. */
export function settingsOf(inputs: OrganizationInputs): OrganizationSettings {
  const settings: PlainObject = { ...inputs };
  for (const key of NON_SETTINGS) delete settings[key];
  return (prune(settings) ?? {}) as OrganizationSettings;
}
