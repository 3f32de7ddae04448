import { isPlainObject, type PlainObject } from "../model/naming";

/**
 * The extra inputs every resource passes, as a pure module: the state and the secrets read them without loading
 * Pulumi. How plan.ts builds them and prints plan lines: see there.
 */
export const PLAN_INPUT = "__plan";

/**
 * The names (never the values) of the top-level arguments given as secrets: an input of its own, and the output that
 * keeps it for the methods that get only outputs (secrets.ts says why). Not in the plan input: the engine hands a
 * policy pack no `__` input and Pulumi's policy SDK hands a policy secrets unmarked, so the pack (provider/policy)
 * reads it here. Absent when no argument is a secret; no comparison looks at it.
 */
export const SECRET_ARGUMENTS = "secretArguments";

export interface PlanInput {
  /** The resource's Pulumi name. */
  name?: string;
  /** Top-level arguments given as secrets (state written before they had an input of their own kept them here). */
  secrets?: string[];
  /**
   * Set by `check` for an existing resource: the previous program's values of the paths the program changes (null:
   * not set before). Only `check` sees the previous inputs and only `diff` the previous outputs; this carries one
   * to the other, so `diff` can tell a change in the program from drift on Cloudflare. Secret paths are left out.
   */
  before?: PlainObject;
}

/** A plan input as read: the secret arguments' names always there (empty when none). */
export type ReadPlanInput = PlanInput & { secrets: string[] };

/**
 * The plan input among a resource's inputs (or outputs), with the names of the secret arguments from wherever they
 * are recorded. Empty when absent or unknown.
 */
export function planInputOf(values: PlainObject): ReadPlanInput {
  const value = values[PLAN_INPUT];
  const plan = isPlainObject(value) ? (value as PlanInput) : {};
  const recorded = values[SECRET_ARGUMENTS];
  const listed = [...(Array.isArray(plan.secrets) ? plan.secrets : []), ...(Array.isArray(recorded) ? recorded : [])];
  return { ...plan, secrets: [...new Set(listed.filter((name): name is string => typeof name === "string"))].sort() };
}

/** The names of the arguments given as secrets, from a method's inputs or outputs. */
export function secretArgumentsOf(values: PlainObject): string[] {
  return planInputOf(values).secrets;
}
