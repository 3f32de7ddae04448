import * as pulumi from "@pulumi/pulumi";
import { isPlainObject, isUnknown, type Scope } from "../model";
import { log } from "./runtime";
import { PLAN_INPUT, SECRET_ARGUMENTS, type PlanInput } from "./planInput";

export { PLAN_INPUT, planInputOf, SECRET_ARGUMENTS, type PlanInput } from "./planInput";

/**
 * Plan lines: what a preview (and `up`, before it writes) prints about a resource. The engine shows every line the
 * provider process prints as an info line of the stack, with no URN, and `check`/`diff` get no resource name; so
 * the resource class passes what a line needs as one extra input, PLAN_INPUT, which no comparison looks at.
 */

/** The inputs a resource class adds to its arguments: the plan input (its name) and the secret arguments' names. */
export function planInputs(name: string, args: object): Record<string, pulumi.Input<unknown>> {
  const secrets = Promise.all(
    Object.entries(args).map(async ([key, value]) => (value !== undefined && (await pulumi.isSecret(pulumi.output(value))) ? [key] : [])),
  ).then((keys) => keys.flat().sort());
  return {
    [PLAN_INPUT]: { name },
    [SECRET_ARGUMENTS]: pulumi.output(secrets).apply((names) => (names.length ? names : undefined)),
  };
}

/** The new value of a setting listed in `clear`. */
export const CLEARED = Symbol("cleared");

const VALUE_LENGTH = 60;
const LIST_ITEMS = 5;

/** How a value reads in a plan line: short, stable (lists as given), unknowns and secrets named, never shown. */
export function formatValue(value: unknown, secret = false): string {
  if (value === CLEARED) return "(cleared)";
  if (isUnknown(value)) return "(known after up)";
  if (value === undefined || value === null || value === "") return "(unset)";
  if (secret) return "[secret]";
  if (Array.isArray(value)) {
    const shown = value.slice(0, LIST_ITEMS).map((item) => formatValue(item));
    if (value.length > LIST_ITEMS) shown.push(`+${value.length - LIST_ITEMS} more`);
    return `[${shown.join(", ")}]`;
  }
  if (isPlainObject(value)) {
    return `{${Object.keys(value).sort().map((key) => `${key}: ${formatValue(value[key])}`).join(", ")}}`;
  }
  const text = String(value);
  const short = text.length > VALUE_LENGTH ? `${text.slice(0, VALUE_LENGTH - 1)}…` : text;
  return /^[\w.:@#/+-]+$/.test(short) ? short : JSON.stringify(short);
}

/** Whether a dotted path lies in one of the secret arguments. */
export function isSecretPath(path: string, secrets: readonly string[] = []): boolean {
  return secrets.some((key) => path === key || path.startsWith(`${key}.`));
}

/** `<path>: <old> → <new>`, the line every plan uses for one setting. */
export function changeLine(path: string, old: unknown, next: unknown, secrets?: readonly string[]): string {
  const secret = isSecretPath(path, secrets);
  return `${path}: ${formatValue(old, secret)} → ${formatValue(next, secret)}`;
}

/** `org-acme (accounts/01234567…)`: the Pulumi name and the scope, since the CLI shows these lines on the stack. */
export function planSubject(plan: PlanInput, scope: Scope): string {
  const secret = isSecretPath(scope.kind === "accounts" ? "accountId" : "zoneId", plan.secrets);
  const id = isUnknown(scope.id) ? "(known after up)" : secret ? "[secret]" : `${scope.id.slice(0, 8)}…`;
  const where = `${scope.kind}/${id}`;
  return plan.name ? `${plan.name} (${where})` : where;
}

/** Plans this process has printed: `up` runs `check` then `create`, and the same plan is worth one print. */
const printed = new Set<string>();

/** Prints a plan, every line prefixed with its subject so that lines of resources planned at once stay apart. */
export function printPlan(subject: string, lines: readonly string[]): void {
  const text = lines.map((line) => `${subject}: ${line}`).join("\n");
  if (lines.length === 0 || printed.has(text)) return;
  printed.add(text);
  for (const line of text.split("\n")) log.info(line);
}
