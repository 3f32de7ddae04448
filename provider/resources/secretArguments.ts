import type { PlainObject } from "../model/naming";
import { planInputOf } from "./planInput";

export { SECRET_ARGUMENTS } from "./planInput";

/** The names of the arguments given as secrets, from inputs or outputs (a module of its own, Pulumi-free). */
export function secretArgumentsOf(values: PlainObject): string[] {
  return planInputOf(values).secrets;
}
