export * from "./client";
export * from "./errors";
export * from "./rateLimiter";
export * from "./registry";
export * from "./retryPolicy";
export * from "./settings";
export { closeSharedAgent } from "./transport";
