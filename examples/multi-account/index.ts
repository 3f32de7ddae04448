/**
 * Roll one baseline out to many accounts. The accounts come from stack config:
 *
 *   pulumi config set --path 'accounts[0].accountId' 0123…
 *   pulumi config set --path 'accounts[1].accountId' 4567…
 *   pulumi config set --path --plaintext 'accounts[1].apiTokenEnvVar' CLOUDFLARE_API_TOKEN_SUBSIDIARY   # its own token
 *
 * (`--plaintext`: the value is only the variable's name, but the CLI takes a key with "token" in it for a secret and
 * refuses it otherwise.)
 *
 * One token for all: `pulumi config set --secret cloudflare:apiToken …` (or CLOUDFLARE_API_TOKEN). Accounts that
 * need their own token name an environment variable: only the variable's name reaches the state.
 *
 * Every resource runs in one provider process and shares one rate budget per token, which follows what Cloudflare
 * says is left: full speed while it lasts, then a wait for more (announced), never a 429 lockout.
 */
import * as pulumi from "@pulumi/pulumi";
import { HardenedZeroTrustOrganization, type PresetName } from "pulumi-cloudflare-zero-trust";

export interface FleetAccount {
  accountId: string;
  /** Its own token, by environment variable name. */
  apiTokenEnvVar?: string;
  preset?: PresetName;
}

/** The rollout itself, shared with the Automation API driver (`automation.ts`). */
export function fleet(accounts: readonly FleetAccount[]): HardenedZeroTrustOrganization[] {
  return accounts.map(
    (account) =>
      new HardenedZeroTrustOrganization(`org-${account.accountId}`, {
        accountId: account.accountId,
        apiTokenEnvVar: account.apiTokenEnvVar,
        preset: account.preset ?? "recommended",
      }),
  );
}

// Run as a stack program (not when automation.ts imports `fleet`).
if (pulumi.runtime.hasEngine()) {
  const organizations = fleet(new pulumi.Config().requireObject<FleetAccount[]>("accounts"));
  module.exports.rolledOut = organizations.length;
}
