import { HardenedZeroTrustOrganization } from "../component/hardened";
import { OrganizationDoh } from "../resources/doh/resource";
import { ZeroTrustOrganization } from "../resources/organization/resource";
import { UserAccessRevocation } from "../resources/revocation/resource";
import { RESOURCE_TYPES } from "../resources/types";
import { ProviderHost } from "./host";
import { namespacedConfig, runProgram, type Program } from "./program";

type Props = Record<string, unknown>;

/** What a preview or an update does to one resource, as the engine decides it. */
export type StepOp = "create" | "update" | "replace" | "same" | "delete" | "refresh" | "component";

export interface Step {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly op: StepOp;
  /** The resource's id, once it is in the stack. */
  readonly id?: string;
  /** What the provider printed while handling this resource: the info lines `pulumi preview` / `up` show. */
  readonly log: readonly string[];
  /** After an update or refresh: the resource's outputs. */
  readonly outputs?: Props;
}

export interface LocalStackOptions {
  /** The Pulumi project name (`name` in Pulumi.yaml). */
  readonly project: string;
  readonly stack: string;
  /** The project directory: its node_modules must hold @pulumi/pulumi and this package (default: the current directory). */
  readonly cwd?: string;
  /** The provider process's environment (only this, plus PATH): e.g. `localApi.env`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Stack configuration, as `pulumi config set` stores it: `key` (the project's namespace) or `namespace:key`. */
  readonly config?: Readonly<Record<string, string>>;
}

/** A resource class: one of this package's, or any class with a static type token (the official providers' have one). */
export type ResourceClass = abstract new (...args: never[]) => unknown;

const TYPE_OF_CLASS = new Map<ResourceClass, string>([
  [ZeroTrustOrganization, RESOURCE_TYPES.ZeroTrustOrganization],
  [OrganizationDoh, RESOURCE_TYPES.OrganizationDoh],
  [UserAccessRevocation, RESOURCE_TYPES.UserAccessRevocation],
  [HardenedZeroTrustOrganization, RESOURCE_TYPES.HardenedZeroTrustOrganization],
]);

/**
 * The steps of one resource class, in the program's order: `stepsOf(await stack.up(program), ZeroTrustOrganization)`.
 * (A `HardenedZeroTrustOrganization`'s organization is a `ZeroTrustOrganization` step of the same name.)
 */
export function stepsOf(steps: readonly Step[], resourceClass: ResourceClass): Step[] {
  const type = TYPE_OF_CLASS.get(resourceClass) ?? (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof type !== "string") {
    throw new TypeError(`stepsOf: ${resourceClass.name || "this class"} is not a resource class of pulumi-cloudflare-zero-trust (${[...TYPE_OF_CLASS.values()].map((t) => t.split(":").pop()).join(", ")}) nor one with a type token`);
  }
  return steps.filter((step) => step.type === type);
}

interface StateEntry {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly inputs: Props;
  outputs: Props;
}

/**
 * A stack run the way `pulumi preview` / `up` / `refresh` / `destroy` run it, without the Pulumi CLI: the program
 * runs under Pulumi's mocks to learn what it declares, and every dynamic resource goes through Pulumi's own
 * dynamic-provider host over gRPC (Configure with the stack config, then Check, Diff, Create, Update, Read, Delete),
 * one resource at a time. The state lives in memory, from one call to the next.
 */
export class LocalStack {
  private readonly state = new Map<string, StateEntry>();

  private constructor(
    private readonly options: LocalStackOptions,
    /** The provider host this stack drives. */
    readonly host: ProviderHost,
  ) {}

  static async start(options: LocalStackOptions): Promise<LocalStack> {
    const host = await ProviderHost.start({ cwd: options.cwd, env: { ...options.env } });
    try {
      await host.configure(namespacedConfig(options.project, options.config));
    } catch (error) {
      await host.stop();
      throw error;
    }
    return new LocalStack(options, host);
  }

  /** What `pulumi preview` would do: Check (and Diff for a resource in the stack); nothing is written. */
  async preview(program: Program): Promise<Step[]> {
    const steps: Step[] = [];
    for (const r of await this.declared(program)) {
      if (typeof r.inputs.__provider !== "string") {
        steps.push({ ...r, op: "component", log: [] });
        continue;
      }
      const old = this.state.get(r.urn);
      const { result: op, lines } = await this.host.withOutput(async () => {
        const checked = await this.checked(r.urn, old?.inputs ?? {}, r.inputs);
        return old ? this.planned(r.urn, old, checked) : "create";
      });
      steps.push({ urn: r.urn, type: r.type, name: r.name, op, id: old?.id, log: lines });
    }
    return steps;
  }

  /** What `pulumi up` would do: create, update or replace each resource, and delete those the program dropped. */
  async up(program: Program): Promise<Step[]> {
    const steps: Step[] = [];
    const declared = await this.declared(program);
    for (const r of declared) {
      if (typeof r.inputs.__provider !== "string") {
        steps.push({ ...r, op: "component", log: [] });
        continue;
      }
      const old = this.state.get(r.urn);
      const { result: op, lines } = await this.host.withOutput(async (): Promise<StepOp> => {
        const checked = await this.checked(r.urn, old?.inputs ?? {}, r.inputs);
        const op = old ? await this.planned(r.urn, old, checked) : "create";
        if (op === "create" || op === "replace") {
          const created = await this.host.create(r.urn, checked);
          if (old) await this.host.delete(old.id, r.urn, old.outputs);
          this.state.set(r.urn, { type: r.type, name: r.name, id: created.id, inputs: checked, outputs: created.properties });
        } else if (op === "update") {
          const outputs = await this.host.update(old!.id, r.urn, old!.outputs, checked);
          this.state.set(r.urn, { ...old!, inputs: checked, outputs });
        }
        return op;
      });
      const entry = this.state.get(r.urn);
      steps.push({ urn: r.urn, type: r.type, name: r.name, op, id: entry?.id, log: lines, outputs: entry?.outputs });
    }
    const kept = new Set(declared.map((r) => r.urn));
    for (const urn of [...this.state.keys()].reverse()) if (!kept.has(urn)) steps.push(await this.deleted(urn));
    return steps;
  }

  /** What `pulumi refresh` would do: read each resource; one that no longer exists leaves the stack. */
  async refresh(): Promise<Step[]> {
    const steps: Step[] = [];
    for (const [urn, entry] of this.state) {
      const { result, lines } = await this.host.withOutput(() => this.host.read(entry.id, urn, entry.outputs));
      if (result.id === "") this.state.delete(urn);
      else entry.outputs = result.properties;
      const gone = result.id === "";
      steps.push({ urn, type: entry.type, name: entry.name, op: "refresh", id: entry.id, log: lines, ...(!gone && { outputs: result.properties }) });
    }
    return steps;
  }

  /** What `pulumi destroy` would do: delete every resource, the last created first. */
  async destroy(): Promise<Step[]> {
    const steps: Step[] = [];
    for (const urn of [...this.state.keys()].reverse()) steps.push(await this.deleted(urn));
    return steps;
  }

  /** The outputs of a resource in the stack, by its name. */
  outputs(name: string): Props | undefined {
    return [...this.state.values()].find((entry) => entry.name === name)?.outputs;
  }

  /** Stops the provider host. */
  async stop(): Promise<void> {
    await this.host.stop();
  }

  private declared(program: Program) {
    return runProgram(program, this.options);
  }

  private async checked(urn: string, olds: Props, news: Props): Promise<Props> {
    const { inputs, failures } = await this.host.check(urn, olds, news);
    if (failures.length) throw new Error(`${urn}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    return inputs;
  }

  private async planned(urn: string, old: StateEntry, news: Props): Promise<StepOp> {
    const diff = await this.host.diff(old.id, urn, old.outputs, news);
    return diff.replaces.length ? "replace" : diff.changes === "none" ? "same" : "update";
  }

  private async deleted(urn: string): Promise<Step> {
    const entry = this.state.get(urn)!;
    const { lines } = await this.host.withOutput(() => this.host.delete(entry.id, urn, entry.outputs));
    this.state.delete(urn);
    return { urn, type: entry.type, name: entry.name, op: "delete", id: entry.id, log: lines };
  }
}
