import type { PlainObject } from "../model/naming";
import { planInputOf } from "./planInput";

/**
 * The output that records which arguments were given as secrets (names only): the state keeps it for the methods
 * that get only outputs (secrets.ts says why). A module of its own, Pulumi-free, so the state needs no Pulumi.
 */
export const SECRET_ARGUMENTS = "secretArguments";

/** The names of the arguments given as secrets, from inputs (the plan input) or outputs (`secretArguments`). */
export function secretArgumentsOf(values: PlainObject): string[] {
  const recorded = values[SECRET_ARGUMENTS];
  const fromOutputs = Array.isArray(recorded) ? recorded.filter((name): name is string => typeof name === "string") : [];
  return [...new Set([...(planInputOf(values).secrets ?? []), ...fromOutputs])].sort();
}
