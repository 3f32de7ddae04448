import { z } from "zod";
import { parseInputs } from "../common";
import { ZeroTrustError } from "../errors";
import { prune } from "../values";
import {
  apiTokenEnvVar,
  asSet,
  ORGANIZATION_FIELDS,
  ORGANIZATION_SETTINGS,
  organizationRuleIssues,
  validator,
  ZONE_FIELDS,
  type Known,
  type OrganizationSettings,
  type SchemaIssue,
} from "../../model";
import type { Scope } from "../../client";
import type { PlainObject } from "../../model/naming";

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

export function parseOrganizationInputs(news: PlainObject): OrganizationInputs {
  return parseInputs("ZeroTrustOrganization", news, (input) => validateOrganizationInputs(input));
}

/** The settings the program manages: `""`, `[]` and `{}` are unset (unmanaged), like a missing value; clearing is `clear`'s job. */
export function settingsOf(inputs: OrganizationInputs): OrganizationSettings {
  const settings: PlainObject = { ...inputs };
  for (const key of NON_SETTINGS) delete settings[key];
  return (prune(settings) ?? {}) as OrganizationSettings;
}

export function scopeOf(values: { accountId?: unknown; zoneId?: unknown }): Scope {
  if (typeof values.accountId === "string") return { kind: "accounts", id: values.accountId };
  if (typeof values.zoneId === "string") return { kind: "zones", id: values.zoneId };
  throw new ZeroTrustError("unsupported", "The resource has neither an accountId nor a zoneId (its state was not written by this package)");
}
