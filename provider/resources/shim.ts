import type * as pulumi from "@pulumi/pulumi";
import type * as host from "./host";

/**
 * The part of a resource Pulumi serializes into the state (`__provider`). It captures nothing but the provider's
 * name and loads the implementation from the installed package on every call, so:
 * - no zod schema, agent or credential is captured (each would break serialization or leak into state);
 * - it stays a few hundred bytes and identical across versions (the engine keeps the old text after a no-change
 *   diff, and runs it for delete and refresh);
 * - all resources of a run share the one module instance in the host, hence one client and rate budget.
 * `require` resolves from the Pulumi project's directory, where the package is installed.
 */
export function serializableProvider(kind: host.ProviderKind): pulumi.dynamic.ResourceProvider {
  const load = (): typeof host => require("pulumi-cloudflare-zero-trust/host");
  return {
    configure: async (req) => load().configure(req),
    check: (olds, news) => load().provider(kind).check!(olds, news),
    diff: (id, olds, news) => load().provider(kind).diff!(id, olds, news),
    create: (inputs) => load().provider(kind).create(inputs),
    read: (id, props) => load().provider(kind).read!(id, props),
    update: (id, olds, news) => load().provider(kind).update!(id, olds, news),
    delete: (id, props) => load().provider(kind).delete!(id, props),
  };
}
