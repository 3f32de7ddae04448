/**
 * The life of an adopted organization under the real Pulumi CLI, against the local Cloudflare API in its own
 * process: the adoption plan of `pulumi preview` (nothing written), `pulumi up` keeping every unmanaged setting, a
 * no-change preview, a dashboard edit found by `pulumi refresh` and shown by `pulumi preview --diff` as drift, and
 * `pulumi destroy` with and without `restoreOnDelete` (README, "ZeroTrustOrganization": Preview, Refresh, Delete).
 * The tests of each describe run in order on one stack.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/repo";
import { LocalApi } from "./support/localApi";
import { diagnostics, planLines, printed } from "./support/output";
import { Project } from "./support/project";

const ACME = "0123456789abcdef0123456789abcdef";
const LABS = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
const FRESH = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3";

/** An organization set up by hand in the dashboard, with a value in most settings (API format). */
const HAND_MADE = {
  name: "Acme Corp",
  auth_domain: "acme.cloudflareaccess.com",
  allow_authenticate_via_warp: true,
  auto_redirect_to_identity: true,
  deny_unmatched_requests: true,
  deny_unmatched_requests_exempted_zone_names: ["example.com", "example.org"],
  is_ui_read_only: true,
  ui_read_only_toggle_reason: "Locked by the IT team",
  login_design: { background_color: "#0B1F33", text_color: "#FFFFFF", header_text: "Acme", footer_text: "Acme IT", logo_path: "https://acme.example/logo.png" },
  custom_pages: { forbidden: "2b7e151628aed2a6abf7158809cf4f3c" },
  session_duration: "12h",
  user_seat_expiration_inactive_time: "730h",
  warp_auth_session_duration: "4h",
};

let api: LocalApi;
beforeAll(async () => {
  api = await LocalApi.start();
});
afterAll(() => api?.close());
afterEach(async () => expect(await api.violations()).toEqual([]));

const program = (resources: string) => `import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

const config = new pulumi.Config();
${resources}
`;

describe("adoption, drift and a plain destroy", () => {
  let project: Project;
  beforeAll(async () => {
    project = Project.create(
      "zt-lifecycle",
      {
        "index.ts": program(`const org = new ZeroTrustOrganization("acme", {
  accountId: config.require("accountId"),
  sessionDuration: "24h",
  mfaRequiredForAllApps: true,
  mfaConfig: { allowedAuthenticators: ["security_key", "totp"], sessionDuration: "12h" },
});
export const adopted = org.adopted;
export const denyUnmatchedRequests = org.denyUnmatchedRequests;`),
      },
      api.env,
    );
    await project.initStack("dev", { accountId: ACME });
    await api.seedOrganization("accounts", ACME, HAND_MADE);
  });

  it("pulumi preview shows the adoption plan in the CLI's output and writes nothing", async () => {
    const preview = await project.pulumi(["preview", "--suppress-progress"]);
    expect(preview.stdout).toMatch(/^ \+ {2}pulumi-nodejs:dynamic\/cloudflare-zero-trust:ZeroTrustOrganization acme create $/m);
    expect(planLines(preview, "acme")).toEqual([
      // kept: the 16 settings made by hand other than the session (login design counted field by field), and the 3
      // Cloudflare set (strict service-token auth, the service-token inactivity action and threshold)
      'adopts "Acme Corp" (acme.cloudflareaccess.com): 4 settings change, 19 unmanaged settings kept',
      "mfaConfig.allowedAuthenticators: (unset) → [security_key, totp]",
      "mfaConfig.sessionDuration: (unset) → 12h",
      "mfaRequiredForAllApps: false → true",
      "sessionDuration: 12h → 24h",
    ]);
    expect((await api.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /accounts/${ACME}/access/organizations`]);
  });

  it("pulumi up --yes adopts it, changes only the managed settings and keeps every other one", async () => {
    const up = await project.pulumi(["up", "--yes", "--suppress-progress"]);
    expect(up.stdout).toMatch(/^ \+ {2}pulumi-nodejs:dynamic\/cloudflare-zero-trust:ZeroTrustOrganization acme created \(/m);
    expect(diagnostics(up)).toContain(
      `info: [runtime] Adopted the existing Zero Trust organization of account ${ACME} (acme.cloudflareaccess.com): only the settings in your program are managed, everything else stays as it was.`,
    );
    const { session_duration, ...unmanaged } = HAND_MADE;
    expect(session_duration).toBe("12h");
    const stored = (await api.organization("accounts", ACME))!;
    expect(stored).toMatchObject({ ...unmanaged, session_duration: "24h", mfa_required_for_all_apps: true, mfa_config: { session_duration: "12h" } });
    expect([...(stored.mfa_config as { allowed_authenticators: string[] }).allowed_authenticators].sort()).toEqual(["security_key", "totp"]);
    expect((await api.writes()).map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /accounts/${ACME}/access/organizations`]);
  });

  it("a second pulumi preview --expect-no-changes passes, without a request", async () => {
    const before = (await api.requests()).length;
    const preview = await project.pulumi(["preview", "--expect-no-changes", "--suppress-progress"]);
    expect(preview.stdout).toMatch(/^ {4}2 unchanged$/m);
    expect((await api.requests()).length).toBe(before);
  });

  it("pulumi stack export holds the adopted organization, the settings from before, and no credential", async () => {
    const organization = async (args: string[]) => {
      const exported = await project.pulumi(["stack", "export", ...args]);
      expect(exported.stdout).not.toContain(api.token);
      const resources = JSON.parse(exported.stdout).deployment.resources as Array<{ type: string; id?: string; outputs: Record<string, unknown> }>;
      return resources.find((r) => r.type.endsWith(":ZeroTrustOrganization"))!;
    };
    const org = await organization([]);
    expect(org.id).toBe(`accounts/${ACME}`);
    expect(org.outputs).toMatchObject({ adopted: true, denyUnmatchedRequests: true });
    // the settings from before the adoption may hold secrets: Pulumi stores them as a secret (its envelope, with the
    // value encrypted), and `--show-secrets` opens the envelope (the value as JSON text in `plaintext`)
    const SECRET_SIG = "4dabf18193072939515e22adb298388d"; // Pulumi's marker of a secret value in state
    expect(org.outputs.settingsBeforeAdoption).toMatchObject({ [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) });
    const opened = (await organization(["--show-secrets"])).outputs.settingsBeforeAdoption as { plaintext: string };
    expect(JSON.parse(opened.plaintext)).toMatchObject({ sessionDuration: "12h", denyUnmatchedRequests: true });
  });

  it("a dashboard edit: pulumi refresh reads it, pulumi preview --diff shows the managed one as drift, up puts it back through a 429", async () => {
    const newLook = { ...HAND_MADE.login_design, header_text: "Acme SSO" }; // not managed: stays
    await api.dashboardEdit("accounts", ACME, { login_design: newLook, mfa_config: { allowed_authenticators: ["totp"], session_duration: "24h" } });
    const writes = (await api.writes()).length;

    // before a refresh, the preview compares with the last known state: no change
    await project.pulumi(["preview", "--expect-no-changes", "--suppress-progress"]);
    const refresh = await project.pulumi(["refresh", "--yes", "--suppress-progress"]);
    expect(refresh.stdout).toMatch(/^ ~ {2}pulumi-nodejs:dynamic\/cloudflare-zero-trust:ZeroTrustOrganization acme updated /m);
    // the engine diffs what it read against the last inputs (its display): a refresh writes nothing, so no plan
    expect(printed(refresh)).not.toMatch(/updates \d+ setting| → /);

    const preview = await project.pulumi(["preview", "--diff", "--suppress-progress"]);
    // --diff prints the provider's lines on stderr, as they come
    const plan = preview.stderr.split("\n").filter((line) => line.startsWith("info: [runtime] acme ("));
    expect(plan.map((line) => line.replace(/^info: \[runtime\] acme \(accounts\/01234567…\): /, ""))).toEqual([
      "updates 2 settings",
      "mfaConfig.allowedAuthenticators: [totp] → [security_key, totp] (drifted: was [security_key, totp] in the program, [totp] on Cloudflare)",
      "mfaConfig.sessionDuration: 24h → 12h (drifted: was 12h in the program, 24h on Cloudflare)",
    ]);
    expect(preview.stdout).toMatch(/^ {4}~ pulumi-nodejs:dynamic\/cloudflare-zero-trust:ZeroTrustOrganization: \(update\)$/m);
    expect(printed(preview)).not.toMatch(/loginDesign/);
    expect((await api.writes()).length).toBe(writes);

    // Cloudflare refuses the write once (429): the retry is one line under the stack, README's sample ("Reliability")
    await api.inject({ kind: "status", status: 429, retryAfter: "1", method: "PUT" });
    const up = await project.pulumi(["up", "--yes", "--suppress-progress"]);
    const sample = /<!-- cli-sample: a retry line, from test\/e2e\/lifecycle\.e2e\.test\.ts -->\n```\n([^]*?)\n```/.exec(readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"))?.[1];
    expect(up.stdout.split("\n")).toContain(sample);
    const stored = (await api.organization("accounts", ACME))!;
    expect(stored).toMatchObject({ login_design: newLook, mfa_config: { session_duration: "12h" } });
    expect([...(stored.mfa_config as { allowed_authenticators: string[] }).allowed_authenticators].sort()).toEqual(["security_key", "totp"]);
    await project.pulumi(["preview", "--expect-no-changes", "--suppress-progress"]);
  });

  it("pulumi destroy without restoreOnDelete writes nothing and says the settings stay", async () => {
    const before = await api.organization("accounts", ACME);
    const writes = (await api.writes()).length;
    const destroy = await project.pulumi(["destroy", "--yes", "--suppress-progress"]);
    expect(diagnostics(destroy)).toContain(
      `info: [runtime] The Zero Trust organization of account ${ACME} keeps its settings on Cloudflare: it is only removed from this stack (organizations cannot be deleted through the API; set restoreOnDelete to undo an adoption instead).`,
    );
    expect(destroy.stdout).toMatch(/^ {4}- 2 deleted$/m);
    expect((await api.writes()).length).toBe(writes);
    expect(await api.organization("accounts", ACME)).toEqual(before);
    await project.pulumi(["stack", "rm", "dev", "--yes"]);
  });
});

describe("pulumi destroy with restoreOnDelete", () => {
  let project: Project;
  beforeAll(async () => {
    project = Project.create(
      "zt-restore",
      {
        "index.ts": program(`new ZeroTrustOrganization("labs", {
  accountId: config.require("labs"),
  sessionDuration: "24h",
  loginDesign: { footerText: "Managed by Pulumi" },
  clear: ["warpAuthSessionDuration"],
  restoreOnDelete: true,
});
new ZeroTrustOrganization("fresh", {
  accountId: config.require("fresh"),
  name: "Fresh Org",
  authDomain: "fresh-org.cloudflareaccess.com",
  sessionDuration: "8h",
  restoreOnDelete: true,
});`),
      },
      api.env,
    );
    await project.initStack("dev", { labs: LABS, fresh: FRESH });
    await api.seedOrganization("accounts", LABS, { ...HAND_MADE, name: "Acme Labs", auth_domain: "acme-labs.cloudflareaccess.com", warp_auth_session_duration: "2h" });
  });

  it("puts back, on a fresh read, only what the stack managed; a dashboard edit since stays; a created organization keeps its settings", async () => {
    await project.pulumi(["up", "--yes", "--skip-preview", "--suppress-progress"]);
    expect(await api.organization("accounts", LABS)).toMatchObject({ session_duration: "24h", login_design: { footer_text: "Managed by Pulumi" } });
    expect((await api.organization("accounts", LABS))!.warp_auth_session_duration).toBeUndefined();
    expect(await api.organization("accounts", FRESH)).toMatchObject({ name: "Fresh Org", session_duration: "8h" });
    // a colleague edits a setting the stack does not manage, and another part of the login design
    await api.dashboardEdit("accounts", LABS, { deny_unmatched_requests: false, login_design: { ...HAND_MADE.login_design, footer_text: "Managed by Pulumi", header_text: "Edited" } });
    const fresh = await api.organization("accounts", FRESH);
    const requests = (await api.requests()).length;

    const destroy = await project.pulumi(["destroy", "--yes", "--suppress-progress"]);
    expect(diagnostics(destroy)).toEqual(
      expect.arrayContaining([
        `info: [runtime] Restored the settings the Zero Trust organization of account ${LABS} had before it was adopted: loginDesign.footerText, sessionDuration, warpAuthSessionDuration.`,
        `info: [runtime] The Zero Trust organization of account ${FRESH} was created by this stack, so there are no earlier settings to restore; it keeps its settings.`,
      ]),
    );
    expect(await api.organization("accounts", LABS)).toMatchObject({
      session_duration: "12h",
      warp_auth_session_duration: "2h",
      deny_unmatched_requests: false,
      login_design: { ...HAND_MADE.login_design, header_text: "Edited" },
    });
    expect(await api.organization("accounts", FRESH)).toEqual(fresh);
    const during = (await api.requests()).slice(requests).map((r) => `${r.method} ${r.path.replace("/accounts/", "")}`);
    expect(during.sort()).toEqual([`GET ${LABS}/access/organizations`, `PUT ${LABS}/access/organizations`]);
  });
});
