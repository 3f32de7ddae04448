export * from "./revokeUserAccess";
export * from "./audit";
export { describeDeviation } from "../model/baseline";
