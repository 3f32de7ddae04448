import { isDeepStrictEqual } from "node:util";
import { ORGANIZATION_NAMES, ORGANIZATION_RULES as RULES, ORGANIZATION_SETTINGS, ZONE_FIELDS, type OrganizationSettings } from "./organization";
import { copyJson } from "./json";
import { isPlainObject, type PlainObject, type WireNames } from "./naming";

import type { Scope } from "./scope";
import { bodyFor, READ_ONLY_FIELDS } from "./spec";
import { leaves, overlay, prune, sameValue, valueAt } from "./values";
import type { OrganizationWire } from "./wire";

/**
 * The organization's write bodies and states, as pure functions of what was read: the body of each write (built from
 * the organization as read right before it), the settings a read holds in Pulumi's names, and what outputs show of it.
 */

const NAMES = ORGANIZATION_NAMES;

/** How a write is built: an adoption carries the auth domain exactly as read, whatever the program says. */
export interface WriteOptions {
  readonly adopting?: boolean;
}

/**
 * The body of a PUT: the organization as Cloudflare has it, overlaid with the managed settings that differ from it by
 * meaning, minus what `clear` removes, with Cloudflare's empty placeholders of modelled settings dropped, and only
 * what the PUT documents (see `bodyFor`). What the package does not model stays exactly as read at every depth —
 * name, value, empty or not — so nothing Cloudflare adds later is wiped or renamed. A value that means what
 * Cloudflare has (`ACME.cloudflareaccess.com` for `acme.cloudflareaccess.com`, `1440m` for `24h`) is written as
 * Cloudflare has it. An adoption never changes the team domain: it writes the `auth_domain` it read, whatever the
 * program says (the adoption check refuses a different one before).
 */
export function writeBody(
  scope: Scope,
  current: OrganizationWire | undefined,
  settings: OrganizationSettings,
  clear: readonly string[] = [],
  { adopting = false }: WriteOptions = {},
): OrganizationWire {
  const changed = current ? differing(settings, settingsFromWire(scope, current)) : settings;
  const body = overlay(copyJson(current ?? {}) as PlainObject, NAMES.toWire(changed));
  for (const field of clear) removeModelled(body, field, NAMES);
  if (adopting && current?.auth_domain) body.auth_domain = current.auth_domain;
  return bodyFor(scope.kind, "put", withoutPlaceholders(body, NAMES)) as OrganizationWire;
}

/** The settings without the values that mean what Cloudflare has (`current`, Pulumi names), at any depth. */
function differing(settings: PlainObject, current: PlainObject, prefix = ""): PlainObject {
  const out: PlainObject = {};
  for (const [key, value] of Object.entries(settings)) {
    const path = prefix + key;
    const now = current[key];
    if (isPlainObject(value)) out[key] = differing(value, isPlainObject(now) ? now : {}, `${path}.`);
    else if (now === undefined || !sameValue(path, value, now, RULES)) out[key] = value;
  }
  return out;
}

/**
 * Removes a modelled setting (by its Pulumi name) from a wire object; members the package does not model stay (an
 * object left empty goes with the placeholders: `withoutPlaceholders`).
 */
function removeModelled(wire: PlainObject, name: string, names: WireNames): void {
  const key = names.wireName(name)!;
  const members = names.members(name)!;
  const value = wire[key];
  if (members.hasMembers && isPlainObject(value)) {
    wire[key] = Object.fromEntries(Object.entries(value).filter(([member]) => members.pulumiName(member) === undefined));
  } else delete wire[key];
}

/** The wire object without Cloudflare's empty placeholders ("", [], {}, null) of modelled values; the rest as it is. */
function withoutPlaceholders(wire: PlainObject, names: WireNames): PlainObject {
  const out: PlainObject = {};
  for (const [key, value] of Object.entries(wire)) {
    const members = names.wireMembers(key);
    const kept = !members ? value : members.hasMembers && isPlainObject(value) ? emptyAsUndefined(withoutPlaceholders(value, members)) : prune(value);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

function emptyAsUndefined(value: PlainObject): PlainObject | undefined {
  return Object.keys(value).length ? value : undefined;
}

/** A write's answer, with what only a read answers (`trusted_accounts`) taken from the read it was built on. */
export function withReadOnly(read: OrganizationWire | undefined, answer: OrganizationWire): OrganizationWire {
  return { ...Object.fromEntries(Object.entries(read ?? {}).filter(([key]) => READ_ONLY_FIELDS.has(key))), ...answer };
}

/** The part of a PUT body a create (POST) accepts; `rest`: whether something must follow in a PUT. */
export function splitForCreate(scope: Scope, body: OrganizationWire): { post: OrganizationWire; rest: boolean } {
  const post = bodyFor(scope.kind, "post", body) as OrganizationWire;
  return { post, rest: !isDeepStrictEqual(post, body) };
}

/**
 * The body that puts back, onto the organization as read now, the values the managed settings had before the
 * adoption (a setting that was unset then is removed); everything else stays as read. A managed object (one that
 * was cleared) gets back its modelled members; members the package does not model are not the stack's, and stay as
 * they are now.
 */
export function restoreBody(scope: Scope, current: OrganizationWire, before: PlainObject, managed: readonly string[]): OrganizationWire {
  const restored = copyJson(current) as PlainObject;
  for (const path of managed) {
    const keys = path.split(".");
    let node = restored;
    let names = NAMES;
    for (const key of keys.slice(0, -1)) {
      const wire = names.wireName(key)!;
      node = (isPlainObject(node[wire]) ? node[wire] : (node[wire] = {})) as PlainObject;
      names = names.members(key)!;
    }
    putBack(node, keys.at(-1)!, names, valueAt(before, path));
  }
  return writeBody(scope, restored as OrganizationWire, {});
}

/**
 * Sets a modelled setting (Pulumi name `name`) of a wire object to `value`, members one by one. Undefined is unset:
 * `restoreBody` writes through `writeBody`, which leaves out an undefined modelled value like any placeholder.
 */
function putBack(wire: PlainObject, name: string, names: WireNames, value: unknown): void {
  const key = names.wireName(name)!;
  const members = names.members(name)!;
  if (!members.hasMembers) {
    wire[key] = value;
    return;
  }
  const node = (isPlainObject(wire[key]) ? wire[key] : (wire[key] = {})) as PlainObject;
  for (const member of members.names) putBack(node, member, members, isPlainObject(value) ? value[member] : undefined);
}

/** The organization's settings in Pulumi's names, without Cloudflare's empty placeholders, timestamps or unmodelled fields. */
export function settingsFromWire(scope: Scope, org: OrganizationWire): PlainObject {
  const names: readonly string[] = scope.kind === "accounts" ? ORGANIZATION_SETTINGS : ZONE_FIELDS;
  const out: PlainObject = {};
  for (const name of names) {
    const value = modelledOnly((org as PlainObject)[NAMES.wireName(name)!], NAMES.members(name)!);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A modelled value in Pulumi's names, with only its modelled members, pruned; undefined when nothing is set. */
function modelledOnly(value: unknown, members: WireNames): unknown {
  if (!members.hasMembers || !isPlainObject(value)) return prune(value);
  const out: PlainObject = {};
  for (const [key, item] of Object.entries(value)) {
    const name = members.pulumiName(key);
    const kept = name === undefined ? undefined : modelledOnly(item, members.members(name)!);
    if (kept !== undefined) out[name!] = kept;
  }
  return emptyAsUndefined(out);
}

/** The organization as a resource's outputs last recorded it, in wire names: its modelled settings only. */
export function lastKnownOrganization(scope: Scope, outputs: PlainObject): OrganizationWire {
  const names: readonly string[] = scope.kind === "accounts" ? ORGANIZATION_SETTINGS : ZONE_FIELDS;
  const settings = NAMES.toWire(Object.fromEntries(names.filter((name) => outputs[name] !== undefined).map((name) => [name, outputs[name]])));
  // the creation date decides what some settings may be (see writeIssues)
  return typeof outputs.createdAt === "string" ? { ...settings, created_at: outputs.createdAt } : settings;
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

/** What a program manages, as `restoreOnDelete` needs it: the dotted path of every value it sets, and what it clears. */
export function managedPaths(settings: OrganizationSettings, clear: readonly string[] = []): string[] {
  return [...leaves(settings as PlainObject).map(([path]) => path), ...clear].sort();
}

