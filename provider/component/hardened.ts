import * as pulumi from "@pulumi/pulumi";
import {
  definedOnly,
  formatIssues,
  PRESETS,
  SETTINGS,
  validateOrganizationInputs,
  withoutEmpty,
  ZeroTrustError,
  type OrganizationSettings,
  type PresetName,
  type ZeroTrustErrorCode,
} from "../model";
import { OrganizationDoh, type OrganizationDohArgs } from "../resources/doh/resource";
import { ZeroTrustOrganization, type ZeroTrustOrganizationArgs } from "../resources/organization/resource";

/** The organization's arguments (each setting left unset gets the preset's value), and the component's own. */
export interface HardenedZeroTrustOrganizationArgs extends ZeroTrustOrganizationArgs {
  /**
   * DNS-over-HTTPS settings to manage as well, as a child `OrganizationDoh` (account scope only; see its arguments).
   * Defaults to none: the DoH settings are left alone.
   */
  doh?: Pick<OrganizationDohArgs, "serviceTokenId" | "dohJwtDuration">;
  /**
   * Which baseline fills the settings left unset: `recommended` or `strict` (README's table gives every value and
   * why). Defaults to `recommended`.
   */
  preset?: PresetName;
}

/** Settings whose value is an object (a group of the settings table): a caller's object is merged with the default key by key. */
const NESTED: readonly string[] = Object.entries(SETTINGS).flatMap(([name, setting]) => (setting.kind.type === "group" ? [name] : []));

/**
 * A Zero Trust organization with MFA and PIV-key requirements set to a deliberate baseline wherever the caller
 * left a setting unset. The caller's value always wins, field by field.
 */
export class HardenedZeroTrustOrganization extends pulumi.ComponentResource {
  /** The organization, with the preset's values wherever the arguments left a setting unset. */
  readonly organization: ZeroTrustOrganization;
  /** The DoH settings, when `doh` was given; otherwise undefined. */
  readonly doh?: OrganizationDoh;

  constructor(name: string, args: HardenedZeroTrustOrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudflare-zero-trust:index:HardenedZeroTrustOrganization", name, {}, opts);
    const { doh, preset = "recommended", ...orgArgs } = args;
    // own keys only: `"toString" in PRESETS` is true
    if (!Object.hasOwn(PRESETS, preset)) throw refusal(name, "invalid_arguments", `preset must be recommended or strict (got ${preset})`);
    if (doh && args.accountId === undefined) {
      throw refusal(name, "invalid_arguments", "doh needs accountId (DoH settings exist only at account scope)");
    }
    const zoneScoped = args.zoneId !== undefined && args.accountId === undefined;
    // The baseline is about account settings; a zone organization has none of them and gets the caller's args.
    const merged = zoneScoped ? orgArgs : withDefaults(orgArgs, PRESETS[preset]);
    refuseInvalid(name, merged);

    this.organization = new ZeroTrustOrganization(name, merged, { parent: this });
    if (doh) {
      this.doh = new OrganizationDoh(`${name}-doh`, { accountId: args.accountId!, ...doh }, { parent: this, dependsOn: [this.organization] });
    }
    this.registerOutputs({ organization: this.organization, doh: this.doh });
  }
}

/**
 * Fills every unset setting from the preset; objects key by key, so `mfaConfig: { sessionDuration }` keeps the default
 * authenticators. Unset is what the organization takes it to mean: left out, or `""`, `[]`, `{}` (see `withoutEmpty`).
 */
export function withDefaults(args: ZeroTrustOrganizationArgs, preset: OrganizationSettings): ZeroTrustOrganizationArgs {
  const merged: Record<string, unknown> = { ...args };
  for (const [key, fallback] of Object.entries(preset)) {
    const nested = NESTED.includes(key);
    // the caller's value (or what is left of it once its empty members are unset) wins, member by member
    const fill = (value: unknown): unknown => {
      const given = withoutEmpty({ [key]: value })[key];
      return given === undefined ? fallback : nested ? { ...(fallback as object), ...(given as object) } : given;
    };
    const given = merged[key];
    merged[key] = isPlain(given) ? fill(given) : (pulumi.output(given) as pulumi.Output<unknown>).apply(fill);
  }
  return merged as ZeroTrustOrganizationArgs;
}

/** Whether a value holds no Output or Promise anywhere, so it can be used as it is. */
function isPlain(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isPlain);
  return typeof value !== "object" || value === null || Object.values(value).every(isPlain);
}

/**
 * Fails the program (and so `pulumi preview`) on a combination the API would reject, such as only infrastructure
 * authenticators while MFA covers every app. When some values come from other resources, the child's `check`
 * applies the same rules, with the same messages, once they are known.
 */
function refuseInvalid(name: string, merged: ZeroTrustOrganizationArgs): void {
  if (!isPlain(merged)) return;
  const result = validateOrganizationInputs(definedOnly(merged));
  if (!result.ok) throw refusal(name, "invalid_organization", formatIssues(result.issues));
}

function refusal(name: string, code: ZeroTrustErrorCode, reason: string): ZeroTrustError {
  return new ZeroTrustError(code, `HardenedZeroTrustOrganization "${name}": ${reason}`);
}
