import { isPlainObject, type PlainObject } from "../model/naming";

/**
 * The extra input every resource passes (PLAN_INPUT: its name, and which arguments are secrets), as a pure module:
 * the state and the secrets read it without loading Pulumi. How plan.ts builds it and prints plan lines: see there.
 */
export const PLAN_INPUT = "__plan";

export interface PlanInput {
  /** The resource's Pulumi name. */
  name?: string;
  /** Top-level arguments given as secrets: their values are never printed (the engine hands them over unmarked). */
  secrets?: string[];
  /**
   * Set by `check` for an existing resource: the previous program's values of the paths the program changes (null:
   * not set before). Only `check` sees the previous inputs and only `diff` the previous outputs; this carries one
   * to the other, so `diff` can tell a change in the program from drift on Cloudflare. Secret paths are left out.
   */
  before?: PlainObject;
}

/** The plan input among a resource's inputs (absent from state written before it existed, or when unknown). */
export function planInputOf(values: PlainObject): PlanInput {
  const value = values[PLAN_INPUT];
  return isPlainObject(value) ? (value as PlanInput) : {};
}
