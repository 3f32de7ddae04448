/**
 * Secrets under the real Pulumi CLI: the API token (a secret in stack config, then in the environment) and an
 * organization whose account id, name and auth domain are secrets. After a whole life (a preview through a 429, up,
 * refresh, no-change preview, stack output, export, destroy; the up with the engine's and the provider's most verbose
 * logs short of the level that shows credentials on purpose), each value is searched for in everything the CLI printed,
 * its automatic logs (decrypted, as a user sharing them would), the state and its history, and the stack's config
 * file. The one place Pulumi itself keeps the account id in plain text is the resource id, `accounts/<id>` (README,
 * "Safety"): that occurrence, and no other, is allowed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { LocalApi } from "./support/localApi";
import { automaticLogs, filesUnder, occurrences, printedBy, type Evidence } from "./support/leaks";
import { Project, type CliRun } from "./support/project";

const TOKEN = "e2e-SECRET-token-zz9-plural-z-alpha-0451";
const ACCOUNT = "5ec7e75ec7e75ec7e75ec7e75ec7e75e";
const NAME = "Vault Corp 7f3a9c";
const AUTH_DOMAIN = "vault-7f3a9c.cloudflareaccess.com";
/** `pulumi … -v=9`: at 10 and below Pulumi avoids logging known credentials; 11 shows some on purpose. */
const VERBOSE = ["--logflow", "-v=9", "--logtostderr"];

let api: LocalApi;
let project: Project;
beforeAll(async () => {
  api = await LocalApi.start({ tokens: [TOKEN] });
  project = Project.create(
    "zt-secrets",
    {
      "index.ts": `import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

const config = new pulumi.Config();
const org = new ZeroTrustOrganization("vault", {
  accountId: config.requireSecret("accountId"),
  name: config.requireSecret("orgName"),
  authDomain: config.requireSecret("authDomain"),
  sessionDuration: "12h",
  mfaRequiredForAllApps: true,
  mfaConfig: { allowedAuthenticators: ["security_key"], sessionDuration: "8h" },
});
export const adopted = org.adopted;
export const authDomain = org.authDomain;
`,
    },
    { CLOUDFLARE_BASE_URL: api.baseUrl },
  );
});
afterAll(() => api?.close());
afterEach(async () => expect(await api.violations()).toEqual([]));

/** A whole life of the stack; returns everything there is to search. */
async function lifecycle(stack: string, env: Record<string, string>): Promise<Evidence[]> {
  const runs: CliRun[] = [];
  const run = async (args: string[]) => runs.push(await project.pulumi([...args, "--stack", stack], { env }));
  // a read refused once: its retry line names the request
  await api.inject({ kind: "status", status: 429, retryAfter: "1", method: "GET" });
  await run(["preview", "--diff", "--suppress-progress"]);
  expect((await api.requests()).some((request) => request.status === 429)).toBe(true);
  await run(["up", "--yes", "--suppress-progress", ...VERBOSE]);
  await run(["refresh", "--yes", "--suppress-progress"]);
  await run(["preview", "--expect-no-changes", "--suppress-progress"]);
  await run(["stack", "output"]);
  await run(["stack", "export"]);
  await run(["destroy", "--yes", "--suppress-progress"]);
  const stackFile = path.join(project.dir, `Pulumi.${stack}.yaml`);
  return [
    ...printedBy(runs),
    ...filesUnder(path.join(project.dir, ".state")),
    { source: stackFile, text: readFileSync(stackFile, "utf8") },
    ...(await automaticLogs(project)),
  ];
}

/** The resource id `accounts/<id>`, which Pulumi keeps and shows in plain text; not a request path. */
const resourceId = (before: string, after: string) => before.endsWith("accounts/") && !before.endsWith("/accounts/") && !after.startsWith("/");

function expectNowhere(evidence: () => Evidence[]) {
  it("the API token appears nowhere", () => expect(occurrences(evidence(), TOKEN)).toEqual([]));
  it("the secret account id appears only as the resource id accounts/<id>", () => expect(occurrences(evidence(), ACCOUNT, resourceId)).toEqual([]));
  it("no plan line shows the start of the secret account id", () => expect(occurrences(evidence(), `${ACCOUNT.slice(0, 8)}…`)).toEqual([]));
  it("the secret name appears nowhere", () => expect(occurrences(evidence(), NAME)).toEqual([]));
  it("the secret auth domain appears nowhere", () => expect(occurrences(evidence(), AUTH_DOMAIN)).toEqual([]));
}

describe("the token as a secret in stack config; a new organization with a secret account id, name and auth domain", () => {
  let evidence: Evidence[] = [];
  beforeAll(async () => {
    await project.initStack("config", {}, { "cloudflare:apiToken": TOKEN, accountId: ACCOUNT, orgName: NAME, authDomain: AUTH_DOMAIN });
    evidence = await lifecycle("config", {});
    // the lifecycle really ran: the organization exists, created with the secret values
    expect(await api.organization("accounts", ACCOUNT)).toMatchObject({ name: NAME, auth_domain: AUTH_DOMAIN, session_duration: "12h" });
  });
  expectNowhere(() => evidence);
});

describe("the token in the environment; the same organization adopted, its account id, name and auth domain secret", () => {
  let evidence: Evidence[] = [];
  beforeAll(async () => {
    await project.initStack("env", {}, { accountId: ACCOUNT, orgName: NAME, authDomain: AUTH_DOMAIN });
    const requests = (await api.requests()).length;
    evidence = await lifecycle("env", { CLOUDFLARE_API_TOKEN: TOKEN });
    expect((await api.requests()).length).toBeGreaterThan(requests);
  });
  expectNowhere(() => evidence);
});
