import * as pulumi from "@pulumi/pulumi";

type Props = Record<string, unknown>;

export interface Registration {
  type: string;
  name: string;
  inputs: Props;
  /** The resource's parent URN, when it has one. */
  parent?: string;
}

/**
 * Runs a Pulumi program under mocks and returns what it registered: type, name, inputs (with the serialized
 * `__provider` of dynamic resources) and parent. Every output is awaited before it returns.
 */
export async function runProgram(program: () => pulumi.Resource[]): Promise<Registration[]> {
  const registered: Registration[] = [];
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Props });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "cloudflare-zero-trust",
    "test",
    false,
  );
  const resources = program();
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  // let registrations that the awaited URNs depend on finish, then resolve every output property
  await Promise.all(resources.map((r) => outputsOf(r)));
  return registered;
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
export async function serializedResource(program: () => pulumi.Resource): Promise<{ type: string; provider: string; inputs: Props }> {
  const registrations = await runProgram(() => [program()]);
  const dynamic = registrations.filter((r) => typeof r.inputs.__provider === "string");
  if (dynamic.length !== 1) throw new Error(`expected one dynamic resource, got ${dynamic.length}`);
  const { __provider, ...inputs } = dynamic[0]!.inputs;
  return { type: dynamic[0]!.type, provider: __provider as string, inputs };
}
