/**
 * The entry the serialized providers load (`pulumi-cloudflare-zero-trust/host`) inside Pulumi's dynamic-provider
 * host. Being one module, it is loaded once per host process: every resource shares its client, connection pool
 * and rate budget, and upgrading the package changes the code that runs without changing any resource's state.
 */
// First: refuses an unsupported Node.js before any dependency loads
import "../node/refuseOldNode";
import type * as pulumi from "@pulumi/pulumi";
import { dohProvider } from "./doh/provider";
import { organizationProvider } from "./organization/provider";
import { revocationProvider } from "./revocation/provider";
import { guarded } from "./secrets";

export { configure } from "./runtime";

/** Each behind the secrets' choke point: what they print or throw never carries a value given as a secret. */
const providers = {
  organization: guarded(organizationProvider),
  doh: guarded(dohProvider),
  revocation: guarded(revocationProvider),
} satisfies Record<string, pulumi.dynamic.ResourceProvider>;

export type ProviderKind = keyof typeof providers;

export function provider(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  return providers[kind];
}
