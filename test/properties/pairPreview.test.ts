import fc from "fast-check";
import { urnOf } from "../../provider/testing/host";
import { ACCOUNT } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { useOrganizationHost, type Stack } from "../support/organizationHost";
import { liveOrganizationArb, programArb } from "./arbitraries";

/**
 * Two resources of one run on one organization, through Pulumi's dynamic-provider host: for any organization on
 * Cloudflare and any two programs that set different settings of it, the preview of the pair (each one's check, and
 * diff for one in the stack, in order) fails exactly when `up`, applying their writes in that order, would refuse one.
 * `up`'s answer is taken by running both writes whatever the preview said. Seeded: `PAIR_PREVIEW_SEED`,
 * `PAIR_PREVIEW_RUNS`.
 */
const RUNS = Number(process.env.PAIR_PREVIEW_RUNS ?? 60);
const SEED = Number(process.env.PAIR_PREVIEW_SEED ?? 2020);

const fake = useFakeCloudflare();
const org = useOrganizationHost(fake);

type Props = Record<string, unknown>;
interface Program {
  settings: Props;
  clear: string[];
}
const URN = urnOf("cloudflare-zero-trust:ZeroTrustOrganization", "org");
const NAMES = ["first", "second"] as const;
const isObject = (value: unknown): value is Props => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * One program split between two resources, member by member (an object's members may go to both) and clear by clear:
 * they never set one setting differently (that the same-setting check refuses, see safety.test.ts 13).
 */
const pairArb = programArb.chain(({ settings, clear }) => {
  const leaves = Object.entries(settings).flatMap(([key, value]): Array<[string, string | undefined, unknown]> =>
    isObject(value) ? Object.entries(value).map(([member, item]) => [key, member, item]) : [[key, undefined, value]],
  );
  return fc.tuple(fc.array(fc.nat(1), { minLength: leaves.length, maxLength: leaves.length }), fc.array(fc.nat(1), { minLength: clear.length, maxLength: clear.length })).map(
    ([leafOwners, clearOwners]) => {
      const programs: [Program, Program] = [
        { settings: {}, clear: [] },
        { settings: {}, clear: [] },
      ];
      leaves.forEach(([key, member, value], i) => {
        const target = programs[leafOwners[i]!]!.settings;
        if (member === undefined) target[key] = value;
        else target[key] = { ...((target[key] as Props | undefined) ?? {}), [member]: value };
      });
      clear.forEach((setting, i) => programs[clearOwners[i]!]!.clear.push(setting));
      return programs;
    },
  );
});

const scenarioArb = fc.record({ live: liveOrganizationArb, pair: pairArb, inStack: fc.boolean() });
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const failed = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error.message);

let run = 0;

async function holds({ live, pair, inStack }: Scenario): Promise<void> {
  fake().reset();
  // an account of its own per run: the host process remembers what the resources of its run set
  const account = `${(++run).toString(16).padStart(8, "0")}${ACCOUNT.slice(8)}`;
  fake().seedOrganization("accounts", account, { name: "Acme", auth_domain: "acme.cloudflareaccess.com", ...live });
  const named = (i: number, args: Props) => ({ ...args, __plan: { name: NAMES[i] } });
  const args = pair.map((program, i) => named(i, { accountId: account, ...program.settings, ...(program.clear.length && { clear: program.clear }) }));
  const stacks: Array<Stack | undefined> = inStack ? [await org().up(named(0, { accountId: account })), await org().up(named(1, { accountId: account }))] : [undefined, undefined];

  // the preview: each resource's check, then for one in the stack its diff, in order
  const previewed: Array<{ refused?: string; inputs: Props }> = [];
  for (const [i, stack] of stacks.entries()) {
    const checked = await org().check(args[i]!, stack?.inputs);
    const refused = checked.failures.length
      ? JSON.stringify(checked.failures)
      : stack && (await failed(org().host.diff(stack.id, URN, stack.outputs, checked.inputs)));
    previewed.push({ refused, inputs: checked.inputs });
  }
  const atPreview = previewed.map((p) => p.refused).find(Boolean);
  const writesAfterPreview = fake().requests.filter((r) => r.method !== "GET").length;

  // up, whatever the preview said: both writes, in order
  const atUp: Array<string | undefined> = [];
  for (const [i, stack] of stacks.entries()) {
    const { inputs } = previewed[i]!;
    atUp.push(await failed(stack ? org().host.update(stack.id, URN, stack.outputs, inputs) : org().host.create(URN, inputs)));
  }
  const context = `live ${JSON.stringify(live)}, programs ${JSON.stringify(pair)}, ${inStack ? "in the stack" : "new"}`;
  expect(writesAfterPreview).toBe(0);
  if (Boolean(atPreview) !== atUp.some(Boolean)) {
    throw new Error(`${context}: the preview ${atPreview ? `failed (${atPreview})` : "passed"}, up ${atUp.some(Boolean) ? `refused (${atUp.join(" / ")})` : "applied both"}`);
  }
}

it(`the preview of two resources on one organization fails exactly when up, writing both in order, refuses one (${RUNS} runs, seed ${SEED})`, async () => {
  await fc.assert(fc.asyncProperty(scenarioArb, holds), { numRuns: RUNS, seed: SEED });
}, 600_000);
