import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

type Props = Record<string, unknown>;

/** A Pulumi program: declares resources, and returns them (or an object holding them, like its exports). */
export type Program = () => unknown;

/** Where a program runs: the Pulumi project and stack names, and the stack's configuration. */
export interface ProgramOptions {
  /** The Pulumi project name (`name` in Pulumi.yaml); default `project`. */
  readonly project?: string;
  /** The stack name; default `test`. */
  readonly stack?: string;
  /** Stack configuration: `key` (in the project's namespace, as `pulumi config set key` stores it) or `namespace:key`. */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * Run as `pulumi preview` does: an output the mocks do not give (one not among a resource's inputs) is unknown, and
   * so is every input computed from it. Default false.
   */
  readonly preview?: boolean;
}

export interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The inputs, with the serialized `__provider` of a dynamic resource. */
  readonly inputs: Props;
}

/** Stack configuration with every key in a namespace, as the engine sends it. */
export function namespacedConfig(project: string, config: Readonly<Record<string, string>> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key.includes(":") ? key : `${project}:${key}`, value]));
}

/**
 * Runs a Pulumi program under Pulumi's mocks and returns what it registered, in order: URN (with the project, stack
 * and parents the engine would give it), type, name and inputs (with the serialized `__provider` of dynamic
 * resources). Every output of what the program returns is awaited, then every registration it started.
 */
export async function runProgram(program: Program, options: ProgramOptions = {}): Promise<Registration[]> {
  const project = options.project ?? "project";
  const stack = options.stack ?? "test";
  const registered: Array<{ type: string; name: string; inputs: Props }> = [];
  // Not awaited: mocks, config and the program's registrations go together in one turn of the event loop, so that
  // programs run concurrently each register with their own mocks.
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Props });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    project,
    stack,
    options.preview ?? false,
  );
  pulumi.runtime.setAllConfig(namespacedConfig(project, options.config));
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  const resources = resourcesIn(program());
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  // let registrations that the awaited URNs depend on finish, then resolve every output property (an unknown one
  // never resolves: a preview waits for the registrations alone)
  if (!options.preview) await Promise.all(resources.map((r) => outputsOf(r)));
  await waitForRegistrations();
  const urns = [...monitor.resources.keys()];
  return registered.map((r) => ({ urn: urns.find((urn) => urnNames(urn, r.type, r.name))!, ...r }));
}

/** Resolves every Output property of a resource. */
export async function outputsOf(resource: pulumi.Resource): Promise<Props> {
  const out: Props = {};
  for (const [key, value] of Object.entries(resource)) {
    if (pulumi.Output.isInstance(value)) out[key] = await new Promise((resolve) => (value as pulumi.Output<unknown>).apply(resolve));
  }
  return out;
}

/** The serialized provider and inputs of the one dynamic resource a program registers. */
export async function serializedResource(program: () => pulumi.Resource, options?: ProgramOptions): Promise<{ type: string; provider: string; inputs: Props }> {
  const registrations = await runProgram(() => [program()], options);
  const dynamic = registrations.filter((r) => typeof r.inputs.__provider === "string");
  if (dynamic.length !== 1) throw new Error(`expected one dynamic resource, got ${dynamic.length}`);
  const { __provider, ...inputs } = dynamic[0]!.inputs;
  return { type: dynamic[0]!.type, provider: __provider as string, inputs };
}

/** The resources in what a program returned: a resource, or an array or object of them (one level deep). */
function resourcesIn(value: unknown): pulumi.Resource[] {
  if (pulumi.Resource.isInstance(value)) return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.values(value).filter((v): v is pulumi.Resource => pulumi.Resource.isInstance(v));
}

/** Whether a URN is that of a resource of this type and name (its parents' types come before a `$`). */
function urnNames(urn: string, type: string, name: string): boolean {
  const [, , qualifiedType, ...rest] = urn.split("::");
  return rest.join("::") === name && qualifiedType!.split("$").pop() === type;
}

/** Pulumi's own wait for every outstanding registration (the SDK tracks them to know when a program is done). */
async function waitForRegistrations(): Promise<void> {
  const settings: { waitForRPCs?: () => Promise<void> } = require("@pulumi/pulumi/runtime/settings");
  await settings.waitForRPCs?.();
}
