export * from "./revokeUserAccess";
