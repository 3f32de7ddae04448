/**
 * `pulumi-cloudflare-zero-trust/testing`: a local, stateful Cloudflare API for these endpoints and the helpers that
 * run resources through Pulumi's dynamic-provider host, for testing programs without an account or the Pulumi CLI.
 */
export * from "./server";
export * from "./host";
export * from "./program";
export { OPENAPI_DOCUMENT } from "./openapi";
