/** pulumi-cloudflare-zero-trust: Cloudflare Zero Trust organization settings as code. */
export * from "./resources";
export * from "./component";
export * from "./actions";
export * from "./client";
export * from "./schemas";
