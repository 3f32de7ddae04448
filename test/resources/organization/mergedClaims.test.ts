import type * as pulumi from "@pulumi/pulumi";
import { HardenedZeroTrustOrganization, ZeroTrustOrganization, type ZeroTrustOrganizationArgs } from "../../../provider";
import { urnOf } from "../../../provider/testing/host";
import { serializedResource } from "../../../provider/testing/program";
import { ACCOUNT, handMadeOrganization } from "../../support/client";
import { useFakeCloudflare } from "../../support/fake";
import { useOrganizationHost } from "../../support/organizationHost";

/**
 * Several resources of one run on one organization: the preview validates the organization all their writes leave
 * (the live one, overlaid with every resource's settings and clears), and fails, before any write, the resource
 * whose write `up` would refuse, naming the others and the field, in `up`'s words (issue 20, items 2 and 7).
 * Each resource's inputs are those its class sends the engine (its name included), driven through the host.
 */
const fake = useFakeCloudflare();
// a host process per test, as per run: the process remembers what the resources of its run set
const org = useOrganizationHost(fake, { perTest: true });

type Props = Record<string, unknown>;
const ORGANIZATION = "cloudflare-zero-trust:ZeroTrustOrganization";
const writes = () => fake().requests.filter((r) => r.method !== "GET");
const stored = () => fake().organization("accounts", ACCOUNT)!;
const failed = (promise: Promise<unknown>) => promise.then(() => "went ahead", (error: Error) => error.message);
/** What up's refusal says of one field: `<property>: <reason>` (up's words end the reason with where its organization comes from). */
const rule = (failure: { property: string; reason: string }) => `${failure.property}: ${failure.reason.replace(/ \(in the organization that would be written.*$/, "")}`;

/** The inputs a resource of the program sends the engine (the dynamic one: a component's child). */
async function inputsOf(make: () => pulumi.Resource): Promise<Props> {
  return (await serializedResource(make)).inputs;
}
const plain = (name: string, args: Omit<ZeroTrustOrganizationArgs, "accountId">) => inputsOf(() => new ZeroTrustOrganization(name, { accountId: ACCOUNT, ...args }));

/** The red team's organization: MFA configured, not required for every app. */
const seedMfaOptional = () =>
  fake().seedOrganization(
    "accounts",
    ACCOUNT,
    handMadeOrganization({ mfa_config: { allowed_authenticators: ["totp", "security_key"], session_duration: "12h" }, mfa_required_for_all_apps: false }),
  );

describe("two new resources whose writes together break a rule of the organization", () => {
  it("the preview fails the second, naming both and the field in up's words; nothing is written", async () => {
    seedMfaOptional();
    const a = await plain("require-mfa", { mfaRequiredForAllApps: true });
    const b = await plain("drop-mfa-config", { clear: ["mfaConfig"] });
    // alone, each is fine
    expect((await org().check(a)).failures).toEqual([]);
    const { failures, inputs } = await org().check(b);
    expect(failures.map((f) => f.property)).toEqual(["mfaConfig.allowedAuthenticators", "mfaConfig.sessionDuration"]);
    for (const failure of failures) {
      expect(failure.reason).toContain(`"drop-mfa-config" and "require-mfa" cannot all be applied`);
      expect(failure.reason).toContain(`what "require-mfa" of this run writes to the same organization (account ${ACCOUNT})`);
    }
    expect(writes()).toEqual([]);

    // up without the preview: the engine writes the first while it checks the second (or, as here, before)
    await org().host.create(urnOf(ORGANIZATION, "require-mfa"), (await org().check(a)).inputs);
    const refusal = await failed(org().host.create(urnOf(ORGANIZATION, "drop-mfa-config"), inputs));
    expect(refusal).toContain(`Not applied to account ${ACCOUNT}: `);
    for (const failure of failures) expect(refusal).toContain(rule(failure));
    expect(refusal).toContain(`which may include what "require-mfa" of this run wrote to it just before`);
    expect(stored()).toMatchObject({ mfa_required_for_all_apps: true, mfa_config: { allowed_authenticators: ["totp", "security_key"], session_duration: "12h" } });
  });

  it("whichever is checked second is the one that fails; the first alone passes", async () => {
    seedMfaOptional();
    const b = await plain("clear-first", { clear: ["mfaConfig"] });
    const a = await plain("require-second", { mfaRequiredForAllApps: true });
    expect((await org().check(b)).failures).toEqual([]);
    const { failures } = await org().check(a);
    expect(failures.map((f) => f.property)).toEqual(["mfaConfig.allowedAuthenticators", "mfaConfig.sessionDuration"]);
    expect(failures[0]!.reason).toContain(`"require-second" and "clear-first" cannot all be applied`);
    expect(writes()).toEqual([]);
  });

  it("up's check of the second, once the first was written, names the first too", async () => {
    seedMfaOptional();
    const a = await plain("wrote-first", { mfaRequiredForAllApps: true });
    const b = await plain("checked-after", { clear: ["mfaConfig"] });
    await org().host.create(urnOf(ORGANIZATION, "wrote-first"), (await org().check(a)).inputs);
    const { failures } = await org().check(b);
    expect(failures.map((f) => f.property)).toEqual(["mfaConfig.allowedAuthenticators", "mfaConfig.sessionDuration"]);
    expect(failures[0]!.reason).toContain(`which may include what "wrote-first" of this run wrote to it just before`);
  });

  it("a third resource that takes no part is not named", async () => {
    seedMfaOptional();
    await org().check(await plain("bystander", { sessionDuration: "6h" }));
    await org().check(await plain("requires", { mfaRequiredForAllApps: true }));
    const { failures } = await org().check(await plain("clears", { clear: ["mfaConfig"] }));
    expect(failures[0]!.reason).toContain(`"clears" and "requires" cannot all be applied`);
    expect(failures[0]!.reason).not.toContain("bystander");
  });
});

describe("combinations that up applies pass the preview", () => {
  it("an empty authenticator list is unset: it keeps Cloudflare's, so requiring MFA beside it is fine", async () => {
    seedMfaOptional();
    const a = await plain("mfa-everywhere", { mfaRequiredForAllApps: true });
    const b = await plain("no-authenticators", { mfaConfig: { allowedAuthenticators: [], sessionDuration: "8h" } });
    const checkedA = await org().check(a);
    const checkedB = await org().check(b);
    expect([...checkedA.failures, ...checkedB.failures]).toEqual([]);
    await org().host.create(urnOf(ORGANIZATION, "mfa-everywhere"), checkedA.inputs);
    await org().host.create(urnOf(ORGANIZATION, "no-authenticators"), checkedB.inputs);
    expect(stored()).toMatchObject({ mfa_required_for_all_apps: true, mfa_config: { allowed_authenticators: ["totp", "security_key"], session_duration: "8h" } });
  });

  it("the same two resources on two organizations do not meet", async () => {
    seedMfaOptional();
    const other = "fedcba9876543210fedcba9876543210";
    fake().seedOrganization("accounts", other, handMadeOrganization({ auth_domain: "second.cloudflareaccess.com", mfa_config: { allowed_authenticators: ["totp"] } }));
    expect((await org().check(await plain("required-here", { mfaRequiredForAllApps: true }))).failures).toEqual([]);
    const elsewhere = await inputsOf(() => new ZeroTrustOrganization("cleared-there", { accountId: other, clear: ["mfaConfig"] }));
    expect((await org().check(elsewhere)).failures).toEqual([]);
  });
});

describe("a resource in the stack: its diff validates the organization the run's writes leave", () => {
  it("the preview's diff fails the second, naming both, with the message its update would give", async () => {
    seedMfaOptional();
    const a = await plain("stack-require", {});
    const b = await plain("stack-clear", {});
    const stackA = await org().up(a);
    const stackB = await org().up(b);
    // the next program: one requires MFA, the other clears its configuration
    const nextA = await plain("stack-require", { mfaRequiredForAllApps: true });
    const nextB = await plain("stack-clear", { clear: ["mfaConfig"] });
    fake().requests.length = 0;
    expect(await org().preview(stackA, nextA)).toBe("some");
    const atPreview = await failed(org().preview(stackB, nextB));
    expect(atPreview).toContain(`Not applied to account ${ACCOUNT}: mfaConfig.allowedAuthenticators: must list at least one authenticator when mfaRequiredForAllApps is true`);
    expect(atPreview).toContain(`"stack-clear" and "stack-require" cannot all be applied`);
    expect(atPreview).toMatch(/last up or refresh/);
    expect(writes()).toEqual([]);
  });
});

describe("a HardenedZeroTrustOrganization beside a plain resource with a clear", () => {
  // every setting a merged rule involves is one the preset sets, so the same-setting check (claims.ts) fails the preview
  it("the preview fails the plain resource, naming the component and the field; up's refusal names the component too", async () => {
    seedMfaOptional();
    const child = await inputsOf(() => new HardenedZeroTrustOrganization("hardened", { accountId: ACCOUNT }));
    const clearing = await plain("loosen", { clear: ["mfaConfig"] });
    const checkedChild = await org().check(child);
    expect(checkedChild.failures).toEqual([]);
    const { failures, inputs } = await org().check(clearing);
    expect(failures.map((f) => f.property)).toContain("mfaConfig.sessionDuration");
    for (const failure of failures) expect(failure.reason).toContain('"hardened"');
    expect(writes()).toEqual([]);
    // up without the preview: the component's write lands first
    await org().host.create(urnOf(ORGANIZATION, "hardened"), checkedChild.inputs);
    const refusal = await failed(org().host.create(urnOf(ORGANIZATION, "loosen"), inputs));
    expect(refusal).toContain(`Not applied to account ${ACCOUNT}: mfaConfig.allowedAuthenticators: must list at least one authenticator when mfaRequiredForAllApps is true`);
    expect(refusal).toContain(`which may include what "hardened" of this run wrote to it just before`);
  });
});
