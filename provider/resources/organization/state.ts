import type { Scope } from "../../client";
import type { OrganizationWire } from "../../schemas";
import { ORGANIZATION_SETTINGS, READ_ONLY_FIELDS, ZONE_FIELDS } from "../../schemas";
import { camelToSnake, fromWire, toWire, type PlainObject } from "../../schemas/naming";
import { overlay, prune } from "../values";
import type { OrganizationInputs } from "./args";

/** What the resource records beyond Cloudflare's settings, so read/update/delete (which get outputs) can work. */
export interface Bookkeeping {
  /** The organization existed before this resource and was adopted rather than created. */
  adopted: boolean;
  /** The settings at adoption, for `restoreOnDelete` (camelCase, without timestamps). */
  settingsBeforeAdoption?: PlainObject;
  restoreOnDelete?: boolean;
  clear?: string[];
  apiTokenEnvVar?: string;
}

/**
 * The body of a PUT: the organization as Cloudflare has it (unknown fields included, so nothing the API adds later
 * is wiped), without read-only fields, overlaid with the managed settings, minus the fields to clear, without empty
 * values.
 */
export function putBody(current: OrganizationWire | undefined, settings: PlainObject, clear: readonly string[] = []): OrganizationWire {
  const base: PlainObject = { ...current };
  for (const field of READ_ONLY_FIELDS) delete base[field];
  const merged = overlay(base, toWire(settings));
  for (const field of clear) delete merged[camelToSnake(field)];
  return (prune(merged) ?? {}) as OrganizationWire;
}

/** The organization's settings in Pulumi's names, without Cloudflare's empty placeholders or timestamps. */
export function settingsFromWire(scope: Scope, org: OrganizationWire): PlainObject {
  const camel = fromWire(org);
  const names: readonly string[] = scope.kind === "accounts" ? ORGANIZATION_SETTINGS : ZONE_FIELDS;
  const out: PlainObject = {};
  for (const name of names) {
    const value = prune(camel[name]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The organization as outputs name it: the scope, every setting Cloudflare has, and the timestamps. */
export function organizationState(scope: Scope, org: OrganizationWire): PlainObject {
  return {
    [scope.kind === "accounts" ? "accountId" : "zoneId"]: scope.id,
    ...settingsFromWire(scope, org),
    ...(org.created_at ? { createdAt: org.created_at } : {}),
    ...(org.updated_at ? { updatedAt: org.updated_at } : {}),
  };
}

/** Outputs: the organization's state and the bookkeeping. Nothing secret. */
export function organizationOutputs(scope: Scope, org: OrganizationWire, book: Bookkeeping): PlainObject {
  return {
    ...organizationState(scope, org),
    adopted: book.adopted,
    ...(book.settingsBeforeAdoption && { settingsBeforeAdoption: book.settingsBeforeAdoption }),
    ...(book.restoreOnDelete && { restoreOnDelete: true }),
    ...(book.clear?.length && { clear: book.clear }),
    ...(book.apiTokenEnvVar && { apiTokenEnvVar: book.apiTokenEnvVar }),
  };
}

/** The bookkeeping of new inputs, carrying over what only the first create can know. */
export function bookkeeping(inputs: OrganizationInputs, previous?: PlainObject): Bookkeeping {
  return {
    adopted: previous?.adopted === true,
    settingsBeforeAdoption: previous?.settingsBeforeAdoption as PlainObject | undefined,
    restoreOnDelete: inputs.restoreOnDelete,
    clear: inputs.clear,
    apiTokenEnvVar: inputs.apiTokenEnvVar,
  };
}

/** The settings before adoption, all of them (unknown ones too), ready to be written back. */
export function snapshot(org: OrganizationWire): PlainObject {
  return fromWire(putBody(org, {}));
}
