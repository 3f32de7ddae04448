import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { OrganizationDoh } from "../../../provider";
import { ORGANIZATION_NAMES } from "../../../provider/model/organization";
import type { Fault } from "../../../provider/testing/server";
import { prune } from "../../../provider/model/values";
import { ACCOUNT, ZONE, handMadeOrganization } from "../../support/client";
import { documentWith, useFakeCloudflare } from "../../support/fake";
import { OrganizationHost, type Stack } from "../../support/organizationHost";
import { runs, SEED } from "../../support/seed";

/**
 * Model-based test of "never clobber, never leak": random sequences of program changes (`pulumi up`, with or without
 * `--refresh`), dashboard edits of managed and unmanaged settings (fields and members the package does not model
 * included, with digits in their names and empty values), faults on any request (429 with Retry-After, 5xx, reset,
 * timeout, a lost answer) with a dashboard edit landing while the fault is answered, refreshes, destroys with and
 * without `restoreOnDelete`, and DoH writes, all through Pulumi's dynamic-provider host against the local API. A
 * sequence runs on an account organization or on a zone organization whose read also answers account fields and
 * `trusted_accounts`; in some, the scope, the name and the auth domain are given as secrets. After every step:
 * - every setting holds the last value written to it: by the program (managed), by the dashboard (unmanaged, or
 *   managed but not refreshed since), or by a restore (the value before the adoption); what the package does not
 *   model, what a zone's read answers beyond the zone's fields, and the team domain, are exactly as last written by
 *   the dashboard (or as seeded);
 * - after an up, the next preview shows no change, and the outputs hold the program's values;
 * - every request body was valid against the OpenAPI excerpt (the local API records any that was not);
 * - with secrets, no line the host printed, no error, no id and no output the engine keeps in clear holds one.
 *
 * Seeded (CI runs the suite's fixed seed): a failure prints the seed, the shrunk sequence and the command that replays
 * it. `ZT_SEED=random ZT_RUNS=2000 npx jest model` runs a longer search on new seeds (see test/support/seed.ts).
 */
const RUNS = runs(120);

/** Fields and members the package does not model, as a newer Cloudflare answers them (wire paths, seeded values). */
const UNMODELLED: Readonly<Record<string, unknown>> = {
  login_v2_enabled: true,
  new_list_v2: [],
  "mfa_config.fido2_only": true,
  "mfa_config.extra_v2": [],
  "login_design.x_v2": "",
};
const fake = useFakeCloudflare({
  document: documentWith(Object.fromEntries(Object.entries(UNMODELLED).map(([path, value]) => [path, { type: Array.isArray(value) ? "array" : typeof value }]))),
});
const TOKENS = [
  { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "doh-a", client_id: "a.access" },
  { id: "0b5c2a4e-3f1d-4c8b-9e6a-7d2f1e0c9b8a", name: "doh-b", client_id: "b.access" },
];
let org: OrganizationHost;
let doh: OrganizationHost;
beforeAll(async () => {
  org = await OrganizationHost.start(fake());
  doh = await org.beside(() => new OrganizationDoh("doh", { accountId: ACCOUNT }), "doh");
});
afterAll(() => org.stop());

type Props = Record<string, unknown>;
type Scope = "accounts" | "zones";

const LIVE = handMadeOrganization();
const LIVE_NAME = String(LIVE.name);
const LIVE_DOMAIN = String(LIVE.auth_domain);

/** What a zone's read answers beyond the zone's fields: never written, so never changed. */
const ZONE_EXTRA = {
  session_duration: "8h",
  mfa_config: { allowed_authenticators: ["totp"], session_duration: "8h" },
  trusted_accounts: ["fedcba9876543210fedcba9876543210"],
};

/** Per scope: the settings a program may manage (Pulumi paths) and their values, what it may clear, what stays put. */
const WORLDS: Record<Scope, { values: Record<string, readonly unknown[]>; clearable: string[]; unmodelled: Record<string, readonly unknown[]>; fixed: string[] }> = {
  accounts: {
    values: {
      sessionDuration: ["1h", "6h", "24h"],
      warpAuthSessionDuration: ["2h", "8h"],
      allowAuthenticateViaWarp: [true, false],
      denyUnmatchedRequests: [true, false],
      "loginDesign.headerText": ["A", "B"],
      "loginDesign.footerText": ["x", "y"],
      "mfaConfig.sessionDuration": ["12h", "24h"],
      "serviceTokenInactivity.inactivityThresholdDays": [30, 90],
    },
    clearable: ["sessionDuration", "warpAuthSessionDuration", "allowAuthenticateViaWarp", "denyUnmatchedRequests", "loginDesign", "mfaConfig"],
    unmodelled: { login_v2_enabled: [true, false], new_list_v2: [[], ["v2"]], "mfa_config.fido2_only": [true, false], "mfa_config.extra_v2": [[], [1]], "login_design.x_v2": ["", "x2"] },
    fixed: [],
  },
  zones: {
    values: {
      "loginDesign.headerText": ["A", "B"],
      "loginDesign.footerText": ["x", "y"],
      denyUnmatchedRequests: [true, false],
      userSeatExpirationInactiveTime: ["730h", "1000h"],
    },
    clearable: ["loginDesign", "denyUnmatchedRequests", "userSeatExpirationInactiveTime"],
    unmodelled: { "login_design.x_v2": ["", "x2"] },
    fixed: Object.keys(ZONE_EXTRA),
  },
};
const wirePath = (path: string) => ORGANIZATION_NAMES.wirePath(path);

interface World {
  scope: Scope;
  /** The scope id, the name and the auth domain are given as secrets. */
  secret: boolean;
}

interface Program {
  settings: Record<string, unknown>;
  clear: string[];
  restoreOnDelete: boolean;
}

interface DohProgram {
  serviceTokenId?: string;
  dohJwtDuration?: string;
}

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

type Action =
  | { kind: "up"; program: Program; refresh: boolean; fault?: FaultStep }
  | Edit
  | { kind: "refresh"; fault?: FaultStep }
  | { kind: "destroy"; fault?: FaultStep }
  | { kind: "doh-up"; program: DohProgram; fault?: Omit<FaultStep, "edit"> & { edit?: DohEdit } }
  | DohEdit;

/** An edit of the account's DoH settings in the dashboard. */
type DohEdit = { kind: "doh-dashboard"; field: "service_token_id" | "doh_jwt_duration"; value: string };

const FAULTS = fc.constantFrom<Fault>(
  { kind: "status", status: 503 },
  { kind: "status", status: 429, retryAfter: "0.01" },
  { kind: "reset", when: "before-body" },
  { kind: "reset", when: "after-apply" },
  { kind: "hang" },
);

function actionsFor(world: World): fc.Arbitrary<Action[]> {
  const { values, clearable, unmodelled } = WORLDS[world.scope];
  const programArb: fc.Arbitrary<Program> = fc
    .record(Object.fromEntries(Object.entries(values).map(([path, choices]) => [path, fc.constantFrom(...choices)])), { requiredKeys: [] })
    .chain((settings) => {
      const set = Object.keys(settings).map((path) => path.split(".")[0]!);
      const free = clearable.filter((name) => !set.includes(name));
      return fc.record({
        settings: fc.constant(settings as Record<string, unknown>),
        clear: free.length ? fc.subarray(free) : fc.constant([]),
        restoreOnDelete: fc.boolean(),
      });
    });
  const edit = (path: string, choices: readonly unknown[]) => fc.record({ kind: fc.constant("dashboard" as const), path: fc.constant(path), value: fc.constantFrom(...choices) });
  const dashboardArb: fc.Arbitrary<Edit> = fc.oneof(
    ...Object.entries(values).map(([path, choices]) => edit(wirePath(path), [...choices, path.startsWith("service") ? 200 : undefined])),
    ...Object.entries(unmodelled).map(([path, choices]) => edit(path, choices)),
  );
  const faultArb: fc.Arbitrary<FaultStep | undefined> = fc.option(
    fc.record({ method: fc.constantFrom("GET" as const, "PUT" as const), fault: FAULTS, edit: dashboardArb }, { requiredKeys: ["method", "fault"] }),
    { nil: undefined, freq: 3 },
  );
  const dohEditArb: fc.Arbitrary<DohEdit> = fc.oneof(
    fc.record({ kind: fc.constant("doh-dashboard" as const), field: fc.constant("service_token_id" as const), value: fc.constantFrom(...TOKENS.map((t) => t.id)) }),
    fc.record({ kind: fc.constant("doh-dashboard" as const), field: fc.constant("doh_jwt_duration" as const), value: fc.constantFrom("24h", "800h", "1h") }),
  );
  const dohArb: fc.Arbitrary<Action>[] =
    world.scope === "accounts"
      ? [
          fc.record({
            kind: fc.constant("doh-up" as const),
            program: fc.record({ serviceTokenId: fc.constantFrom(...TOKENS.map((t) => t.id)), dohJwtDuration: fc.constantFrom("24h", "800h") }, { requiredKeys: [] }),
            // a dashboard edit may land while a fault is answered: the retried write is rebuilt from a fresh read
            fault: fc.option(fc.record({ method: fc.constantFrom("GET" as const, "PUT" as const), fault: FAULTS, edit: dohEditArb }, { requiredKeys: ["method", "fault"] }), {
              nil: undefined,
              freq: 3,
            }),
          }),
          dohEditArb,
        ]
      : [];
  const actionArb: fc.Arbitrary<Action> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("up" as const), program: programArb, refresh: fc.boolean(), fault: faultArb }) },
    { weight: 3, arbitrary: dashboardArb },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("refresh" as const), fault: faultArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("destroy" as const), fault: faultArb }) },
    ...dohArb.map((arbitrary) => ({ weight: 1, arbitrary })),
  );
  return fc.array(actionArb, { minLength: 1, maxLength: 8 });
}

const sequenceArb = fc
  .record({ scope: fc.constantFrom<Scope>("accounts", "accounts", "zones"), secret: fc.boolean() })
  .chain((world) => fc.tuple(fc.constant(world), actionsFor(world)));

// ---- the store and the model ----

const SCOPE_ID: Record<Scope, string> = { accounts: ACCOUNT, zones: ZONE };

function read(node: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((at, key) => (at as Props | undefined)?.[key], node);
}

/** A copy made in this test's realm (jest's `structuredClone` makes arrays another realm's deep equality refuses). */
function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function write(node: Props, path: string, value: unknown): void {
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce<Props>((at, key) => (at[key] ??= {}) as Props, node);
  if (value === undefined) delete parent[keys.at(-1)!];
  else parent[keys.at(-1)!] = value;
}

/** By meaning: an unset boolean is false, an empty value is unset (how Cloudflare answers modelled settings). */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === false ? undefined : prune(v));
  return isDeepStrictEqual(norm(a), norm(b));
}

class Sequence {
  readonly modelled: string[];
  readonly exact: string[];
  readonly expected = new Map<string, unknown>();
  readonly expectedDoh = new Map<string, unknown>();
  stack?: Stack;
  program?: Program;
  dohStack?: Stack;
  beforeAdoption?: Map<string, unknown>;
  private outputStart = 0;

  constructor(readonly world: World) {
    const { values, unmodelled, fixed } = WORLDS[world.scope];
    this.modelled = Object.keys(values).map(wirePath);
    // the team domain too: a program may give it in another letter case, and no write may change it
    this.exact = [...Object.keys(unmodelled), ...fixed, "auth_domain", "name"];
  }

  get stored(): Props {
    return fake().organization(this.world.scope, SCOPE_ID[this.world.scope])!;
  }

  seed(): void {
    fake().reset();
    const unmodelled = this.world.scope === "accounts" ? UNMODELLED : { "login_design.x_v2": UNMODELLED["login_design.x_v2"] };
    const seeded = handMadeOrganization({
      allow_authenticate_via_warp: true,
      ...(this.world.scope === "accounts"
        ? { service_token_inactivity: { action: "disable", enabled: false, inactivity_threshold_days: 90 }, mfa_config: { session_duration: "24h" } }
        : ZONE_EXTRA),
    });
    for (const [path, value] of Object.entries(unmodelled)) write(seeded, path, clone(value));
    fake().seedOrganization(this.world.scope, SCOPE_ID[this.world.scope], seeded);
    for (const token of TOKENS) fake().addServiceToken(ACCOUNT, token);
    fake().seedDoh(ACCOUNT, { service_token_id: TOKENS[0]!.id, doh_jwt_duration: "24h" });
    for (const path of [...this.modelled, ...this.exact]) this.expected.set(path, clone(read(this.stored, path)));
    this.expectedDoh.set("service_token_id", TOKENS[0]!.id).set("doh_jwt_duration", "24h");
    this.outputStart = org.host.output.length;
  }

  snapshot(): Map<string, unknown> {
    return new Map([...this.modelled, ...this.exact].map((path) => [path, clone(read(this.stored, path))]));
  }

  /** An edit in the dashboard: Cloudflare's stored organization changes, outside the program. */
  dashboard(edit: Edit): void {
    this.edit(edit);
    this.expected.set(edit.path, clone(edit.value));
  }

  /** An edit of the DoH settings in the dashboard. */
  dohDashboard({ field, value }: DohEdit): void {
    fake().seedDoh(ACCOUNT, { ...fake().dohSettings(ACCOUNT)!, [field]: value });
    this.expectedDoh.set(field, value);
  }

  /** Changes the stored organization as the dashboard does (its `updated_at` moves), the model's expectations aside. */
  edit({ path, value }: Edit): void {
    const edited = this.stored;
    write(edited, path, clone(value));
    const top = path.split(".")[0]!;
    fake().dashboardEdit(this.world.scope, SCOPE_ID[this.world.scope], { [top]: edited[top] });
  }

  /** The wire paths a program manages: every path it sets, and every modelled tracked path under what it clears. */
  managed(program: Program): string[] {
    const cleared = program.clear.map(wirePath).flatMap((name) => this.modelled.filter((path) => path === name || path.startsWith(`${name}.`)));
    return [...Object.keys(program.settings).map(wirePath), ...cleared];
  }

  applyProgram(program: Program): void {
    for (const [path, value] of Object.entries(program.settings)) this.expected.set(wirePath(path), value);
    for (const name of program.clear.map(wirePath)) {
      for (const path of this.modelled) if (path === name || path.startsWith(`${name}.`)) this.expected.set(path, undefined);
    }
  }

  args(program: Program): Props {
    const settings: Props = {};
    for (const [path, value] of Object.entries(program.settings)) write(settings, path, value);
    const scopeKey = this.world.scope === "accounts" ? "accountId" : "zoneId";
    return {
      [scopeKey]: SCOPE_ID[this.world.scope],
      ...settings,
      ...(program.clear.length && { clear: program.clear }),
      restoreOnDelete: program.restoreOnDelete,
      // given as secrets: the name and the team domain (in another letter case: adoption writes it as read)
      ...(this.world.secret && { name: LIVE_NAME, authDomain: LIVE_DOMAIN.toUpperCase(), __plan: { name: "org", secrets: [scopeKey, "authDomain", "name"] } }),
    };
  }

  dohArgs(program: DohProgram): Props {
    return { accountId: ACCOUNT, ...program, ...(this.world.secret && { __plan: { name: "doh", secrets: ["accountId"] } }) };
  }

  expectStore(step: string): void {
    for (const path of this.modelled) {
      if (!same(read(this.stored, path), this.expected.get(path))) {
        throw new Error(`after ${step}: ${path} is ${JSON.stringify(read(this.stored, path))} on Cloudflare, expected ${JSON.stringify(this.expected.get(path))}`);
      }
    }
    for (const path of this.exact) {
      if (!isDeepStrictEqual(read(this.stored, path), this.expected.get(path))) {
        throw new Error(`after ${step}: ${path} is ${JSON.stringify(read(this.stored, path))} on Cloudflare, expected exactly ${JSON.stringify(this.expected.get(path))}`);
      }
    }
    const dohStored = fake().dohSettings(ACCOUNT) as Props | undefined;
    for (const [field, value] of this.expectedDoh) {
      if (dohStored?.[field] !== value) throw new Error(`after ${step}: DoH ${field} is ${JSON.stringify(dohStored?.[field])}, expected ${JSON.stringify(value)}`);
    }
    if (fake().violations.length) throw new Error(`after ${step}: requests outside the OpenAPI excerpt: ${fake().violations.join("; ")}`);
  }

  /** With secrets: nothing printed since the sequence began, no id, no output the engine keeps in clear holds one. */
  expectNoSecret(step: string): void {
    if (!this.world.secret) return;
    const clear = (outputs: Props | undefined) =>
      Object.fromEntries(Object.entries(outputs ?? {}).filter(([key]) => !["accountId", "zoneId", "name", "authDomain", "settingsBeforeAdoption"].includes(key)));
    const seen = JSON.stringify([org.host.output.slice(this.outputStart), this.stack?.id, this.dohStack?.id, clear(this.stack?.outputs), clear(this.dohStack?.outputs)]).toLowerCase();
    for (const secret of [SCOPE_ID[this.world.scope], LIVE_NAME, LIVE_DOMAIN]) {
      if (seen.includes(secret.toLowerCase())) throw new Error(`after ${step}: the secret ${secret} was printed, thrown or output in clear`);
    }
  }
}

async function runSequence([world, actions]: [World, readonly Action[]]): Promise<void> {
  const model = new Sequence(world);
  model.seed();
  for (const [index, action] of actions.entries()) {
    const step = `step ${index + 1} (${action.kind})`;
    if (action.kind === "dashboard") {
      model.dashboard(action);
    } else if (action.kind === "doh-dashboard") {
      model.dohDashboard(action);
    } else if (action.kind === "doh-up") {
      const fault = action.fault;
      // an edit that lands during the fault came before the write's (fresh) read: the program's values apply over it
      if (fault) fake().inject({ ...fault.fault, method: fault.method, path: "/doh", meanwhile: () => fault.edit && model.dohDashboard(fault.edit) });
      const previous = model.dohStack;
      model.dohStack = await doh.up(model.dohArgs(action.program), previous);
      fake().clearFaults();
      // no change against the last outputs (a dashboard edit not refreshed since): nothing is written
      if (model.dohStack.outputs !== previous?.outputs) {
        if (action.program.serviceTokenId) model.expectedDoh.set("service_token_id", action.program.serviceTokenId);
        if (action.program.dohJwtDuration) model.expectedDoh.set("doh_jwt_duration", action.program.dohJwtDuration);
      }
      const preview = await doh.preview(model.dohStack, model.dohArgs(action.program));
      if (preview !== "none") throw new Error(`after ${step}: the next DoH preview shows ${preview} change`);
    } else {
      // a dashboard edit that lands while a fault is answered counts before the operation's write (it happened first)
      let landed: Edit | undefined;
      const fault = action.fault;
      if (fault) {
        fake().inject({ ...fault.fault, method: fault.method, meanwhile: () => fault.edit && model.edit((landed = fault.edit)) });
      }
      const landEdit = () => landed && model.expected.set(landed.path, clone(landed.value));
      if (action.kind === "up") {
        if (!model.stack) model.beforeAdoption = model.snapshot();
        if (model.stack && action.refresh) model.stack = await org.refresh(model.stack);
        const previous = model.stack;
        const next = await org.up(model.args(action.program), model.stack);
        landEdit();
        // an edit that landed on a failed read came before the adoption's read: it is part of what was adopted
        if (!previous && landed && action.fault?.method === "GET") model.beforeAdoption!.set(landed.path, clone(landed.value));
        if (!previous || next.outputs !== previous.outputs) model.applyProgram(action.program);
        model.stack = next;
        model.program = action.program;
        fake().clearFaults();
        for (const [path, value] of Object.entries(action.program.settings)) {
          if (!same(read(next.outputs, path), value)) throw new Error(`after ${step}: output ${path} is ${JSON.stringify(read(next.outputs, path))}, the program says ${JSON.stringify(value)}`);
        }
        const preview = await org.preview(model.stack, model.args(action.program));
        if (preview !== "none") throw new Error(`after ${step}: the next preview shows ${preview} change`);
      } else if (action.kind === "refresh") {
        if (model.stack) model.stack = await org.refresh(model.stack);
        landEdit();
        fake().clearFaults();
      } else {
        if (model.stack && model.program) await org.destroy(model.stack);
        landEdit();
        if (model.stack && model.program?.restoreOnDelete) for (const path of model.managed(model.program)) model.expected.set(path, model.beforeAdoption!.get(path));
        model.stack = undefined;
        model.program = undefined;
        fake().clearFaults();
      }
    }
    model.expectStore(step);
    model.expectNoSecret(step);
  }
}

it(`holds its invariants over ${RUNS} random sequences (seed ${SEED})`, async () => {
  await fc.assert(fc.asyncProperty(sequenceArb, runSequence), { numRuns: RUNS });
}, 600_000);
