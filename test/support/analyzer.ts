import * as pulumi from "@pulumi/pulumi";
import type { EnforcementLevel, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { unknownValue } from "@pulumi/pulumi/runtime";
import type { Registration } from "../../provider/testing/program";

/** @pulumi/policy's own decoding of the properties the engine sends an analyzer (an internal module). */
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
  deserializeProperties(struct: Struct, proxySecrets: boolean): Record<string, unknown>;
};

/** One violation as the CLI reports it: the policy, the level it was reported at, the resource and the message. */
export interface Reported {
  readonly policy: string;
  readonly level: EnforcementLevel;
  readonly urn: string;
  readonly message: string;
}

/**
 * What @pulumi/policy's analyzer server does for each resource of a stack (server.js, `makeAnalyzeRpcFun`): skip a
 * disabled policy, hand each validation the resource's inputs as the engine sends them (a Struct with unknowns as
 * sentinels, decoded by @pulumi/policy and wrapped in its unknown-checking proxy), its URN, name, type and parent, and
 * the policy's config; collect every reported violation with the policy's level.
 */
export async function analyze(
  policies: readonly ResourceValidationPolicy[],
  registrations: readonly Registration[],
  config: Record<string, Record<string, unknown>> = {},
): Promise<Reported[]> {
  const reported: Reported[] = [];
  for (const registration of registrations) {
    for (const policy of policies) {
      const { enforcementLevel: configured, ...policyConfig } = config[policy.name] ?? {};
      const level = (configured as EnforcementLevel | undefined) ?? policy.enforcementLevel ?? "advisory";
      if (level === "disabled") continue;
      const validations = [policy.validateResource ?? []].flat();
      for (const validate of validations) {
        await validate(analyzerArgs(registration, registrations, policyConfig), (message) =>
          reported.push({ policy: policy.name, level, urn: registration.urn, message }),
        );
      }
    }
  }
  return reported;
}

/** The arguments @pulumi/policy gives `validateResource` for a registered resource. */
function analyzerArgs(registration: Registration, all: readonly Registration[], config: Record<string, unknown>): ResourceValidationArgs {
  const props = unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(asEngineSends(registration.inputs) as never), false));
  return {
    type: registration.type,
    props,
    urn: registration.urn,
    name: registration.name,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], parent: parentOf(registration, all) },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
}

/**
 * Inputs as the engine marshals them for an analyzer: no undefined, an unknown value as the string sentinel, and no
 * internal key (`__provider`, `__plan`: pkg/v3 resource/plugin analyzer_plugin.go marshals with SkipInternalKeys,
 * at every depth).
 */
export function asEngineSends(value: unknown): unknown {
  if (pulumi.isUnknown(value)) return unknownValue;
  if (Array.isArray(value)) return value.map(asEngineSends);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, item]) => item !== undefined && !key.startsWith("__"))
      .map(([key, item]) => [key, asEngineSends(item)]),
  );
}

/** The URN of the resource's parent: the registration whose type heads the child's qualified type, with the same name. */
function parentOf(child: Registration, all: readonly Registration[]): string | undefined {
  const qualified = child.urn.split("::")[2]!.split("$");
  if (qualified.length < 2) return undefined;
  return all.find((r) => r.type === qualified.at(-2) && r.name === child.name)?.urn;
}
