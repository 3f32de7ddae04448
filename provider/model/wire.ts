import { z } from "zod";
import type { Table } from "./fields";
import { wireShapeOf } from "./schema";
import { SETTINGS } from "./settings";
import { zoneSettingsOf } from "./table";

/**
 * The API's own shapes (snake_case), as it answers. Deliberately lenient: types only, unknown keys kept, nulls
 * allowed, so a field Cloudflare adds tomorrow neither breaks a read nor gets dropped from a write.
 */

/** What reading an answer needs of a schema: zod's `safeParse`, named without zod's types (no declaration mentions zod). */
export interface WireSchema<T> {
  safeParse(value: unknown): { readonly success: true; readonly data: T } | { readonly success: false; readonly error: { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: readonly PropertyKey[] }> } };
}

/**
 * An organization as the API answers it: the fields the package reads by their wire names, and every other field
 * (the settings, in wire names, and whatever Cloudflare adds) as it came.
 */
export interface OrganizationWire {
  [field: string]: unknown;
  name?: string | null;
  auth_domain?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  /** Read-only, account scope: answered by a read, not by a write. */
  trusted_accounts?: string[] | null;
}

/** How an organization of a scope is read, for a table's settings: the scope's settings typed, the rest kept. */
export function organizationWireOf(table: Table, scope: "accounts" | "zones"): WireSchema<OrganizationWire> {
  const zoneFields = new Set<string>(zoneSettingsOf(table));
  const settings = Object.fromEntries(Object.entries(table).filter(([name]) => scope === "accounts" || zoneFields.has(name)));
  const schema = z.looseObject({
    ...wireShapeOf(settings),
    created_at: z.string().nullish(),
    updated_at: z.string().nullish(),
    ...(scope === "accounts" && { trusted_accounts: z.array(z.string()).nullish() }),
  });
  // the shape is built from the table, so zod cannot name its fields' types: the table's test checks what it accepts
  return schema as unknown as WireSchema<OrganizationWire>;
}

export const accountOrganizationWire = organizationWireOf(SETTINGS, "accounts");
/** Fields both scopes share: the zone object is this, the account object adds the rest. */
export const zoneOrganizationWire = organizationWireOf(SETTINGS, "zones");

/** The DoH settings: the service token DoH clients use, and how long their JWT lasts. */
export interface DohWire {
  [field: string]: unknown;
  id?: string | null;
  client_id?: string | null;
  name?: string | null;
  duration?: string | null;
  doh_jwt_duration?: string | null;
  enabled?: boolean | null;
  expires_at?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  last_seen_at?: string | null;
}

const str = z.string().nullish();

export const dohWire: WireSchema<DohWire> = z.looseObject({
  id: str,
  client_id: str,
  name: str,
  duration: str,
  doh_jwt_duration: str,
  enabled: z.boolean().nullish(),
  expires_at: str,
  created_at: str,
  updated_at: str,
  last_seen_at: str,
});

/** A DoH PUT: the managed settings, and every field the read answered that the package does not know, as read. */
export interface DohUpdateWire {
  [field: string]: unknown;
  doh_jwt_duration?: string;
  service_token_id?: string;
}

export interface RevokeUserWire {
  email: string;
  user_uid?: string;
  devices?: boolean;
  warp_session_reauth?: boolean;
}
