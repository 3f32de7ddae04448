import type { OrganizationWire } from "../../model/wire";
import type { PlainObject } from "../../model/naming";
import type { OrganizationSettings } from "../../model/organization";
import type { Scope } from "../../model/scope";
import { managedPaths, organizationState } from "../../model/body";
import type { OrganizationInputs } from "../../model/inputs";
import { SECRET_ARGUMENTS, secretArgumentsOf } from "../planInput";

/** What the resource records beyond Cloudflare's settings, so read/update/delete (which get outputs) can work. */
export interface Bookkeeping {
  /** The organization existed before this resource and was adopted rather than created. */
  adopted: boolean;
  /** The settings at adoption, for `restoreOnDelete` (Pulumi names, modelled settings only). */
  settingsBeforeAdoption?: PlainObject;
  /** The settings the program manages (dotted Pulumi paths: what it sets, and what it clears): all `restoreOnDelete` touches. */
  managedSettings?: string[];
  restoreOnDelete?: boolean;
  clear?: string[];
  apiTokenEnvVar?: string;
  /** The arguments given as secrets (names), for the methods that get only outputs (see secrets.ts). */
  secretArguments?: string[];
}

/** Outputs: the organization's state and the bookkeeping. Nothing secret. */
export function organizationOutputs(scope: Scope, org: OrganizationWire, book: Bookkeeping): PlainObject {
  return {
    ...organizationState(scope, org),
    adopted: book.adopted,
    ...(book.settingsBeforeAdoption && { settingsBeforeAdoption: book.settingsBeforeAdoption }),
    ...(book.managedSettings?.length && { managedSettings: book.managedSettings }),
    ...(book.restoreOnDelete && { restoreOnDelete: true }),
    ...(book.clear?.length && { clear: book.clear }),
    ...(book.apiTokenEnvVar && { apiTokenEnvVar: book.apiTokenEnvVar }),
    ...(book.secretArguments?.length && { [SECRET_ARGUMENTS]: book.secretArguments }),
  };
}

/** The bookkeeping of new inputs (create, update), carrying over what only the first create can know. */
export function bookkeeping(inputs: OrganizationInputs, settings: OrganizationSettings, secretArguments: string[], previous?: PlainObject): Bookkeeping {
  return {
    secretArguments,
    adopted: previous?.adopted === true,
    settingsBeforeAdoption: previous?.settingsBeforeAdoption as PlainObject | undefined,
    managedSettings: managedPaths(settings, inputs.clear),
    restoreOnDelete: inputs.restoreOnDelete,
    clear: inputs.clear,
    apiTokenEnvVar: inputs.apiTokenEnvVar,
  };
}

/** The bookkeeping a refresh keeps: all of it comes from the outputs it was given. */
export function keptBookkeeping(outputs: PlainObject): Bookkeeping {
  return {
    adopted: outputs.adopted === true,
    settingsBeforeAdoption: outputs.settingsBeforeAdoption as PlainObject | undefined,
    managedSettings: outputs.managedSettings as string[] | undefined,
    restoreOnDelete: outputs.restoreOnDelete === true,
    clear: outputs.clear as string[] | undefined,
    apiTokenEnvVar: outputs.apiTokenEnvVar as string | undefined,
    secretArguments: secretArgumentsOf(outputs),
  };
}
