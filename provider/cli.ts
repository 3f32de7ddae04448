#!/usr/bin/env node
/**
 * Incident response from a terminal: `npx pulumi-cloudflare-zero-trust revoke-user --account <id> --email <e>`.
 * Credentials come from the environment only (a token on the command line would end up in shell history).
 */
import { parseArgs } from "node:util";
import { revokeUserAccess } from "./actions/revokeUserAccess";
import { CloudflareConfigurationError, CloudflareError, closeSharedAgent } from "./client";
import { InvalidArgumentsError } from "./schemas";

export const EXIT = { revoked: 0, failed: 1, usage: 2 } as const;

const HELP = `Usage: pulumi-cloudflare-zero-trust revoke-user (--account <id> | --zone <id>) --email <email> [options]

Revokes every Cloudflare Access token of a user, at once.

Options:
  --account <id>    the account id (32 hex characters)
  --zone <id>       the zone id, for a zone-level organization
  --email <email>   the user whose tokens are revoked
  --user-uid <id>   the user's id, when the email is ambiguous (account only)
  --devices         also revoke every device of the user (account only)
  --warp-reauth     also require the user to re-authenticate to WARP (account only)
  -h, --help        show this help

Credentials (environment only): CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY.
Also read: CLOUDFLARE_BASE_URL, CLOUDFLARE_RPS, CLOUDFLARE_RETRIES, CLOUDFLARE_MIN_BACKOFF, CLOUDFLARE_MAX_BACKOFF,
CLOUDFLARE_TIMEOUT.

Exit codes: 0 revoked; 1 Cloudflare refused or could not be reached; 2 invalid usage, arguments or credentials.
`;

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        account: { type: "string" },
        zone: { type: "string" },
        email: { type: "string" },
        "user-uid": { type: "string" },
        devices: { type: "boolean" },
        "warp-reauth": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(HELP);
    return EXIT.revoked;
  }
  if (positionals.length !== 1 || positionals[0] !== "revoke-user") {
    err.write(`${positionals.length ? `Unknown command: ${positionals.join(" ")}` : "No command given"}\n\n${HELP}`);
    return EXIT.usage;
  }
  const where = values.account ? `account ${values.account}` : `zone ${values.zone}`;
  try {
    const revoked = await revokeUserAccess({
      accountId: values.account,
      zoneId: values.zone,
      email: values.email ?? "",
      userUid: values["user-uid"],
      devices: values.devices,
      warpSessionReauth: values["warp-reauth"],
    });
    if (!revoked) {
      err.write(`Cloudflare did not revoke the Access tokens of ${values.email} on ${where} (it answered result: false).\n`);
      return EXIT.failed;
    }
    out.write(`Revoked every Access token of ${values.email} on ${where}${values.devices ? ", and their devices" : ""}.\n`);
    return EXIT.revoked;
  } catch (error) {
    err.write(`${(error as Error).message}\n`);
    const usage = error instanceof InvalidArgumentsError || error instanceof CloudflareConfigurationError;
    if (!usage && !(error instanceof CloudflareError)) err.write(`${(error as Error).stack ?? ""}\n`);
    return usage ? EXIT.usage : EXIT.failed;
  } finally {
    await closeSharedAgent();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
