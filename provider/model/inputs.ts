import { z } from "zod";
import { asSet, type Known, type SchemaIssue, type Validator } from "./common";
import type { SettingsOf, Table } from "./fields";
import type { PlainObject } from "./naming";
import { organizationRulesOf, organizationShapeOf, type OrganizationSetting, type OrganizationSettings } from "./organization";
import { apiTokenEnvVar, validator } from "./schema";
import type { ScopeArgs } from "./scope";
import { SETTINGS } from "./settings";
import { prune } from "./values";
import { settingNamesOf, zoneSettingsOf } from "./table";

/** What a `ZeroTrustOrganization` takes besides the organization's settings (documented on its Args). */
export interface OrganizationOptions<Name extends string = OrganizationSetting> {
  restoreOnDelete?: boolean;
  clear?: Name[];
  apiTokenEnvVar?: string;
}

/** A `ZeroTrustOrganization`'s inputs, validated: its scope, the settings it manages, and its options. */
export type OrganizationInputs = OrganizationSettings & ScopeArgs & OrganizationOptions;

/** Keys of the inputs that are not organization settings. */
const NON_SETTINGS = ["accountId", "zoneId", "restoreOnDelete", "clear", "apiTokenEnvVar"] as const;

/** The organization's rules, and what `clear` may not name. */
function inputRulesOf(table: Table): (inputs: OrganizationInputs, known: Known) => SchemaIssue[] {
  const organizationRules = organizationRulesOf(table);
  const zoneFields: readonly string[] = zoneSettingsOf(table);
  return (inputs, known) => {
    const clearIssues = (inputs.clear ?? []).flatMap((field): SchemaIssue[] => {
      const reason =
        field === "name" || field === "authDomain"
          ? "cannot be cleared: every organization has a name and an auth domain"
          : inputs[field] !== undefined
            ? "is both set and cleared"
            : inputs.zoneId !== undefined && !zoneFields.includes(field)
              ? "is an account setting; a zone organization does not have it"
              : undefined;
      return reason ? [{ property: "clear", reason: `${field} ${reason}` }] : [];
    });
    return [...organizationRules(inputs, known), ...clearIssues];
  };
}

/** Validates the inputs of a `ZeroTrustOrganization` of a table's settings: settings, scope and options, and every rule between them. */
export function organizationInputsValidator<T extends Table>(table: T): Validator<SettingsOf<T> & ScopeArgs & OrganizationOptions<keyof T & string>> {
  const inputs = z
    .strictObject({
      ...organizationShapeOf(table),
      restoreOnDelete: z.boolean(),
      clear: z.array(z.enum(settingNamesOf(table))).transform(asSet),
      apiTokenEnvVar,
    })
    .partial();
  return validator(inputs, inputRulesOf(table) as (value: unknown, known: Known) => SchemaIssue[]) as Validator<
    SettingsOf<T> & ScopeArgs & OrganizationOptions<keyof T & string>
  >;
}

/** Validates a `ZeroTrustOrganization`'s inputs (see `organizationInputsValidator`). */
export const validateOrganizationInputs: Validator<OrganizationInputs> = organizationInputsValidator(SETTINGS);

/** The settings the program manages: `""`, `[]` and `{}` are unset (unmanaged), like a missing value; clearing is `clear`'s job. */
export function settingsOf(inputs: OrganizationInputs): OrganizationSettings {
  const settings: PlainObject = { ...inputs };
  for (const key of NON_SETTINGS) delete settings[key];
  return (prune(settings) ?? {}) as OrganizationSettings;
}
