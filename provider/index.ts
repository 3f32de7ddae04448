/** pulumi-cloudflare-zero-trust: Cloudflare Zero Trust organization settings as code. */
export * from "./client";
export * from "./schemas";
