import type { Scope } from "../../client";
import type { OrganizationSettings, OrganizationWire } from "../../schemas";
import { ORGANIZATION_SETTINGS, ZONE_FIELDS } from "../../schemas";
import { camelToSnake, fromWire, isPlainObject, toWire, type PlainObject } from "../../schemas/naming";
import { DOCUMENTED_FIELDS } from "../../schemas/spec";
import { leaves, overlay, prune, valueAt } from "../values";
import type { OrganizationInputs } from "./args";

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
}

/** Wire names of the settings this package models; every other key is carried exactly as read. */
const MODELLED = new Set(ORGANIZATION_SETTINGS.map(camelToSnake));

/**
 * The body of a write: the organization as Cloudflare has it, without read-only fields (taken from the OpenAPI
 * excerpt) or fields of the other scope, overlaid with the managed settings, minus the fields to clear. Fields the
 * package does not model stay exactly as read, under their own wire names, so nothing Cloudflare adds later is
 * wiped or renamed; the modelled ones lose Cloudflare's empty placeholders.
 */
export function writeBody(scope: Scope, current: OrganizationWire | undefined, settings: OrganizationSettings, clear: readonly string[] = []): OrganizationWire {
  const fields = DOCUMENTED_FIELDS[scope.kind];
  const body: PlainObject = {};
  for (const [key, value] of Object.entries(overlay(current ?? {}, toWire(settings)))) {
    if (fields.readOnly.has(key) || fields.foreign.has(key) || clear.some((field) => camelToSnake(field) === key)) continue;
    const kept = MODELLED.has(key) ? prune(value) : value;
    if (kept !== undefined) body[key] = kept;
  }
  return body as OrganizationWire;
}

/** A write's answer, with what only a read answers (`trusted_accounts`) taken from the read it was built on. */
export function withReadOnly(scope: Scope, read: OrganizationWire | undefined, answer: OrganizationWire): OrganizationWire {
  const readOnly = DOCUMENTED_FIELDS[scope.kind].readOnly;
  return { ...Object.fromEntries(Object.entries(read ?? {}).filter(([key]) => readOnly.has(key))), ...answer };
}

/** The part of a body a create (POST) accepts; the rest must follow in a PUT. */
export function splitForCreate(scope: Scope, body: OrganizationWire): { post: OrganizationWire; rest: boolean } {
  const created = DOCUMENTED_FIELDS[scope.kind].created;
  const post = Object.fromEntries(Object.entries(body).filter(([key]) => created.has(key))) as OrganizationWire;
  return { post, rest: Object.keys(post).length < Object.keys(body).length };
}

/**
 * The body that puts back, onto the organization as read now, the values the managed settings had before the
 * adoption (a setting that was unset then is removed); everything else stays as read.
 */
export function restoreBody(scope: Scope, current: OrganizationWire, before: PlainObject, managed: readonly string[]): OrganizationWire {
  const restored = structuredClone(current) as PlainObject;
  for (const path of managed) {
    const keys = path.split(".").map(camelToSnake);
    const parent = keys.slice(0, -1).reduce<PlainObject>((node, key) => (isPlainObject(node[key]) ? node[key] : (node[key] = {})), restored);
    const value = valueAt(before, path);
    if (value === undefined) delete parent[keys.at(-1)!];
    else parent[keys.at(-1)!] = toWire(value); // a cleared object comes back whole, in wire names
  }
  return writeBody(scope, restored as OrganizationWire, {});
}

/** The organization's settings in Pulumi's names, without Cloudflare's empty placeholders or timestamps. */
export function settingsFromWire(scope: Scope, org: OrganizationWire): PlainObject {
  const names: readonly string[] = scope.kind === "accounts" ? ORGANIZATION_SETTINGS : ZONE_FIELDS;
  const out: PlainObject = {};
  for (const name of names) {
    const value = prune(fromWire((org as PlainObject)[camelToSnake(name)]));
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
    ...(scope.kind === "accounts" && Array.isArray(org.trusted_accounts) && { trustedAccounts: org.trusted_accounts }),
  };
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
  };
}

/** The bookkeeping of new inputs (create, update), carrying over what only the first create can know. */
export function bookkeeping(inputs: OrganizationInputs, settings: OrganizationSettings, previous?: PlainObject): Bookkeeping {
  return {
    adopted: previous?.adopted === true,
    settingsBeforeAdoption: previous?.settingsBeforeAdoption as PlainObject | undefined,
    managedSettings: managedPaths(settings, inputs.clear),
    restoreOnDelete: inputs.restoreOnDelete,
    clear: inputs.clear,
    apiTokenEnvVar: inputs.apiTokenEnvVar,
  };
}

/** What a program manages, as `restoreOnDelete` needs it: the dotted path of every value it sets, and what it clears. */
export function managedPaths(settings: OrganizationSettings, clear: readonly string[] = []): string[] {
  return [...leaves(settings as PlainObject).map(([path]) => path), ...clear].sort();
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
  };
}
