import { z } from "zod";

/**
 * The API's own shapes (snake_case), as it answers. Deliberately lenient: types only, unknown keys kept, nulls
 * allowed, so a field Cloudflare adds tomorrow neither breaks a read nor gets dropped from a write.
 */

const str = z.string().nullish();
const bool = z.boolean().nullish();

export const messageSchema = z.looseObject({
  code: z.number(),
  message: z.string(),
  documentation_url: z.string().nullish(),
  source: z.looseObject({ pointer: z.string().nullish() }).nullish(),
  error_chain: z.array(z.looseObject({ message: z.string() })).nullish(),
});

/** `{success, errors, messages, result}`; revoke_user answers without `errors`/`messages`. */
export const envelopeSchema = z.looseObject({
  success: z.boolean(),
  errors: z.array(messageSchema).nullish(),
  messages: z.array(messageSchema).nullish(),
  result: z.unknown().optional(),
});

export const loginDesignWire = z.looseObject({
  background_color: str, footer_text: str, header_text: str, logo_path: str, text_color: str,
});

/** Fields both scopes share: the zone object is this, the account object adds the rest. */
export const zoneOrganizationWire = z.looseObject({
  name: str,
  auth_domain: str,
  is_ui_read_only: bool,
  ui_read_only_toggle_reason: str,
  login_design: loginDesignWire.nullish(),
  user_seat_expiration_inactive_time: str,
  deny_unmatched_requests: bool,
  deny_unmatched_requests_exempted_zone_names: z.array(z.string()).nullish(),
  created_at: str,
  updated_at: str,
});

export const accountOrganizationWire = zoneOrganizationWire.extend({
  allow_authenticate_via_warp: bool,
  auto_redirect_to_identity: bool,
  custom_pages: z.looseObject({ forbidden: str, identity_denied: str }).nullish(),
  session_duration: str,
  warp_auth_session_duration: str,
  warp_auth_non_browser_401: bool,
  mfa_required_for_all_apps: bool,
  mfa_config: z
    .looseObject({
      allowed_authenticators: z.array(z.string()).nullish(),
      session_duration: str,
      amr_matching_session_duration: str,
      required_aaguids: str,
    })
    .nullish(),
  mfa_piv_key_requirements: z
    .looseObject({
      pin_policy: str,
      require_fips_device: bool,
      ssh_key_size: z.array(z.number()).nullish(),
      ssh_key_type: z.array(z.string()).nullish(),
      touch_policy: str,
    })
    .nullish(),
  service_token_inactivity: z.looseObject({ action: str, enabled: bool, inactivity_threshold_days: z.number().nullish() }).nullish(),
  strict_service_token_auth: bool,
  trusted_accounts: z.array(z.string()).nullish(),
});

export type OrganizationWire = z.infer<typeof accountOrganizationWire>;

/** The DoH settings: the service token DoH clients use, and how long their JWT lasts. */
export const dohWire = z.looseObject({
  id: str,
  client_id: str,
  name: str,
  duration: str,
  doh_jwt_duration: str,
  enabled: bool,
  expires_at: str,
  created_at: str,
  updated_at: str,
  last_seen_at: str,
});

export type DohWire = z.infer<typeof dohWire>;

export interface DohUpdateWire {
  doh_jwt_duration?: string;
  service_token_id?: string;
}

export interface RevokeUserWire {
  email: string;
  user_uid?: string;
  devices?: boolean;
  warp_session_reauth?: boolean;
}

