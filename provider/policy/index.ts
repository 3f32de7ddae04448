/**
 * `pulumi-cloudflare-zero-trust/policy`: the baseline on every stack, as CrossGuard policies (`@pulumi/policy`, an
 * optional peer dependency: only its types are used here, so loading this module starts nothing). The rules are the
 * audit's (model/baseline.ts) against the component's presets; README's "Policy pack" section documents it.
 */
// First: an unsupported Node.js gets a clear message, before any dependency loads
import "../node/refuseOldNode";
import type { EnforcementLevel, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { assess, baselineForScope, describeDeviation, PRESETS, type Deviation, type PlainObject, type PresetName } from "../model";
import { declaredOrganization, OFFICIAL_TYPES, ZERO_TRUST_ORGANIZATION_TYPE, type DeclaredOrganization } from "./organizations";

export { OFFICIAL_TYPES, ZERO_TRUST_ORGANIZATION_TYPE };

/** The policies' names, as `--policy-pack-config` and the CLI's output name them. */
export const POLICY_NAMES = {
  /** One violation per setting that falls short of the preset. */
  baseline: "zero-trust-organization-baseline",
  /** One note per organization whose settings are not all known during a preview. */
  unknownAtPreview: "zero-trust-organization-unknown-at-preview",
} as const;

type PolicyKey = keyof typeof POLICY_NAMES;

/** The levels a policy of this pack can have (`remediate` does not apply: the pack changes nothing). */
export type ZeroTrustEnforcementLevel = Extract<EnforcementLevel, "advisory" | "mandatory" | "disabled">;

export interface ZeroTrustPolicyOptions {
  /** The baseline: a preset of `HardenedZeroTrustOrganization`, `recommended` or `strict`. Defaults to `recommended`. */
  preset?: PresetName;
  /** Resources left unchecked: a URN or a Pulumi name (a component's URN exempts its children too). Defaults to none. */
  exempt?: string[];
  /** Each policy's level, by policy: `advisory`, `mandatory` or `disabled`. Defaults to `mandatory` for the baseline, `advisory` for the preview note. */
  enforcementLevel?: Partial<Record<PolicyKey, ZeroTrustEnforcementLevel>>;
}

/** What each policy reads from `--policy-pack-config`, over the options given here. */
interface PolicyConfig {
  preset: PresetName;
  exempt: string[];
}

const LEVELS: readonly ZeroTrustEnforcementLevel[] = ["advisory", "mandatory", "disabled"];
const DEFAULT_LEVELS: Record<PolicyKey, ZeroTrustEnforcementLevel> = { baseline: "mandatory", unknownAtPreview: "advisory" };

/**
 * The pack's policies, for `new PolicyPack(name, { policies: zeroTrustPolicies(options) })` in a policy pack's
 * index.ts (constructing a PolicyPack starts serving the engine, so the pack itself is built in that folder).
 * Every Zero Trust organization a stack declares is checked against the preset: this package's
 * `ZeroTrustOrganization` (and so `HardenedZeroTrustOrganization`'s child) and the official provider's organization
 * resource under its v4, v5 and v6 tokens. A setting the program leaves unset is judged unset.
 */
export function zeroTrustPolicies(options: ZeroTrustPolicyOptions = {}): ResourceValidationPolicy[] {
  const defaults = validOptions(options);
  const configSchema = {
    properties: {
      preset: { type: "string" as const, enum: Object.keys(PRESETS), default: defaults.preset },
      exempt: { type: "array" as const, items: { type: "string" as const }, default: defaults.exempt },
    },
  };
  const level = (key: PolicyKey) => options.enforcementLevel?.[key] ?? DEFAULT_LEVELS[key];
  return [
    {
      name: POLICY_NAMES.baseline,
      description: "Zero Trust organizations meet the pulumi-cloudflare-zero-trust baseline.",
      enforcementLevel: level("baseline"),
      configSchema,
      validateResource: (args, reportViolation) => {
        const checked = checkedOrganization(args, defaults);
        if (!checked) return;
        for (const deviation of checked.deviations) reportViolation(`${checked.subject}: ${describeDeviation(shown(deviation, checked.organization))}`);
      },
    },
    {
      name: POLICY_NAMES.unknownAtPreview,
      description: "Zero Trust organization settings not known during a preview are checked by pulumi up.",
      enforcementLevel: level("unknownAtPreview"),
      configSchema,
      validateResource: (args, reportViolation) => {
        const checked = checkedOrganization(args, defaults);
        if (!checked?.unknown.length) return;
        reportViolation(`${checked.subject}: ${checked.unknown.join(", ")} cannot be checked until up (not known during a preview)`);
      },
    },
  ];
}

/** The organization a resource declares, judged against the configured preset; undefined when there is none or it is exempt. */
function checkedOrganization(args: ResourceValidationArgs, defaults: PolicyConfig) {
  // the engine fills in the schema's defaults; a pack run without it (or an older CLI) may not
  const config = validOptions({ ...defaults, ...args.getConfig<Partial<PolicyConfig>>() });
  if ([args.urn, args.name, args.opts.parent].some((id) => id !== undefined && config.exempt.includes(id))) return undefined;
  const organization = declaredOrganization(args.type, plainProps(args.props));
  if (!organization) return undefined;
  const baseline = baselineForScope(organization.scope, PRESETS[config.preset] as PlainObject);
  return { organization, subject: `${organization.kind} "${args.name}"`, ...assess(baseline, organization.settings, organization.unknown) };
}

/** A deviation as a message may show it: a secret's value is never shown. */
function shown(deviation: Deviation, organization: DeclaredOrganization): Deviation {
  return organization.secret.includes(deviation.path.split(".")[0]!) ? { ...deviation, live: "[secret]" } : deviation;
}

/**
 * The inputs as plain values. @pulumi/policy hands them over behind a proxy that throws on reading an unknown value;
 * its property descriptors give the values themselves, so unknowns can be told apart instead of stopping the check.
 */
function plainProps(props: Record<string, unknown>): PlainObject {
  return Object.fromEntries(Object.keys(props).map((key) => [key, Object.getOwnPropertyDescriptor(props, key)?.value]));
}

function validOptions(options: ZeroTrustPolicyOptions): PolicyConfig {
  const { preset = "recommended", exempt = [], enforcementLevel = {} } = options;
  const problems: string[] = [];
  if (!Object.hasOwn(PRESETS, preset)) problems.push(`preset must be ${Object.keys(PRESETS).join(" or ")} (got ${JSON.stringify(preset)})`);
  if (!Array.isArray(exempt) || exempt.some((id) => typeof id !== "string")) problems.push("exempt must be a list of URNs or names");
  for (const [key, value] of Object.entries(enforcementLevel)) {
    if (!Object.hasOwn(POLICY_NAMES, key)) problems.push(`enforcementLevel.${key}: no such policy; the policies are ${Object.keys(POLICY_NAMES).join(", ")}`);
    else if (!LEVELS.includes(value)) problems.push(`enforcementLevel.${key} must be ${LEVELS.join(", ")} (got ${JSON.stringify(value)})`);
  }
  if (problems.length) throw new TypeError(`pulumi-cloudflare-zero-trust policies: ${problems.join("; ")}`);
  return { preset, exempt: [...exempt] };
}
