import type * as pulumi from "@pulumi/pulumi";
import { isPlainObject } from "../model/naming";
import { redact, rememberSecretValue } from "./redaction";
import { secretArgumentsOf } from "./planInput";

export { SECRET_ARGUMENTS, secretArgumentsOf } from "./planInput";

/**
 * The one choke point for secret values. The engine hands a dynamic provider every value unmarked (its host does not
 * accept secrets), so a resource passes the names of the arguments given as secrets in an input of their own,
 * `secretArguments` (see planInput.ts), and its outputs keep them for the methods that get only outputs (read, delete).
 * Every provider method remembers the values of those arguments before it does anything; every line the provider
 * process prints (`log` in runtime.ts: plan lines, log lines, the client's retry and rate-wait lines) and every error
 * or check failure that leaves a provider method is cleared of them (redaction.ts). The host serves all resources of
 * a run in one process and the client is shared, so the values are the process's, not one call's: a line about one
 * resource never shows another's secret either.
 */

/** Remembers the values of the secret arguments among `values` (a method's inputs or outputs). */
function rememberSecrets(values: unknown): void {
  if (isPlainObject(values)) for (const name of secretArgumentsOf(values)) rememberSecretValue(values[name]);
}

/** The error, its message and stack cleared of secret values (its class and fields stay). */
function redactError(error: unknown): unknown {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  error.message = redact(error.message);
  if (error.stack) error.stack = redact(error.stack);
  return error;
}

/** A check's failures name a value's problem: their reasons are printed by the engine. */
function redactResult<R>(result: R): R {
  if (!isPlainObject(result) || !Array.isArray(result.failures)) return result;
  return { ...result, failures: (result.failures as pulumi.dynamic.CheckFailure[]).map((f) => ({ ...f, reason: redact(f.reason) })) };
}

const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;

/**
 * A provider whose every method first remembers the secret values of what it is given, and whose errors and check
 * failures leave it without them. (The host prints a failed call's error and stack, and the engine shows both.)
 */
export function guarded(provider: pulumi.dynamic.ResourceProvider): pulumi.dynamic.ResourceProvider {
  const out: Record<string, unknown> = {};
  for (const name of METHODS) {
    const method = provider[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!method) continue;
    out[name] = async (...args: unknown[]) => {
      for (const arg of args) rememberSecrets(arg);
      try {
        return redactResult(await method.apply(provider, args));
      } catch (error) {
        throw redactError(error);
      }
    };
  }
  return out as unknown as pulumi.dynamic.ResourceProvider;
}
