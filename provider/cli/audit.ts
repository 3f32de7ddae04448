import { readFileSync } from "node:fs";
import { auditOrganizations, validateAuditArgs, type AuditResult } from "../actions/audit";
import { describeDeviation } from "../model/baseline";
import { definedOnly } from "../model/values";
import { CREDENTIALS_HELP, defineCommand, flagIssues, PROGRAM, UsageError } from "./command";
import { ProgressLine } from "./progress";

/** Exit codes beyond the usage error (2) `main` gives; a token Cloudflare rejects (401) is a credential problem, 2 too. */
const AUDIT_EXIT = { compliant: 0, unreadable: 1, credentials: 2, deviates: 3 } as const;

const FLAG_OF = { accounts: "--accounts", zones: "--zones", preset: "--preset", concurrency: "--concurrency" } as const;

type Counts = Record<AuditResult["status"], number>;

const REFUSED_HINT =
  "HTTP 401/403: the token is not valid for that account, or lacks the Access: Organizations, Identity Providers, " +
  "and Groups Read permission there.";

export const audit = defineCommand({
  name: "audit",
  summary: "compare Zero Trust organizations with a baseline, without changing anything",
  help: `Usage: ${PROGRAM} audit --accounts <id,…|@file> [--zones <id,…|@file>] [options]

Reads the Zero Trust organization of every account (and zone) given, never writing, and compares it with a baseline
preset by meaning: durations by value, lists in any order, stricter values compliant (a shorter session, fewer
authenticators). Prints one row per organization with each deviation as "path: live (baseline wants X)".

Options:
  --accounts <ids>     account ids, separated by commas, or @file: a file of ids (one per line or comma-separated,
                       # starts a comment), or @- to read them from standard input
  --zones <ids>        zone ids, the same way (the presets have no zone setting: a zone only shows it can be read)
  --preset <name>      recommended (default) or strict
  --json               one JSON object per organization and line on stdout, for scripts:
                       {scope, id, status: compliant|deviates|missing|error, name, authDomain,
                        deviations: [{path, live, baseline, wants}] | null, error: {httpStatus, codes, message} | null}
  --concurrency <n>    organizations read at once, 1–64 (default 8); the token's rate budget paces them either way
  -h, --help           show this help
  -v, --version        show the version

${CREDENTIALS_HELP}
The token needs read access to Access organizations on every account (Access: Organizations, Identity
Providers, and Groups Read). A progress line goes to stderr while the audit takes more than a second.

Exit codes: 0 every organization complies; 3 some deviate or have no organization; 1 some could not be read
(whatever the others); 2 invalid usage or arguments, no credentials, or a token Cloudflare rejects (HTTP 401).
`,
  flags: {
    accounts: { type: "string" },
    zones: { type: "string" },
    preset: { type: "string" },
    json: { type: "boolean" },
    concurrency: { type: "string" },
  },

  async run(values, { out, err }) {
    const input = definedOnly({
      accounts: values.accounts === undefined ? undefined : idList(values.accounts, FLAG_OF.accounts),
      zones: values.zones === undefined ? undefined : idList(values.zones, FLAG_OF.zones),
      preset: values.preset,
      concurrency: values.concurrency === undefined ? undefined : wholeNumber(values.concurrency, FLAG_OF.concurrency),
    });
    const checked = validateAuditArgs(input);
    if (!checked.ok) throw new UsageError(flagIssues(checked.issues, FLAG_OF, input));

    const counts: Counts = { compliant: 0, deviates: 0, missing: 0, error: 0 };
    const progress = new ProgressLine(err);
    let results: AuditResult[];
    try {
      results = await auditOrganizations({
        ...checked.value,
        onResult: (result, { done, total }) => {
          counts[result.status]++;
          progress.update(`Audited ${done} of ${total} organizations: ${tally(counts)}`);
        },
      });
    } finally {
      progress.clear();
    }

    if (values.json) {
      for (const result of results) out.write(`${JSON.stringify(jsonRow(result))}\n`);
    } else {
      out.write(`${table(results)}\n`);
    }
    const refused = results.some((r) => r.status === "error" && (r.error.httpStatus === 401 || r.error.httpStatus === 403));
    (values.json ? err : out).write(`${summary(results.length, checked.value.preset ?? "recommended", counts)}\n${refused ? `${REFUSED_HINT}\n` : ""}`);
    if (results.some((r) => r.status === "error" && r.error.httpStatus === 401)) return AUDIT_EXIT.credentials;
    return counts.error ? AUDIT_EXIT.unreadable : counts.deviates || counts.missing ? AUDIT_EXIT.deviates : AUDIT_EXIT.compliant;
  },
});

/** Ids from `a,b,c` or from `@file` / `@-` (standard input): commas, spaces or lines, `#` starts a comment. */
function idList(text: string, flag: string): string[] {
  let list = text;
  if (text.startsWith("@")) {
    try {
      list = readFileSync(text === "@-" ? 0 : text.slice(1), "utf8").replace(/#.*$/gm, "");
    } catch (error) {
      throw new UsageError(`${flag}: cannot read ${text.slice(1)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  return list.split(/[\s,]+/).filter(Boolean);
}

function wholeNumber(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number (got ${JSON.stringify(text)})`);
  return Number(text);
}

/** Every key on every row, null when it does not apply, so scripts can rely on the shape. */
function jsonRow(result: AuditResult) {
  const read = result.status === "compliant" || result.status === "deviates";
  return {
    scope: result.scope,
    id: result.id,
    status: result.status,
    name: read ? result.name : null,
    authDomain: read ? result.authDomain : null,
    deviations: read ? result.deviations : null,
    error: result.status === "error" ? result.error : null,
  };
}

function table(results: readonly AuditResult[]): string {
  const rows = results.map((result) => {
    const read = result.status === "compliant" || result.status === "deviates";
    return {
      subject: `${result.scope} ${result.id}`,
      organization: read ? `${result.name} (${result.authDomain})` : "—",
      outcome: read
        ? result.deviations.length ? `${result.deviations.length} deviation${result.deviations.length > 1 ? "s" : ""}` : "compliant"
        : result.status === "error" ? `not read: ${result.error.message}` : "no organization",
      details: read ? result.deviations.map((d) => `  - ${describeDeviation(d)}`) : [],
    };
  });
  const header = { subject: "ACCOUNT OR ZONE", organization: "ORGANIZATION", outcome: "RESULT" };
  const width = (key: "subject" | "organization") => Math.max(header[key].length, ...rows.map((row) => row[key].length));
  const [subjectWidth, organizationWidth] = [width("subject"), width("organization")];
  const line = (row: typeof header) => `${row.subject.padEnd(subjectWidth)}  ${row.organization.padEnd(organizationWidth)}  ${row.outcome}\n`;
  return line(header) + rows.map((row) => line(row) + row.details.map((detail) => `${detail}\n`).join("")).join("");
}

function tally(counts: Counts): string {
  return `${counts.compliant} compliant, ${counts.deviates} deviating, ${counts.missing} without an organization, ${counts.error} unreadable`;
}

function summary(total: number, preset: string, counts: Counts): string {
  return `${total} organization${total === 1 ? "" : "s"} against the ${preset} baseline: ${tally(counts)}.`;
}
