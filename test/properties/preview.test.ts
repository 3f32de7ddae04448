import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { ORGANIZATION_NAMES } from "../../provider/model/organization";
import { urnOf } from "../../provider/testing/host";
import { render } from "../../provider/testing/organizations";
import { ACCOUNT } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { liveOrganizationArb, programArb, sorted } from "./arbitraries";
import { useOrganizationHost } from "../support/organizationHost";
import { runs, SEED } from "../support/seed";

/**
 * The preview tells the truth, through Pulumi's dynamic-provider host: for any program and any organization on
 * Cloudflare, the preview (check for a resource new to the stack, check then diff for one in it) fails exactly when
 * `up` would refuse (the provider before writing, or Cloudflare), and when both go ahead, the paths the preview
 * prints are the paths the write changes.
 *
 * `up`'s own answer is taken by running its write whatever the preview said (the engine would stop at the preview).
 * The generators aim at the rules of the merged organization: MFA required, MFA config, PIV key types and sizes,
 * service-token inactivity, partial objects, `clear`. Rules only Cloudflare knows (unique auth domains, strict
 * service-token auth on new organizations) are left out. Seeded: the suite's seed, `ZT_SEED` and `ZT_RUNS` (see
 * test/support/seed.ts).
 */
const RUNS = runs(80);

const fake = useFakeCloudflare();
const org = useOrganizationHost(fake);

type Props = Record<string, unknown>;
const URN = urnOf("cloudflare-zero-trust:ZeroTrustOrganization", "org");
const scenarioArb = fc.record({ live: fc.option(liveOrganizationArb, { nil: undefined }), program: programArb, inStack: fc.boolean() });

/** A GET's answer, as the wire leaves that hold a setting (by meaning: false, empty and null are unset), timestamps left out. */
function settingLeaves(organization: Props | undefined, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(organization ?? {})) {
    if (["created_at", "updated_at", "trusted_accounts"].includes(key)) continue;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [path, leaf] of settingLeaves(value as Props, `${prefix}${key}.`)) out.set(path, leaf);
    } else if (!(value === false || value === "" || value === null || (Array.isArray(value) && value.length === 0))) {
      out.set(`${prefix}${key}`, Array.isArray(value) ? sorted(value) : value);
    }
  }
  return out;
}

function changedLeaves(before: Map<string, unknown>, after: Map<string, unknown>): string[] {
  return sorted([...new Set([...before.keys(), ...after.keys()])].filter((path) => !isDeepStrictEqual(before.get(path), after.get(path))));
}

const answered = (account: string) => {
  const stored = fake().organization("accounts", account);
  return stored && render("accounts", stored, { read: true });
};

/** The paths of the plan lines (`<subject>: <path>: <old> → <new>`), in wire names. */
function planPaths(lines: readonly string[], subject: string): string[] {
  return sorted(
    lines
      .map((line) => line.split(`${subject}: `)[1])
      .map((line) => line && /^([\w.]+): .* → /.exec(line)?.[1])
      .filter((path): path is string => path !== undefined)
      .map((path) => ORGANIZATION_NAMES.wirePath(path)),
  );
}

const failed = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error.message);

let run = 0;
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

async function holds({ live, program, inStack }: Scenario): Promise<void> {
  fake().reset();
  // an account of its own per run: the host process remembers what it planned and printed
  const account = `${(++run).toString(16).padStart(8, "0")}${ACCOUNT.slice(8)}`;
  const subject = `accounts/${account.slice(0, 8)}…`;
  if (live) fake().seedOrganization("accounts", account, { name: "Acme", auth_domain: "acme.cloudflareaccess.com", ...live });
  const args = {
    accountId: account,
    ...(live ? {} : { name: "Acme", authDomain: "acme.cloudflareaccess.com" }),
    ...program.settings,
    ...(program.clear.length && { clear: program.clear }),
  };
  const existing = inStack && live ? await org().up({ accountId: account }) : undefined;
  const before = answered(account);
  // the preview: check, and for a resource in the stack diff against its outputs
  const { result: preview, lines } = await org().host.withOutput(async () => {
    const checked = await org().check(args, existing?.inputs);
    if (checked.failures.length) return { refused: JSON.stringify(checked.failures), inputs: checked.inputs };
    const refused = existing && (await failed(org().host.diff(existing.id, URN, existing.outputs, checked.inputs)));
    return { refused, inputs: checked.inputs };
  });
  // up, whatever the preview said
  const writesBefore = fake().requests.filter((r) => r.method !== "GET").length;
  const refused = existing
    ? await failed(org().host.update(existing.id, URN, existing.outputs, preview.inputs))
    : await failed(org().host.create(URN, preview.inputs));
  const context = `live ${JSON.stringify(live)}, program ${JSON.stringify(program)}, ${existing ? "in the stack" : "new"}`;
  if (Boolean(preview.refused) !== Boolean(refused)) {
    throw new Error(`${context}: the preview ${preview.refused ? `failed (${preview.refused})` : "passed"}, up ${refused ? `refused (${refused})` : "went ahead"}`);
  }
  if (refused) {
    expect(fake().requests.filter((r) => r.method !== "GET").length).toBe(writesBefore);
    return;
  }
  // a create changes what it sends (Cloudflare fills in its defaults besides); any other write, what a read then answers
  const sent = () => Object.assign({}, ...fake().requests.filter((r) => r.method !== "GET").map((r) => r.body as Props)) as Props;
  const written = before ? changedLeaves(settingLeaves(before), settingLeaves(answered(account))) : sorted([...settingLeaves(sent()).keys()]);
  const planned = planPaths(lines, subject);
  if (!isDeepStrictEqual(planned, written)) throw new Error(`${context}: the preview printed ${JSON.stringify(planned)}, the write changed ${JSON.stringify(written)}`);
}

it(`the preview fails exactly when up refuses, and prints the paths the write changes (${RUNS} runs, seed ${SEED})`, async () => {
  await fc.assert(fc.asyncProperty(scenarioArb, holds), { numRuns: RUNS });
}, 600_000);
