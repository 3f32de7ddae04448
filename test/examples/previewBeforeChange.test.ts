import { readFileSync } from "node:fs";
import path from "node:path";
import { reviewedOrganization, type ReviewedSettings } from "../../examples/preview-before-change/organization";
import { ProviderHost, urnOf } from "../../provider/testing/host";
import { serializedResource } from "../../provider/testing/program";
import { FAKE_TOKEN } from "../../provider/testing/server";
import { ACCOUNT, ACCOUNT_2, handMadeOrganization } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { REPO_ROOT } from "../support/repo";
import { parseTranscript, planLinesIn } from "../support/transcript";

/**
 * examples/preview-before-change/preview.txt is the Pulumi CLI's own output for that example's previews, captured and
 * compared by the end-to-end suite (test/e2e/examples.e2e.test.ts, which needs the CLI). Here, in `npm test`, the plan
 * lines in it are compared with what the same previews print through Pulumi's dynamic-provider host against the
 * local Cloudflare API, each call made as the engine makes it: a change of the plan lines fails here first.
 */
const GOLDEN = path.join(REPO_ROOT, "examples/preview-before-change/preview.txt");
const fake = useFakeCloudflare();
let host: ProviderHost;
afterEach(() => host?.stop());

type Props = Record<string, unknown>;

async function program(settings: ReviewedSettings): Promise<{ urn: string; news: Props }> {
  const { type, provider, inputs } = await serializedResource(() => reviewedOrganization(settings));
  return { urn: urnOf(type, "org"), news: { ...inputs, __provider: provider } };
}

/** The plan lines `work` makes the host print. A diff of a marker resource follows it: once the marker's line is
 * out, everything printed before it is too (one pipe, in order). */
let step = 0;
async function printedBy(work: () => Promise<unknown>, provider: unknown): Promise<string[]> {
  const start = host.output.length;
  await work();
  const marker = `marker-${++step}`;
  await host.diff("marker", "marker", { accountId: ACCOUNT, sessionDuration: "1h" }, { accountId: ACCOUNT, sessionDuration: "2h", __plan: { name: marker }, __provider: provider });
  const output = await host.waitForOutput(new RegExp(`${marker} \\(`));
  return output
    .slice(start)
    .split("\n")
    .filter((line) => line.startsWith("info: [runtime] org ("));
}

it("the plan lines in examples/preview-before-change/preview.txt (the CLI's output) are what the host prints for those previews", async () => {
  fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
  host = await ProviderHost.start();
  await host.configure({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake().baseUrl });
  const sections: Array<{ title: string; lines: string[] }> = [];
  const section = (title: string, lines: string[]) => sections.push({ title, lines });

  // 1. the first preview, on an account whose organization was set up by hand; then `pulumi up`
  const first = await program({ accountId: ACCOUNT, sessionDuration: "12h" });
  let inputs: Props = {};
  section(
    "Adoption: the first `pulumi preview`, on an account whose organization was set up by hand",
    await printedBy(async () => (inputs = (await host.check(first.urn, {}, first.news)).inputs), first.news.__provider),
  );
  const created = await host.create(first.urn, inputs);
  let outputs = created.properties;

  // 2. `pulumi config set sessionDuration 8h`: preview, then up
  const shorter = await program({ accountId: ACCOUNT, sessionDuration: "8h" });
  let checked: Props = {};
  section(
    "Update: `pulumi config set sessionDuration 8h`, then `pulumi preview`",
    await printedBy(async () => {
      checked = (await host.check(shorter.urn, inputs, shorter.news)).inputs;
      await host.diff(created.id, shorter.urn, outputs, checked);
    }, first.news.__provider),
  );
  outputs = await host.update(created.id, shorter.urn, outputs, checked);
  inputs = checked;

  // 3. someone relaxes MFA in the dashboard; `pulumi preview --refresh`
  fake().dashboardEdit("accounts", ACCOUNT, { mfa_config: { allowed_authenticators: ["totp"], session_duration: "24h" } });
  section(
    "Drift: MFA relaxed in the dashboard, then `pulumi preview --refresh`",
    await printedBy(async () => {
      outputs = (await host.read(created.id, shorter.urn, outputs)).properties;
      await host.diff(created.id, shorter.urn, outputs, (await host.check(shorter.urn, inputs, shorter.news)).inputs);
    }, first.news.__provider),
  );

  // 4. the stack moves to another account, whose organization exists too
  fake().seedOrganization("accounts", ACCOUNT_2, handMadeOrganization({ name: "Widget Corps Labs", auth_domain: "widgetlabs.cloudflareaccess.com", session_duration: "24h" }));
  const moved = await program({ accountId: ACCOUNT_2, sessionDuration: "8h" });
  section(
    "Replace: `pulumi config set accountId <another account>`, then `pulumi preview`",
    await printedBy(async () => host.diff(created.id, moved.urn, outputs, (await host.check(moved.urn, inputs, moved.news)).inputs), first.news.__provider),
  );

  // the same previews in the CLI's transcript, section by section
  const transcript = parseTranscript(readFileSync(GOLDEN, "utf8"));
  expect(sections).toEqual(sections.map(({ title }) => ({ title, lines: planLinesIn(transcript.find((t) => t.title === title)?.output ?? "", "org") })));
});

it("README's Preview sample is the adoption preview of preview.txt, word for word", () => {
  const adoption = parseTranscript(readFileSync(GOLDEN, "utf8")).find((section) => section.title.startsWith("Adoption:"))!;
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const sample = /<!-- cli-sample: the "Adoption" section of examples\/preview-before-change\/preview\.txt -->\n```\n([^]*?)```/.exec(readme)?.[1];
  expect(sample).toBe(`$ ${adoption.command}\n${adoption.output}\n`);
});
