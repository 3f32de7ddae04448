import type * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "node:crypto";
import { CloudflareNotFoundError } from "../client";
import { InvalidArgumentsError, knownPath, restoreUnknowns, withoutUnknowns, type Known, type PlainObject, type Scope, type Validation } from "../model";
import { PLAN_INPUT, SECRET_ARGUMENTS } from "./plan";

/** The arguments alone: without the serialized provider and the plan's inputs (see plan.ts), which are not arguments. */
export function withoutProvider(values: PlainObject): PlainObject {
  const { __provider: _, [PLAN_INPUT]: __, [SECRET_ARGUMENTS]: ___, ...rest } = values;
  return rest;
}

/**
 * The `check` every resource here shares: validate without calling the API, skipping values not known yet during
 * a preview, and return the normalised inputs (unknowns kept) so `pulumi preview --diff` shows what will be sent,
 * with the plan's inputs passed through for `diff` and `create`.
 */
export function checkInputs<T extends object>(
  news: PlainObject,
  validate: (known: PlainObject, isKnown?: Known) => Validation<T>,
): pulumi.dynamic.CheckResult {
  const raw = withoutProvider(news);
  const { known, unknown } = withoutUnknowns(raw);
  const result = validate(known, unknown.length ? knownPath(unknown) : undefined);
  if (!result.ok) return { inputs: news, failures: result.issues };
  const planned = Object.fromEntries([PLAN_INPUT, SECRET_ARGUMENTS].filter((key) => news[key] !== undefined).map((key) => [key, news[key]]));
  return { inputs: { ...restoreUnknowns(result.value as PlainObject, raw, unknown), ...planned } };
}

/** Validates inputs the engine already checked (create/update); failing here means state from elsewhere. */
export function parseInputs<T>(what: string, news: PlainObject, validate: (input: PlainObject) => Validation<T>): T {
  const result = validate(withoutProvider(news));
  if (!result.ok) throw new InvalidArgumentsError(`${what} arguments`, result.issues);
  return result.value;
}

/** The answer, or undefined when Cloudflare says the object does not exist. */
export async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof CloudflareNotFoundError) return undefined;
    throw error;
  }
}

/**
 * A resource's id: `accounts/<id>` or `zones/<id>`, and what follows. Pulumi stores ids in clear (an id cannot be made
 * secret, pulumi/pulumi#2717): an id given as a secret is replaced by a random one, which names nothing.
 */
export function idOf(scope: Scope, { suffix = "", secret = false }: { suffix?: string; secret?: boolean } = {}): string {
  return `${scope.kind}/${secret ? randomUUID() : scope.id}${suffix}`;
}

/** Keys of `values` whose value differs in `olds`: arguments whose change means a new resource. */
export function replacedKeys(olds: PlainObject, news: PlainObject, keys: readonly string[]): string[] {
  return keys.filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
}
