import { environmentSource, resolveSettings, sharedClient } from "../client";
import { revokeWith } from "../client/revokeUser";
import { definedOnly, validateRevokeUserArgs } from "../model";
import { CREDENTIALS_HELP, defineCommand, flagIssues, PROGRAM, UsageError } from "./command";
import { ProgressLine } from "./progress";

/** Exit codes beyond the usage error (2) `main` gives. */
const REVOKE_EXIT = { revoked: 0, failed: 1 } as const;

/** Each argument of `revokeUserAccess` and the flag that sets it. */
const FLAG_OF = {
  accountId: "--account",
  zoneId: "--zone",
  email: "--email",
  userUid: "--user-uid",
  devices: "--devices",
  warpSessionReauth: "--warp-reauth",
} as const;

export const revokeUser = defineCommand({
  name: "revoke-user",
  summary: "revoke every Cloudflare Access token of a user, at once",
  help: `Usage: ${PROGRAM} revoke-user (--account <id> | --zone <id>) --email <email> [--user-uid <id>] [--devices] [--warp-reauth]

Revokes every Cloudflare Access token of a user, at once.

Options:
  --account <id>    the account id (32 hex characters)
  --zone <id>       the zone id, for a zone-level organization
  --email <email>   the user whose tokens are revoked
  --user-uid <id>   the user's id, when the email is ambiguous (account only)
  --devices         also revoke every device of the user (account only)
  --warp-reauth     also require the user to re-authenticate to WARP (account only)
  -h, --help        show this help
  -v, --version     show the version

${CREDENTIALS_HELP}
Exit codes: 0 revoked; 1 Cloudflare refused or could not be reached; 2 invalid usage or arguments, no
credentials, or a token Cloudflare rejects (HTTP 401).
`,
  flags: {
    account: { type: "string" },
    zone: { type: "string" },
    email: { type: "string" },
    "user-uid": { type: "string" },
    devices: { type: "boolean" },
    "warp-reauth": { type: "boolean" },
  },

  async run(values, { out, err }) {
    if (values.email === undefined) throw new UsageError("--email is required");
    const input = definedOnly({
      accountId: values.account,
      zoneId: values.zone,
      email: values.email,
      userUid: values["user-uid"],
      devices: values.devices,
      warpSessionReauth: values["warp-reauth"],
    });
    const checked = validateRevokeUserArgs(input);
    if (!checked.ok) throw new UsageError(flagIssues(checked.issues, FLAG_OF, input));
    const args = checked.value;
    const where = args.accountId !== undefined ? `account ${args.accountId}` : `zone ${args.zoneId}`;

    const progress = new ProgressLine(err);
    const started = Date.now();
    const waiting = setInterval(() => progress.update(`Waiting for Cloudflare to revoke ${args.email} on ${where}… ${Math.round((Date.now() - started) / 1000)}s`), 250);
    let revoked: boolean;
    try {
      const client = sharedClient(resolveSettings(environmentSource()), (event) => progress.update(event.message, { now: true }));
      revoked = await revokeWith(client, args);
    } finally {
      clearInterval(waiting);
      progress.clear();
    }
    if (!revoked) {
      err.write(`Cloudflare did not revoke the Access tokens of ${args.email} on ${where} (it answered result: false).\n`);
      return REVOKE_EXIT.failed;
    }
    const devices = args.devices ? ", and their devices" : "";
    const warp = args.warpSessionReauth ? " WARP will ask them to re-authenticate." : "";
    out.write(`Revoked every Access token of ${args.email} on ${where}${devices}.${warp}\n`);
    return REVOKE_EXIT.revoked;
  },
});
