import type * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "../../provider";
import { ProviderHost, urnOf, type CheckResponse } from "../../provider/testing/host";
import { serializedResource } from "../../provider/testing/program";
import { FAKE_TOKEN, type FakeCloudflare } from "../../provider/testing/server";

type Props = Record<string, unknown>;

/** A resource as the engine keeps it between runs: id, checked inputs, outputs. */
export interface Stack {
  id: string;
  inputs: Props;
  outputs: Props;
}

/**
 * One ZeroTrustOrganization (or, `beside` it, another dynamic resource) driven through Pulumi's dynamic-provider host
 * the way the engine drives it for `pulumi up`, `preview`, `refresh` and `destroy`. One host process serves every
 * call (as in a real run).
 */
export class OrganizationHost {
  private constructor(
    readonly host: ProviderHost,
    private readonly type: string,
    private readonly provider: string,
    private readonly name = "org",
  ) {}

  /** Another resource (`make` registers it), driven through the same host process. */
  async beside(make: () => pulumi.CustomResource, name: string): Promise<OrganizationHost> {
    const { type, provider } = await serializedResource(make);
    return new OrganizationHost(this.host, type, provider, name);
  }

  /** Fast retries, so a fault costs milliseconds. */
  static async start(fake: FakeCloudflare, env: Record<string, string> = {}): Promise<OrganizationHost> {
    const { type, provider } = await serializedResource(() => new ZeroTrustOrganization("org", { accountId: "0".repeat(32) }));
    const host = await ProviderHost.start({
      env: {
        CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
        CLOUDFLARE_BASE_URL: fake.baseUrl,
        CLOUDFLARE_RPS: "1000",
        CLOUDFLARE_RETRIES: "4",
        CLOUDFLARE_MIN_BACKOFF: "0.005",
        CLOUDFLARE_MAX_BACKOFF: "0.02",
        CLOUDFLARE_TIMEOUT: "0.2",
        ...env,
      },
    });
    await host.configure({});
    return new OrganizationHost(host, type, provider);
  }

  private get urn(): string {
    return urnOf(this.type, this.name);
  }

  async check(args: Props, olds: Props = {}): Promise<CheckResponse> {
    return this.host.check(this.urn, olds, { ...args, __provider: this.provider });
  }

  /** `pulumi preview` of `args` against the stack: what diff says. */
  async preview(stack: Stack, args: Props): Promise<"unknown" | "none" | "some"> {
    const checked = await this.check(args, stack.inputs);
    if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    return (await this.host.diff(stack.id, this.urn, stack.outputs, checked.inputs)).changes;
  }

  /** `pulumi up`: check, then create (no stack yet) or diff and update. */
  async up(args: Props, stack?: Stack): Promise<Stack> {
    const checked = await this.check(args, stack?.inputs);
    if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    if (!stack) {
      const created = await this.host.create(this.urn, checked.inputs);
      return { id: created.id, inputs: checked.inputs, outputs: created.properties };
    }
    const { changes } = await this.host.diff(stack.id, this.urn, stack.outputs, checked.inputs);
    if (changes === "none") return { ...stack, inputs: checked.inputs };
    const outputs = await this.host.update(stack.id, this.urn, stack.outputs, checked.inputs);
    return { id: stack.id, inputs: checked.inputs, outputs };
  }

  /** `pulumi refresh`: the stack as read, or undefined when the organization is gone. */
  async refresh(stack: Stack): Promise<Stack | undefined> {
    const read = await this.host.read(stack.id, this.urn, stack.outputs);
    return read.id ? { ...stack, outputs: read.properties } : undefined;
  }

  /** `pulumi destroy`. */
  async destroy(stack: Stack): Promise<void> {
    await this.host.delete(stack.id, this.urn, stack.outputs);
  }

  stop(): Promise<void> {
    return this.host.stop();
  }
}

/**
 * An `OrganizationHost` for a test file, against the file's local API: one for the whole file, or a new host process
 * per test (`perTest`: the process remembers what the resources of its run set). Call the result for the current one.
 */
export function useOrganizationHost(fake: () => FakeCloudflare, { perTest = false } = {}): () => OrganizationHost {
  let org: OrganizationHost | undefined;
  (perTest ? beforeEach : beforeAll)(async () => {
    org = await OrganizationHost.start(fake());
  });
  (perTest ? afterEach : afterAll)(() => org?.stop());
  return () => org!;
}
