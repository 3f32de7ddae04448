import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { ORGANIZATION_NAMES } from "../../../provider/schemas/organization";
import type { Fault } from "../../../provider/testing/server";
import { prune } from "../../../provider/resources/values";
import { ACCOUNT, handMadeOrganization } from "../../support/client";
import { documentWith, useFakeCloudflare } from "../../support/fake";
import { OrganizationHost, type Stack } from "../../support/organizationHost";

/**
 * Model-based test of "never clobber": random sequences of program changes (`pulumi up`, with or without
 * `--refresh`), dashboard edits of managed and unmanaged settings (one the package does not model included), faults
 * on any request (429 with Retry-After, 5xx, reset, timeout, a lost answer) with a dashboard edit landing while the
 * fault is answered, refreshes, and destroys with and without `restoreOnDelete`, all through Pulumi's
 * dynamic-provider host against the local API. After every step:
 * - every setting holds the last value written to it: by the program (managed), by the dashboard (unmanaged, or
 *   managed but not refreshed since), or by a restore (the value before the adoption);
 * - after an up, the next preview shows no change, and the outputs hold the program's values;
 * - every request body was valid against the OpenAPI excerpt (the local API records any that was not).
 *
 * Seeded: a failure prints the seed and the shrunk sequence. `MODEL_RUNS=2000 MODEL_SEED=… npx jest model` runs a
 * longer or a given search by hand.
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 120);
const SEED = Number(process.env.MODEL_SEED ?? Date.now() % 2 ** 31);

const UNMODELLED = "login_v2_enabled";
const fake = useFakeCloudflare({ document: documentWith({ [UNMODELLED]: { type: "boolean" } }) });
let org: OrganizationHost;
beforeAll(async () => {
  org = await OrganizationHost.start(fake());
});
afterAll(() => org.stop());

type Props = Record<string, unknown>;
/** Wire values by dotted wire path; undefined: not set. */
type Settings = Map<string, unknown>;

/** The settings a program may manage (Pulumi paths) and the values it may give them. */
const VALUES: Record<string, readonly unknown[]> = {
  sessionDuration: ["1h", "6h", "24h"],
  warpAuthSessionDuration: ["2h", "8h"],
  allowAuthenticateViaWarp: [true, false],
  denyUnmatchedRequests: [true, false],
  "loginDesign.headerText": ["A", "B"],
  "loginDesign.footerText": ["x", "y"],
  "mfaConfig.sessionDuration": ["12h", "24h"],
  "serviceTokenInactivity.inactivityThresholdDays": [30, 90],
};
const CLEARABLE = ["sessionDuration", "warpAuthSessionDuration", "allowAuthenticateViaWarp", "denyUnmatchedRequests", "loginDesign"];
const wirePath = (path: string) => ORGANIZATION_NAMES.wirePath(path);
const TRACKED = [...Object.keys(VALUES).map(wirePath), UNMODELLED];

interface Program {
  settings: Record<string, unknown>;
  clear: string[];
  restoreOnDelete: boolean;
}

type Action =
  | { kind: "up"; program: Program; refresh: boolean; fault?: FaultStep }
  | Edit
  | { kind: "refresh"; fault?: FaultStep }
  | { kind: "destroy"; fault?: FaultStep };

const programArb: fc.Arbitrary<Program> = fc
  .record(Object.fromEntries(Object.entries(VALUES).map(([path, values]) => [path, fc.constantFrom(...values)])), { requiredKeys: [] })
  .chain((settings) => {
    const set = Object.keys(settings).map((path) => path.split(".")[0]!);
    const clearable = CLEARABLE.filter((name) => !set.includes(name));
    return fc.record({
      settings: fc.constant(settings as Record<string, unknown>),
      clear: clearable.length ? fc.subarray(clearable) : fc.constant([]),
      restoreOnDelete: fc.boolean(),
    });
  });

const dashboardArb: fc.Arbitrary<Edit> = fc.oneof(
  ...Object.entries(VALUES).map(([path, values]) =>
    fc.record({ kind: fc.constant("dashboard" as const), path: fc.constant(wirePath(path)), value: fc.constantFrom(...values, ...(path.startsWith("service") ? [200] : [undefined])) }),
  ),
  fc.record({ kind: fc.constant("dashboard" as const), path: fc.constant(UNMODELLED), value: fc.boolean() }),
);

interface Edit {
  kind: "dashboard";
  path: string;
  value: unknown;
}

/** A fault on the next matching request, and maybe a dashboard edit that lands while it is answered. */
interface FaultStep {
  method: "GET" | "PUT";
  fault: Fault;
  edit?: Edit;
}

const faultArb: fc.Arbitrary<FaultStep | undefined> = fc.option(
  fc.record(
    {
      method: fc.constantFrom("GET" as const, "PUT" as const),
      fault: fc.constantFrom<Fault>(
        { kind: "status", status: 503 },
        { kind: "status", status: 429, retryAfter: "0.01" },
        { kind: "reset", when: "before-body" },
        { kind: "reset", when: "after-apply" },
        { kind: "hang" },
      ),
      edit: dashboardArb,
    },
    { requiredKeys: ["method", "fault"] },
  ),
  { nil: undefined, freq: 3 },
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("up" as const), program: programArb, refresh: fc.boolean(), fault: faultArb }) },
  { weight: 3, arbitrary: dashboardArb },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("refresh" as const), fault: faultArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("destroy" as const), fault: faultArb }) },
);

// ---- the store and the model ----

const stored = () => fake().organization("accounts", ACCOUNT)!;

function read(org: Props, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Props | undefined)?.[key], org);
}

function write(org: Props, path: string, value: unknown): void {
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce<Props>((node, key) => (node[key] ??= {}) as Props, org);
  if (value === undefined) delete parent[keys.at(-1)!];
  else parent[keys.at(-1)!] = value;
}

/** An edit in the dashboard: Cloudflare's stored organization changes, outside the program. */
function dashboard(path: string, value: unknown): void {
  write(stored(), path, value);
}

/** By meaning: an unset boolean is false, an empty value is unset. */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === false ? undefined : prune(v));
  return isDeepStrictEqual(norm(a), norm(b));
}

const snapshot = (): Settings => new Map(TRACKED.map((path) => [path, structuredClone(read(stored(), path))]));

/** The wire paths a program manages: every path it sets, and every tracked path under what it clears. */
function managed(program: Program): string[] {
  const set = Object.keys(program.settings).map(wirePath);
  const cleared = program.clear.map(wirePath).flatMap((name) => TRACKED.filter((path) => path === name || path.startsWith(`${name}.`)));
  return [...set, ...cleared];
}

function applyProgram(expected: Settings, program: Program): void {
  for (const [path, value] of Object.entries(program.settings)) expected.set(wirePath(path), value);
  for (const name of program.clear.map(wirePath)) {
    for (const path of TRACKED) if (path === name || path.startsWith(`${name}.`)) expected.set(path, undefined);
  }
}

function args(program: Program): Props {
  const settings: Props = {};
  for (const [path, value] of Object.entries(program.settings)) {
    const keys = path.split(".");
    if (keys.length === 1) settings[path] = value;
    else ((settings[keys[0]!] ??= {}) as Props)[keys[1]!] = value;
  }
  return { accountId: ACCOUNT, ...settings, ...(program.clear.length && { clear: program.clear }), restoreOnDelete: program.restoreOnDelete };
}

function expectStore(expected: Settings, step: string): void {
  for (const path of TRACKED) {
    if (!same(read(stored(), path), expected.get(path))) {
      throw new Error(`after ${step}: ${path} is ${JSON.stringify(read(stored(), path))} on Cloudflare, expected ${JSON.stringify(expected.get(path))}`);
    }
  }
  if (fake().violations.length) throw new Error(`after ${step}: requests outside the OpenAPI excerpt: ${fake().violations.join("; ")}`);
}

async function runSequence(actions: readonly Action[]): Promise<void> {
  fake().reset();
  fake().seedOrganization(
    "accounts",
    ACCOUNT,
    handMadeOrganization({
      [UNMODELLED]: true,
      allow_authenticate_via_warp: true,
      service_token_inactivity: { action: "disable", enabled: false, inactivity_threshold_days: 90 },
      mfa_config: { session_duration: "24h" },
    }),
  );
  const expected = snapshot();
  let stack: Stack | undefined;
  let program: Program | undefined;
  let beforeAdoption: Settings | undefined;
  for (const [index, action] of actions.entries()) {
    const step = `step ${index + 1} (${action.kind})`;
    if (action.kind === "dashboard") {
      dashboard(action.path, action.value);
      expected.set(action.path, action.value);
      expectStore(expected, step);
      continue;
    }
    // a dashboard edit that lands while a fault is answered counts before the operation's write (it happened first)
    let landed: Edit | undefined;
    const fault = action.fault;
    if (fault) fake().inject({ ...fault.fault, method: fault.method, meanwhile: () => fault.edit && dashboard((landed = fault.edit).path, fault.edit.value) });
    const landEdit = () => landed && expected.set(landed.path, landed.value);
    if (action.kind === "up") {
      if (!stack) beforeAdoption = snapshot();
      if (stack && action.refresh) stack = await org.refresh(stack);
      const previous = stack;
      const next = await org.up(args(action.program), stack);
      landEdit();
      // an edit that landed on a failed read came before the adoption's read: it is part of what was adopted
      if (!previous && landed && action.fault?.method === "GET") beforeAdoption!.set(landed.path, landed.value);
      if (!previous || next.outputs !== previous.outputs) applyProgram(expected, action.program);
      stack = next;
      program = action.program;
      fake().clearFaults();
      expectStore(expected, step);
      for (const [path, value] of Object.entries(program.settings)) {
        if (!same(read(stack.outputs, path), value)) throw new Error(`after ${step}: output ${path} is ${JSON.stringify(read(stack.outputs, path))}, the program says ${JSON.stringify(value)}`);
      }
      const preview = await org.preview(stack, args(program));
      if (preview !== "none") throw new Error(`after ${step}: the next preview shows ${preview} change`);
    } else if (action.kind === "refresh") {
      if (stack) stack = await org.refresh(stack);
      landEdit();
      fake().clearFaults();
      expectStore(expected, step);
    } else {
      if (stack && program) await org.destroy(stack);
      landEdit();
      if (stack && program?.restoreOnDelete) for (const path of managed(program)) expected.set(path, beforeAdoption!.get(path));
      stack = undefined;
      program = undefined;
      fake().clearFaults();
      expectStore(expected, step);
    }
  }
}

it(`holds its invariants over ${RUNS} random sequences (seed ${SEED})`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 8 }), (actions) => runSequence(actions)),
    { numRuns: RUNS, seed: SEED },
  );
}, 600_000);
