import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import * as cloudflareV5 from "@pulumi/cloudflare-v5";
import { HardenedZeroTrustOrganization, ZeroTrustOrganization } from "../../provider";
import { describeDeviation, deviationsFrom } from "../../provider/model/baseline";
import { PRESETS } from "../../provider/model/presets";
import { OFFICIAL_TYPES, POLICY_NAMES, ZERO_TRUST_ORGANIZATION_TYPE, zeroTrustPolicies } from "../../provider/policy";
import { runProgram, type Program } from "../../provider/testing/program";
import type { PlainObject } from "../../provider/model/naming";
import { analyze } from "../support/analyzer";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const ZONE = "fedcba9876543210fedcba9876543210";
const BASELINE = POLICY_NAMES.baseline;
const UNKNOWN = POLICY_NAMES.unknownAtPreview;

/** The violations of a program's resources: its registrations, checked as the analyzer checks them. */
async function violations(program: Program, options?: Parameters<typeof zeroTrustPolicies>[0], config?: Record<string, Record<string, unknown>>, preview = false) {
  const registrations = await runProgram(program, { project: "zt", stack: "prod", preview });
  return analyze(zeroTrustPolicies(options), registrations, config);
}
const messages = (reported: Awaited<ReturnType<typeof violations>>) => reported.map((r) => `[${r.level}] ${r.policy}: ${r.message}`);

/** A program that declares a weaker organization with this package (the settings `legacy` as the audit would read them). */
const legacy = { sessionDuration: "48h", mfaConfig: { allowedAuthenticators: ["totp" as const, "security_key" as const], sessionDuration: "24h" } };
const weakProgram: Program = () => [new ZeroTrustOrganization("legacy", { accountId: ACCOUNT, ...legacy })];

describe("the policy pack on this package's resources", () => {
  it("finds ZeroTrustOrganization by the type a dynamic resource registers", async () => {
    const [registration] = await runProgram(weakProgram);
    expect(registration!.type).toBe(ZERO_TRUST_ORGANIZATION_TYPE);
  });

  it("reports each deviation of a weaker organization as one mandatory violation, in the audit's words", async () => {
    const reported = await violations(weakProgram);
    expect(messages(reported)).toEqual([
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "legacy": sessionDuration: 48h (baseline wants 24h or shorter)`,
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "legacy": mfaRequiredForAllApps: (unset) (baseline wants true)`,
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "legacy": mfaConfig.sessionDuration: 24h (baseline wants 12h or shorter)`,
    ]);
    // the audit's engine on the same settings says the same, word for word
    const audit = deviationsFrom(PRESETS.recommended as PlainObject, legacy).map(describeDeviation);
    expect(reported.map((r) => r.message.replace(/^ZeroTrustOrganization "legacy": /, ""))).toEqual(audit);
    expect(reported.every((r) => r.urn === "urn:pulumi:prod::zt::pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization::legacy")).toBe(true);
  });

  it("passes a HardenedZeroTrustOrganization against its own preset, and checks its child against a stricter one", async () => {
    const program: Program = () => [new HardenedZeroTrustOrganization("hardened", { accountId: ACCOUNT })];
    expect(await violations(program)).toEqual([]);
    expect(messages(await violations(program, { preset: "strict" }))).toEqual([
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "hardened": sessionDuration: 24h (baseline wants 8h or shorter)`,
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "hardened": mfaConfig.allowedAuthenticators: security_key, biometrics, totp (baseline wants a subset of security_key)`,
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "hardened": mfaConfig.sessionDuration: 12h (baseline wants 4h or shorter)`,
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "hardened": mfaConfig.amrMatchingSessionDuration: (unset) (baseline wants 0m or shorter)`,
    ]);
    const strict: Program = () => [new HardenedZeroTrustOrganization("hardened", { accountId: ACCOUNT, preset: "strict" })];
    expect(await violations(strict, { preset: "strict" })).toEqual([]);
  });

  it("judges PIV-key requirements only where an infrastructure SSH authenticator is allowed", async () => {
    const program: Program = () => [
      new ZeroTrustOrganization("no-piv", { accountId: ACCOUNT, ...PRESETS.recommended, mfaPivKeyRequirements: { pinPolicy: "never" } }),
      new ZeroTrustOrganization("piv", {
        accountId: ACCOUNT,
        ...PRESETS.recommended,
        mfaConfig: { ...PRESETS.recommended.mfaConfig, allowedAuthenticators: ["security_key", "piv_key"] },
        mfaPivKeyRequirements: { ...PRESETS.recommended.mfaPivKeyRequirements, pinPolicy: "never" },
      }),
    ];
    expect(messages(await violations(program))).toEqual([
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "piv": mfaConfig.allowedAuthenticators: security_key, piv_key (baseline wants a subset of security_key, biometrics, totp)`,
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "piv": mfaPivKeyRequirements.pinPolicy: never (baseline wants once or always)`,
    ]);
  });

  it("a setting listed in clear ends up unset, and a zone organization has none of the presets' settings", async () => {
    const program: Program = () => [
      new ZeroTrustOrganization("cleared", { accountId: ACCOUNT, ...PRESETS.recommended, sessionDuration: undefined, clear: ["sessionDuration"] }),
      new ZeroTrustOrganization("zone", { zoneId: ZONE, name: "Zone", authDomain: "zone.cloudflareaccess.com" }),
    ];
    expect(messages(await violations(program))).toEqual([
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "cleared": sessionDuration: (unset) (baseline wants 24h or shorter)`,
    ]);
  });

  it("never shows the value of a setting given as a secret", async () => {
    const program: Program = () => [new ZeroTrustOrganization("secretive", { accountId: ACCOUNT, ...PRESETS.recommended, sessionDuration: pulumi.secret("48h") })];
    expect(messages(await violations(program))).toEqual([
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "secretive": sessionDuration: [secret] (baseline wants 24h or shorter)`,
    ]);
  });

  it("nor of a member or list item given as a secret, in a plain resource or in the component", async () => {
    const { mfaConfig, mfaPivKeyRequirements } = PRESETS.recommended;
    const program: Program = () => [
      new ZeroTrustOrganization("nested", {
        accountId: ACCOUNT,
        ...PRESETS.recommended,
        mfaConfig: { ...mfaConfig, sessionDuration: pulumi.secret("719h"), allowedAuthenticators: ["totp", pulumi.secret("piv_key" as const)] },
        mfaPivKeyRequirements: { ...mfaPivKeyRequirements, pinPolicy: pulumi.secret("never" as const) },
      }),
      new HardenedZeroTrustOrganization("hard", { accountId: "fedcba9876543210fedcba9876543210", mfaConfig: { sessionDuration: pulumi.secret("333h") } }),
    ];
    const shown = messages(await violations(program));
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const line of shown) expect(line).toMatch(/: \[secret\] \(baseline wants/);
    expect(shown.join("\n")).not.toMatch(/719h|333h|piv_key|never/);
  });
});

describe("the policy pack on the official provider's resources", () => {
  it("@pulumi/cloudflare v6 ZeroTrustOrganization (and the deprecated v6 AccessOrganization): mfaSshPivKeyRequirements, ssh_piv_key", async () => {
    const args = {
      accountId: ACCOUNT,
      sessionDuration: "24h",
      mfaRequiredForAllApps: true,
      mfaConfig: { allowedAuthenticators: ["security_key", "ssh_piv_key"], sessionDuration: "12h" },
      mfaSshPivKeyRequirements: { pinPolicy: "once", touchPolicy: "never", sshKeyTypes: ["ecdsa", "rsa"], sshKeySizes: [256, 2048], requireFipsDevice: false },
    };
    const program: Program = () => [new cloudflare.ZeroTrustOrganization("v6", args), new cloudflare.AccessOrganization("v6-deprecated", args)];
    const registrations = await runProgram(program);
    expect(registrations.map((r) => r.type)).toEqual([OFFICIAL_TYPES.zeroTrustOrganization, OFFICIAL_TYPES.accessOrganization]);
    const expected = (kind: string, name: string) => [
      `[mandatory] ${BASELINE}: ${kind} "${name}": mfaConfig.allowedAuthenticators: security_key, piv_key (baseline wants a subset of security_key, biometrics, totp)`,
      `[mandatory] ${BASELINE}: ${kind} "${name}": mfaPivKeyRequirements.touchPolicy: never (baseline wants cached or always)`,
      `[mandatory] ${BASELINE}: ${kind} "${name}": mfaPivKeyRequirements.sshKeyType: ecdsa, rsa (baseline wants a subset of ecdsa, ed25519)`,
      `[mandatory] ${BASELINE}: ${kind} "${name}": mfaPivKeyRequirements.sshKeySize: 256, 2048 (baseline wants a subset of 256, 384)`,
    ];
    expect(messages(await analyze(zeroTrustPolicies(), registrations))).toEqual([
      ...expected("cloudflare.ZeroTrustOrganization", "v6"),
      ...expected("cloudflare.AccessOrganization", "v6-deprecated"),
    ]);
  });

  it("@pulumi/cloudflare v5 AccessOrganization and ZeroTrustAccessOrganization: list blocks, no MFA settings", async () => {
    const args = { accountId: ACCOUNT, name: "Legacy", authDomain: "legacy.cloudflareaccess.com", sessionDuration: "8h", loginDesigns: [{ textColor: "#000000" }] };
    const program: Program = () => [new cloudflareV5.AccessOrganization("v5", args), new cloudflareV5.ZeroTrustAccessOrganization("v5-renamed", args)];
    const registrations = await runProgram(program);
    expect(registrations.map((r) => r.type)).toEqual([OFFICIAL_TYPES.accessOrganization, OFFICIAL_TYPES.zeroTrustAccessOrganization]);
    const expected = (kind: string, name: string) => [
      `[mandatory] ${BASELINE}: ${kind} "${name}": mfaRequiredForAllApps: (unset) (baseline wants true)`,
      `[mandatory] ${BASELINE}: ${kind} "${name}": mfaConfig.allowedAuthenticators: (unset) (baseline wants a subset of security_key, biometrics, totp)`,
      `[mandatory] ${BASELINE}: ${kind} "${name}": mfaConfig.sessionDuration: (unset) (baseline wants 12h or shorter)`,
    ];
    expect(messages(await analyze(zeroTrustPolicies(), registrations))).toEqual([
      ...expected("cloudflare.AccessOrganization", "v5"),
      ...expected("cloudflare.ZeroTrustAccessOrganization", "v5-renamed"),
    ]);
  });

  it("leaves every other resource alone", async () => {
    const program: Program = () => [new cloudflare.ZeroTrustAccessServiceToken("token", { accountId: ACCOUNT, name: "ci" })];
    expect(await violations(program)).toEqual([]);
  });
});

describe("values not known during a preview", () => {
  /** A resource whose `value` output the mocks do not give: unknown in a preview. */
  class Source extends pulumi.CustomResource {
    declare readonly value: pulumi.Output<string>;
    constructor() {
      super("test:index:Source", "source", { value: undefined });
    }
  }
  const source = () => new Source();

  it("are neither a pass nor a fail: one advisory note per organization names what cannot be checked until up", async () => {
    const program: Program = () => {
      const from = source();
      return [
        new ZeroTrustOrganization("computed", { accountId: ACCOUNT, ...PRESETS.recommended, sessionDuration: "48h", mfaConfig: { ...PRESETS.recommended.mfaConfig, sessionDuration: from.value } }),
        new cloudflare.ZeroTrustOrganization("official", {
          accountId: ACCOUNT,
          sessionDuration: "24h",
          mfaRequiredForAllApps: true,
          mfaConfig: from.value.apply((value) => ({ allowedAuthenticators: [value], sessionDuration: "12h" })),
        }),
      ];
    };
    // registration order follows which inputs resolve first: compare as a set of lines
    expect(messages(await violations(program, {}, {}, true)).sort()).toEqual([
      `[mandatory] ${BASELINE}: ZeroTrustOrganization "computed": sessionDuration: 48h (baseline wants 24h or shorter)`,
      `[advisory] ${UNKNOWN}: ZeroTrustOrganization "computed": mfaConfig.sessionDuration cannot be checked until up (not known during a preview)`,
      `[advisory] ${UNKNOWN}: cloudflare.ZeroTrustOrganization "official": mfaConfig.allowedAuthenticators, mfaConfig.sessionDuration, ` +
        "mfaPivKeyRequirements.pinPolicy, mfaPivKeyRequirements.touchPolicy, mfaPivKeyRequirements.sshKeyType, " +
        "mfaPivKeyRequirements.sshKeySize, mfaPivKeyRequirements.requireFipsDevice cannot be checked until up (not known during a preview)",
    ].sort());
  });

  it("are recognised by every sentinel the engine sends an analyzer (@pulumi/policy's list)", () => {
    const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
    const sentinels = Object.entries(proxy).filter(([key]) => /^unknown[A-Z]\w*Value$/.test(key)).map(([, value]) => value);
    expect(sentinels).toHaveLength(7);
    const policy = zeroTrustPolicies().find((p) => p.name === UNKNOWN)!;
    for (const sentinel of sentinels) {
      const reported: string[] = [];
      const validate = policy.validateResource as (args: unknown, report: (message: string) => void) => void;
      validate(
        { type: ZERO_TRUST_ORGANIZATION_TYPE, name: "x", urn: "urn:x", opts: {}, props: { accountId: ACCOUNT, ...PRESETS.recommended, sessionDuration: sentinel }, getConfig: () => ({}) },
        (message) => reported.push(message),
      );
      expect(reported).toEqual([`ZeroTrustOrganization "x": sessionDuration cannot be checked until up (not known during a preview)`]);
    }
  });
});

describe("configuration", () => {
  it.each(["advisory", "mandatory"] as const)("reports at the %s level chosen for each policy", async (level) => {
    const reported = await violations(weakProgram, { enforcementLevel: { baseline: level } });
    expect(reported).toHaveLength(3);
    expect(new Set(reported.map((r) => r.level))).toEqual(new Set([level]));
  });

  it("reports nothing for a disabled policy, from the options or from the pack's config", async () => {
    expect(await violations(weakProgram, { enforcementLevel: { baseline: "disabled" } })).toEqual([]);
    expect(await violations(weakProgram, {}, { [BASELINE]: { enforcementLevel: "disabled" } })).toEqual([]);
  });

  it("takes the preset and the exemptions from the pack's config over the options", async () => {
    const program: Program = () => [new HardenedZeroTrustOrganization("hardened", { accountId: ACCOUNT })];
    expect(await violations(program, { preset: "strict" }, { [BASELINE]: { preset: "recommended" } })).toEqual([]);
    expect(await violations(weakProgram, {}, { [BASELINE]: { exempt: ["legacy"] } })).toEqual([]);
  });

  it("exempts a resource by name, by URN, or by its parent's URN", async () => {
    const program: Program = () => [new HardenedZeroTrustOrganization("hardened", { accountId: ACCOUNT, sessionDuration: "48h" }), ...(weakProgram() as unknown[])];
    const all = await violations(program);
    expect(new Set(all.map((r) => r.message.split(":")[0]))).toEqual(new Set(['ZeroTrustOrganization "hardened"', 'ZeroTrustOrganization "legacy"']));
    const only = async (exempt: string[]) => new Set((await violations(program, { exempt })).map((r) => r.message.split(":")[0]));
    expect(await only(["legacy"])).toEqual(new Set(['ZeroTrustOrganization "hardened"']));
    expect(await only(["urn:pulumi:prod::zt::pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization::legacy"])).toEqual(new Set(['ZeroTrustOrganization "hardened"']));
    expect(await only(["urn:pulumi:prod::zt::cloudflare-zero-trust:index:HardenedZeroTrustOrganization::hardened"])).toEqual(new Set(['ZeroTrustOrganization "legacy"']));
  });

  it("refuses options it cannot honour, naming each", () => {
    expect(() => zeroTrustPolicies({ preset: "lenient" as never })).toThrow('preset must be recommended or strict (got "lenient")');
    expect(() => zeroTrustPolicies({ enforcementLevel: { baseline: "remediate" as never } })).toThrow(
      'enforcementLevel.baseline must be advisory, mandatory, disabled (got "remediate")',
    );
    expect(() => zeroTrustPolicies({ enforcementLevel: { mfa: "advisory" } as never })).toThrow("enforcementLevel.mfa: no such policy");
    expect(() => zeroTrustPolicies({ exempt: "legacy" as never })).toThrow("exempt must be a list of URNs or names");
  });
});

describe("the policy subpath as a user loads it", () => {
  it("exports exactly what README documents", () => {
    expect(Object.keys(require("../../provider/policy")).sort()).toEqual(["OFFICIAL_TYPES", "POLICY_NAMES", "ZERO_TRUST_ORGANIZATION_TYPE", "zeroTrustPolicies"]);
  });
});

