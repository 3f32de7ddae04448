import * as pulumi from "@pulumi/pulumi";
import type { SettingsValues } from "../../client";
import { clientFor } from "../../client/shared";
import {
  describeScope,
  InvalidArgumentsError,
  organizationState,
  scopeOf,
  validateScopeArgs,
  ZeroTrustError,
  type OrganizationSettings,
  type ScopeArgs,
} from "../../model";
import { unlessNotFound } from "../common";
import { programConfig, readPackageConfig } from "../config";
import { previewReadEnabled } from "../runtime";

/** Which organization to read: exactly one of `accountId` and `zoneId`. */
export type GetZeroTrustOrganizationArgs = ScopeArgs;

/** `GetZeroTrustOrganizationArgs`, as Inputs. */
export interface GetZeroTrustOrganizationOutputArgs {
  /** The account whose organization it is (32 hex characters). Exactly one of `accountId` and `zoneId`. */
  accountId?: pulumi.Input<string>;
  /** The zone, for a zone-level organization (32 hex characters). Exactly one of `accountId` and `zoneId`. */
  zoneId?: pulumi.Input<string>;
}

/**
 * The organization as a `ZeroTrustOrganization` outputs it: the scope, every setting Cloudflare has (Pulumi names),
 * `createdAt`/`updatedAt`. Not the resource's own bookkeeping (`adopted`, `settingsBeforeAdoption`, options).
 */
export type GetZeroTrustOrganizationResult = OrganizationSettings & {
  accountId?: string;
  zoneId?: string;
  name: string;
  authDomain: string;
  createdAt?: string;
  updatedAt?: string;
};

/**
 * Credentials and client settings; whatever is unset comes from the stack's Pulumi config (README's table:
 * `cloudflare:apiToken`, `cloudflare-zero-trust:rps`, …), then the environment.
 */
export type GetZeroTrustOrganizationOptions = SettingsValues;

/**
 * Reads the Zero Trust organization of an account or zone, for programs that consume it without managing it: no
 * state, no write. Rejects with a `ZeroTrustError` "organization_missing" when there is none, and with the client's
 * typed errors otherwise (`CloudflareAuthenticationError` for bad credentials, `CloudflareConfigurationError` for none).
 */
export async function getZeroTrustOrganization(
  args: GetZeroTrustOrganizationArgs,
  options: GetZeroTrustOrganizationOptions = {},
): Promise<GetZeroTrustOrganizationResult> {
  const checked = validateScopeArgs(args);
  if (!checked.ok) throw new InvalidArgumentsError("getZeroTrustOrganization arguments", checked.issues);
  const scope = scopeOf(checked.value);
  // Inside a Pulumi program the stack's config is at hand: the same credentials the resources of that stack use.
  const client = clientFor(options, readPackageConfig(programConfig).settings);
  const org = await unlessNotFound(client.getOrganization(scope));
  if (!org) {
    throw new ZeroTrustError("organization_missing", `${describeScope(scope)} has no Zero Trust organization (nothing to read)`);
  }
  // settings as Cloudflare reports them: a value this package does not know yet is passed through, not refused
  return organizationState(scope, org) as GetZeroTrustOrganizationResult;
}

/**
 * `getZeroTrustOrganization` with Outputs in and an Output out: the read waits for the ids to be known (and is
 * skipped while they are unknown in a preview); a secret id makes the result secret. A preview with
 * `cloudflare-zero-trust:previewRead` (or CLOUDFLARE_PREVIEW_READ) `false` reads nothing: the result is unknown until `up`.
 */
export function getZeroTrustOrganizationOutput(
  args: GetZeroTrustOrganizationOutputArgs,
  options: GetZeroTrustOrganizationOptions = {},
): pulumi.Output<GetZeroTrustOrganizationResult> {
  return pulumi.output(args).apply((resolved): pulumi.Output<GetZeroTrustOrganizationResult> =>
    pulumi.runtime.isDryRun() && !previewReadEnabled(readPackageConfig(programConfig).previewRead)
      ? pulumi.output(pulumi.unknown as unknown as GetZeroTrustOrganizationResult)
      : pulumi.output(getZeroTrustOrganization(resolved, options)),
  );
}
