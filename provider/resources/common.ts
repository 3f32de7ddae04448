import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CloudflareApiError, type Scope } from "../client";
import { formatIssues, issuesOf, type SchemaIssue, type Validation } from "../schemas";
import type { PlainObject } from "../schemas/naming";
import { knownPath, restoreUnknowns, withoutUnknowns } from "./unknowns";

/** The option every resource here takes: the name (never the value) of an environment variable holding its token. */
export function apiTokenEnvVar() {
  return z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable, such as CLOUDFLARE_API_TOKEN_PROD");
}

/** Wraps a validator so that it also takes (and checks) `apiTokenEnvVar`. */
export function withTokenOption<T extends object>(validate: (input: PlainObject) => Validation<T>) {
  return (input: PlainObject): Validation<T & { apiTokenEnvVar?: string }> => {
    const { apiTokenEnvVar: name, ...rest } = input;
    const result = validate(rest);
    const option = name === undefined ? undefined : apiTokenEnvVar().safeParse(name);
    const issues = [
      ...(result.ok ? [] : result.issues),
      ...(option && !option.success ? issuesOf(option.error).map((i) => ({ ...i, property: "apiTokenEnvVar" })) : []),
    ];
    if (!result.ok || issues.length) return { ok: false, issues };
    return { ok: true, value: { ...result.value, ...(typeof name === "string" && { apiTokenEnvVar: name }) } };
  };
}

export function withoutProvider(values: PlainObject): PlainObject {
  const { __provider: _, ...rest } = values;
  return rest;
}

/**
 * The `check` every resource here shares: validate without calling the API, skipping values not known yet during
 * a preview, and return the normalised inputs (unknowns kept) so `pulumi preview --diff` shows what will be sent.
 */
export function checkInputs<T extends object>(
  news: PlainObject,
  validate: (known: PlainObject, isKnown: (path: string) => boolean) => Validation<T>,
): pulumi.dynamic.CheckResult {
  const raw = withoutProvider(news);
  const { known, unknown } = withoutUnknowns(raw);
  const result = validate(known, knownPath(unknown));
  if (!result.ok) return { inputs: news, failures: result.issues };
  return { inputs: restoreUnknowns(result.value as PlainObject, raw, unknown) };
}

/** Validates inputs the engine already checked (create/update); failing here means state from elsewhere. */
export function parseInputs<T>(what: string, news: PlainObject, validate: (input: PlainObject) => Validation<T>): T {
  const result = validate(withoutProvider(news));
  if (!result.ok) throw new Error(`Invalid ${what} arguments: ${formatIssues(result.issues as SchemaIssue[])}`);
  return result.value;
}

/** The answer, or undefined when Cloudflare says the object does not exist. */
export async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof CloudflareApiError && error.isNotFound) return undefined;
    throw error;
  }
}

export function idOf(scope: Scope, suffix = ""): string {
  return `${scope.kind}/${scope.id}${suffix}`;
}

export function describeScope(scope: Scope): string {
  return `${scope.kind === "accounts" ? "account" : "zone"} ${scope.id}`;
}

/** Keys of `values` whose value differs in `olds`: arguments whose change means a new resource. */
export function replacedKeys(olds: PlainObject, news: PlainObject, keys: readonly string[]): string[] {
  return keys.filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
}
