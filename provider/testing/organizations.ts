/**
 * How the real API stores and answers organizations: the rules the fake applies, kept apart from HTTP.
 * Sources: the OpenAPI excerpt, the seeds and shared/notes/cloudflare-api.md.
 */

import { isPlainObject, SETTINGS, wireNamesOf, zoneSettingsOf, type Field, type Table, type WireNames } from "../model";

type Json = Record<string, unknown>;
export type ScopeKind = "accounts" | "zones";

/** The fields (wire names) a zone organization has, from the settings table. */
export function zoneFieldsOf(table: Table = SETTINGS): string[] {
  const names = wireNamesOf(table);
  return zoneSettingsOf(table).map((name) => names.wireName(name)!);
}

const ZONE_FIELDS = zoneFieldsOf();

export class ApiRejection extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly chain: string[] = [],
  ) {
    super(message);
  }
}

const invalidConfig = (...chain: string[]) => new ApiRejection(400, 12062, "access.api.error.invalid_org_config", chain);

/** Organizations created from this day have strict service-token authentication, and cannot turn it off. */
export const STRICT_SERVICE_TOKEN_AUTH_SINCE = "2026-10-05";

/** Read-only fields the server keeps whatever a write says (a write may not carry them). */
const SERVER_FIELDS = ["trusted_accounts"];

/**
 * What a PUT or POST leaves stored. A whole-object write replaces what it may change: at account scope everything
 * but the read-only fields; at zone scope the zone's own fields, while whatever else the zone's read answers (account
 * fields, `trusted_accounts`) stays. A write that leaves a setting out resets it: strict service-token authentication
 * to what the organization's creation date allows. Timestamps are the server's.
 */
export function storedFrom(scope: ScopeKind, body: Json, previous: Json | undefined, now: string): Json {
  const writable = (key: string) => (scope === "zones" ? ZONE_FIELDS.includes(key) : !SERVER_FIELDS.includes(key));
  const kept = Object.fromEntries(Object.entries(previous ?? {}).filter(([key]) => !writable(key)));
  const written = Object.fromEntries(Object.entries(body).filter(([key]) => writable(key)));
  const created = String(previous?.created_at ?? now);
  const stored: Json = { ...kept, ...written };
  if (scope === "accounts" && strictForever(created)) stored.strict_service_token_auth = true;
  // an organization that never had service-token inactivity has none (null) until a write sets it
  if (previous?.service_token_inactivity === null && stored.service_token_inactivity === undefined) stored.service_token_inactivity = null;
  return { ...stored, created_at: created, updated_at: now };
}

function strictForever(createdAt: string): boolean {
  return createdAt >= STRICT_SERVICE_TOKEN_AUTH_SINCE;
}

/**
 * The validation the API applies beyond the schema (documented in field descriptions). `previous` is the stored
 * organization a PUT replaces (undefined for a create, which gets today's date).
 */
export function checkOrganization(scope: ScopeKind, body: Json, previous: Json | undefined, now: string): void {
  previous ??= { created_at: now };
  if (typeof body.auth_domain !== "string" || body.auth_domain === "") {
    throw new ApiRejection(400, 12062, "access.api.error.invalid_auth_domain", ["auth_domain is required"]);
  }
  if (typeof body.name !== "string" || body.name === "") {
    throw new ApiRejection(400, 12062, "access.api.error.invalid_name", ["name is required"]);
  }
  const durations: [string, unknown, { mh?: boolean; min?: number; max?: number }][] = [
    ["user_seat_expiration_inactive_time", body.user_seat_expiration_inactive_time, { min: 730 }],
  ];
  if (scope === "accounts") {
    if (body.strict_service_token_auth === false && previous !== undefined && strictForever(String(previous.created_at))) {
      throw invalidConfig(`strict_service_token_auth cannot be disabled on organizations created on or after ${STRICT_SERVICE_TOKEN_AUTH_SINCE}`);
    }
    const mfa = (body.mfa_config ?? {}) as Json;
    durations.push(
      ["session_duration", body.session_duration, {}],
      ["warp_auth_session_duration", body.warp_auth_session_duration, { mh: true }],
      ["mfa_config.session_duration", mfa.session_duration, { mh: true, min: 0, max: 720 }],
      ["mfa_config.amr_matching_session_duration", mfa.amr_matching_session_duration, { mh: true, min: 0, max: 720 }],
    );
    if (body.mfa_required_for_all_apps === true) {
      const authenticators = (mfa.allowed_authenticators ?? []) as string[];
      if (authenticators.length === 0 || !mfa.session_duration) {
        throw invalidConfig("mfa_required_for_all_apps requires MFA with at least one authenticator and a session duration");
      }
      if (authenticators.every((a) => a === "piv_key" || a === "ssh_fido2_key")) {
        throw invalidConfig("piv_key and ssh_fido2_key are only compatible with infrastructure applications");
      }
    }
  }
  for (const [field, value, rule] of durations) {
    if (value === undefined || value === "") continue;
    const hours = goDurationHours(String(value), rule.mh ?? false);
    if (hours === undefined) throw invalidConfig(`invalid duration for ${field}: ${String(value)}`);
    if ((rule.min !== undefined && hours < rule.min) || (rule.max !== undefined && hours > rule.max)) {
      throw invalidConfig(`${field} out of range: ${String(value)}`);
    }
  }
}

/**
 * An answer as the live API gives it, with the quirks that cause false drift in naive providers: each setting of the
 * scope that is unset is answered the way the settings table says Cloudflare does (`false`, `""`, `[]`, an object of
 * empty members, a default object, or left out while false), and a setting Cloudflare blanks while a flag is off is
 * blank then. A read (`list`) adds the read-only `trusted_accounts` at account scope; the answers to POST and PUT do
 * not have it. Fields and members the fake does not know are answered as stored.
 */
export function render(scope: ScopeKind, stored: Json, { read = false } = {}, table: Table = SETTINGS): Json {
  const out: Json = { ...stored };
  if (read) {
    if (scope === "accounts") out.trusted_accounts ??= [];
  } else for (const field of SERVER_FIELDS) delete out[field];
  const names = wireNamesOf(table);
  const inScope = Object.entries(table).filter(([, setting]) => scope === "accounts" || setting.scope === "both");
  for (const [name, setting] of inScope) {
    const wire = names.wireName(name)!;
    const value = answered(setting, out[wire], names.members(name)!);
    if (value === undefined) delete out[wire];
    else out[wire] = value;
  }
  for (const [name, setting] of inScope) {
    if (setting.blankUnless && out[names.wireName(setting.blankUnless)!] !== true) out[names.wireName(name)!] = answered(setting, undefined, names.members(name)!);
  }
  return out;
}

/** A field's value as Cloudflare answers it (`stored`: as stored, wire names); undefined: left out of the answer. */
function answered(field: Field, stored: unknown, members: WireNames): unknown {
  const unset = field.unset;
  if (unset === "omittedWhenFalse") return stored === true ? true : undefined;
  let value = stored;
  if (unset && (value === undefined || (value === null && !unset.keepsNull))) value = members.toWire(structuredClone(unset.answered));
  if (field.kind.type !== "group" || !isPlainObject(value)) return value;
  const group: Json = { ...value };
  for (const [name, member] of Object.entries(field.kind.members)) {
    const wire = members.wireName(name)!;
    const kept = answered(member, group[wire], members.members(name)!);
    if (kept === undefined) delete group[wire];
    else group[wire] = kept;
  }
  return group;
}

const UNIT_HOURS: Record<string, number> = { ns: 1 / 3.6e12, us: 1 / 3.6e9, "µs": 1 / 3.6e9, ms: 1 / 3.6e6, s: 1 / 3600, m: 1 / 60, h: 1 };

/** An independent reading of Go's duration syntax (the fake must not share the provider's parser). */
function goDurationHours(text: string, minutesOrHours: boolean): number | undefined {
  if (text === "0") return 0;
  const terms = [...text.matchAll(/(\d*\.?\d+|\d+\.)(ns|us|µs|ms|s|m|h)/g)];
  if (terms.length === 0 || terms.map((t) => t[0]).join("") !== text) return undefined;
  if (minutesOrHours && terms.some((t) => t[2] !== "m" && t[2] !== "h")) return undefined;
  return terms.reduce((sum, t) => sum + Number(t[1]) * UNIT_HOURS[t[2]!]!, 0);
}
