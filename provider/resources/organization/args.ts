import { z } from "zod";
import { apiTokenEnvVar, parseInputs } from "../common";
import { definedOnly } from "../values";
import {
  issuesOf,
  once,
  organizationSettingNames,
  validateOrganizationArgs,
  ZONE_FIELDS,
  type OrganizationArgsShape,
  type OrganizationSetting,
  type OrganizationSettings,
  type SchemaIssue,
  type Validation,
} from "../../schemas";
import type { Scope } from "../../client";
import type { PlainObject } from "../../schemas/naming";

/** What the resource adds to the organization's settings. */
export interface ResourceOptions {
  /** On `pulumi destroy`, put back the settings the organization had before this resource adopted it. */
  restoreOnDelete?: boolean;
  /** Settings to remove from the organization (Cloudflare's default applies); removing a setting from the program only stops managing it. */
  clear?: OrganizationSetting[];
  /** The environment variable holding this resource's API token (one token per account); default: the provider's credential. */
  apiTokenEnvVar?: string;
}

export type OrganizationInputs = OrganizationArgsShape & ResourceOptions;

const optionsSchema = once(() =>
  z
    .strictObject({ restoreOnDelete: z.boolean(), clear: z.array(z.enum(organizationSettingNames())), apiTokenEnvVar: apiTokenEnvVar() })
    .partial(),
);

/** Keys of the inputs that are not organization settings. */
const NON_SETTINGS = ["accountId", "zoneId", "restoreOnDelete", "clear", "apiTokenEnvVar"] as const;

export function validateOrganizationInputs(input: PlainObject, known: (path: string) => boolean = () => true): Validation<OrganizationInputs> {
  const { restoreOnDelete, clear, apiTokenEnvVar: tokenVariable, ...args } = input;
  const issues: SchemaIssue[] = [];
  const options = optionsSchema().safeParse(definedOnly({ restoreOnDelete, clear, apiTokenEnvVar: tokenVariable }));
  if (!options.success) issues.push(...issuesOf(options.error));
  const settings = validateOrganizationArgs(args, known);
  if (!settings.ok) issues.push(...settings.issues);
  if (!options.success || !settings.ok) return { ok: false, issues };

  const cleared = [...new Set(options.data.clear ?? [])].sort();
  for (const field of cleared) {
    const reason =
      field === "name" || field === "authDomain"
        ? "cannot be cleared: every organization has a name and an auth domain"
        : settings.value[field] !== undefined
          ? "is both set and cleared"
          : args.zoneId !== undefined && !(ZONE_FIELDS as readonly string[]).includes(field)
            ? "is an account setting; a zone organization does not have it"
            : undefined;
    if (reason) issues.push({ property: "clear", reason: `${field} ${reason}` });
  }
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      ...settings.value,
      ...(options.data.restoreOnDelete !== undefined && { restoreOnDelete: options.data.restoreOnDelete }),
      ...(cleared.length && { clear: cleared }),
      ...(options.data.apiTokenEnvVar !== undefined && { apiTokenEnvVar: options.data.apiTokenEnvVar }),
    },
  };
}

export function parseOrganizationInputs(news: PlainObject): OrganizationInputs {
  return parseInputs("ZeroTrustOrganization", news, (input) => validateOrganizationInputs(input));
}

export function settingsOf(inputs: OrganizationInputs): OrganizationSettings {
  const settings: PlainObject = { ...inputs };
  for (const key of NON_SETTINGS) delete settings[key];
  return settings as OrganizationSettings;
}

export function scopeOf(values: { accountId?: unknown; zoneId?: unknown }): Scope {
  if (typeof values.accountId === "string") return { kind: "accounts", id: values.accountId };
  if (typeof values.zoneId === "string") return { kind: "zones", id: values.zoneId };
  throw new Error("The resource has neither an accountId nor a zoneId");
}
