export * from "./client";
export * from "./errors";
export * from "./pacer";
export * from "./rateBudget";
export * from "./rateLimitHeaders";
export * from "./registry";
export * from "./retryPolicy";
export * from "./settings";
export { closeSharedAgent } from "./transport";
