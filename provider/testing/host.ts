import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";

// gRPC and protobuf come with @pulumi/pulumi (a peer dependency): load the very copies its generated stubs use, so
// the credentials and Struct values handed to them are the ones they accept, and the package needs neither itself.
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/provider_grpc_pb"));
const grpc: typeof import("@grpc/grpc-js") = fromPulumi("@grpc/grpc-js");
const { Struct }: typeof import("google-protobuf/google/protobuf/struct_pb") = fromPulumi("google-protobuf/google/protobuf/struct_pb");
type Struct = import("google-protobuf/google/protobuf/struct_pb").Struct;

type Props = Record<string, unknown>;

export interface CheckResponse {
  inputs: Props;
  failures: Array<{ property: string; reason: string }>;
}
export interface DiffResponse {
  changes: "unknown" | "none" | "some";
  replaces: string[];
}

/**
 * Pulumi's own dynamic-provider host (the process `pulumi up` starts for dynamic resources), driven over gRPC the
 * way the engine drives it: Configure first, then Check/Diff/Create/Read/Update/Delete with the serialized provider.
 */
export class ProviderHost {
  /** Everything the host printed (log lines of the provider included). */
  output = "";

  private constructor(
    private readonly process: ChildProcessWithoutNullStreams,
    private readonly client: ResourceProviderClient,
  ) {}

  /**
   * Starts the host with `cwd` as the Pulumi project directory and only the given environment (plus PATH). The
   * host is the @pulumi/pulumi installed in that project.
   */
  static async start({ cwd = process.cwd(), env = {} }: { cwd?: string; env?: Record<string, string> } = {}): Promise<ProviderHost> {
    const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [cwd] });
    const child = spawn(process.execPath, [entry, "127.0.0.1:1"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let output = "";
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const line = /^(\d+)\n/.exec(output);
        if (line) resolve(line[1]!);
      });
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => reject(new Error(`provider host exited with ${code}: ${output}`)));
    });
    const host = new ProviderHost(child, new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
    host.output = output.slice(port.length + 1);
    child.stdout.on("data", (chunk: Buffer) => (host.output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (host.output += chunk.toString()));
    return host;
  }

  /**
   * Waits for the host to print a line matching `pattern` (its output arrives after the gRPC answer), in what it printed
   * from offset `from` of `output` on (a host shared by tests: what this test made it print).
   */
  async waitForOutput(pattern: RegExp, from = 0, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output.slice(from))) {
      if (Date.now() > deadline) throw new Error(`the host never printed ${pattern}; it printed:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.output;
  }

  /**
   * Runs calls and returns, with their result, the lines the host printed meanwhile (the provider's log and plan
   * lines, which the CLI shows as info lines). The provider prints before it answers, so they have arrived once the
   * event loop has turned; run one capture at a time.
   */
  async withOutput<T>(calls: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
    const start = this.output.length;
    const result = await calls();
    await new Promise((resolve) => setImmediate(resolve));
    return { result, lines: this.output.slice(start).split("\n").filter((line) => line !== "") };
  }

  async configure(config: Record<string, string>): Promise<void> {
    const req = new proto.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(config as never));
    await this.call("configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<CheckResponse> {
    const req = new proto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call<proto.CheckResponse>("check", req);
    return {
      inputs: res.getInputs()?.toJavaScript() ?? {},
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<DiffResponse> {
    const req = new proto.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call<proto.DiffResponse>("diff", req);
    return { changes: (["unknown", "none", "some"] as const)[res.getChanges()]!, replaces: res.getReplacesList() };
  }

  async create(urn: string, props: Props): Promise<{ id: string; properties: Props }> {
    const req = new proto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(struct(props));
    const res = await this.call<proto.CreateResponse>("create", req);
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {} };
  }

  async read(id: string, urn: string, props: Props): Promise<{ id: string; properties: Props }> {
    const req = new proto.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(struct(props));
    const res = await this.call<proto.ReadResponse>("read", req);
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {} };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
    const req = new proto.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call<proto.UpdateResponse>("update", req);
    return res.getProperties()?.toJavaScript() ?? {};
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    const req = new proto.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(struct(props));
    await this.call("delete", req);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((resolve) => this.process.once("exit", resolve));
      this.process.kill();
      await exited;
    }
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    const fn = (this.client as unknown as Record<string, (r: unknown, cb: (e: Error | null, v: T) => void) => void>)[method]!;
    return promisify(fn.bind(this.client))(request) as Promise<T>;
  }
}

function struct(value: Props): Struct {
  return Struct.fromJavaScript(value as never);
}

/** The URN the engine gives a top-level resource of a project's stack (defaults: those of `runProgram`). */
export function urnOf(type: string, name: string, { project = "project", stack = "test" }: { project?: string; stack?: string } = {}): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}
