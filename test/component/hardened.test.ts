import * as pulumi from "@pulumi/pulumi";
import { HardenedZeroTrustOrganization, PRESETS } from "../../provider";
import { validateOrganizationArgs } from "../../provider/schemas";
import { ACCOUNT, ZONE } from "../support/client";
import { runProgram, type Registration } from "../../provider/testing/program";

const ORG_TYPE = "pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization";
const DOH_TYPE = "pulumi-nodejs:dynamic/cloudflare-zero-trust:OrganizationDoh";
const COMPONENT_TYPE = "cloudflare-zero-trust:index:HardenedZeroTrustOrganization";

async function registered(make: () => HardenedZeroTrustOrganization) {
  let component!: HardenedZeroTrustOrganization;
  const all = await runProgram(() => {
    component = make();
    return [component, component.organization, ...(component.doh ? [component.doh] : [])];
  });
  const byType = (type: string) => all.filter((r) => r.type === type);
  return { all, component, byType };
}
const inputsOf = (r: Registration) => {
  const { __provider, ...inputs } = r.inputs;
  return { provider: __provider as string, inputs };
};

describe("HardenedZeroTrustOrganization", () => {
  it("fills in the recommended MFA and PIV-key defaults where the caller set nothing", async () => {
    const { byType } = await registered(() => new HardenedZeroTrustOrganization("org", { accountId: ACCOUNT }));
    const [org] = byType(ORG_TYPE);
    const { provider, inputs } = inputsOf(org!);
    expect(inputs).toEqual({ accountId: ACCOUNT, ...PRESETS.recommended });
    expect(provider).toContain('require("pulumi-cloudflare-zero-trust/host")');
  });

  it("lets the caller's value win, field by field, keeping the other defaults of the same object", async () => {
    const { byType } = await registered(
      () =>
        new HardenedZeroTrustOrganization("org", {
          accountId: ACCOUNT,
          sessionDuration: "10h",
          mfaRequiredForAllApps: false,
          mfaConfig: { sessionDuration: pulumi.output("2h") },
          mfaPivKeyRequirements: { touchPolicy: "always" },
        }),
    );
    const { inputs } = inputsOf(byType(ORG_TYPE)[0]!);
    expect(inputs).toEqual({
      accountId: ACCOUNT,
      sessionDuration: "10h",
      mfaRequiredForAllApps: false,
      mfaConfig: { ...PRESETS.recommended.mfaConfig, sessionDuration: "2h" },
      mfaPivKeyRequirements: { ...PRESETS.recommended.mfaPivKeyRequirements, touchPolicy: "always" },
    });
  });

  it("offers a strict preset: FIPS devices, security keys only, PIN and touch always", async () => {
    const { byType } = await registered(() => new HardenedZeroTrustOrganization("org", { accountId: ACCOUNT, preset: "strict" }));
    const { inputs } = inputsOf(byType(ORG_TYPE)[0]!);
    expect(inputs).toMatchObject({
      mfaConfig: { allowedAuthenticators: ["security_key"] },
      mfaPivKeyRequirements: { requireFipsDevice: true, pinPolicy: "always", touchPolicy: "always" },
    });
  });

  it.each(Object.entries(PRESETS))("the %s preset is valid as a whole", (_, preset) => {
    expect(validateOrganizationArgs({ accountId: ACCOUNT, ...preset })).toMatchObject({ ok: true });
  });

  it("parents its children to itself and manages DoH when asked", async () => {
    const { all, component, byType } = await registered(
      () => new HardenedZeroTrustOrganization("org", { accountId: ACCOUNT, doh: { serviceTokenId: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", dohJwtDuration: "24h" } }),
    );
    expect(byType(COMPONENT_TYPE)).toHaveLength(1);
    expect(inputsOf(byType(DOH_TYPE)[0]!).inputs).toEqual({ accountId: ACCOUNT, serviceTokenId: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", dohJwtDuration: "24h" });
    // a child's URN carries its parent's type: urn:…::<component type>$<child type>::<name>
    for (const child of [component.organization, component.doh!]) {
      const urn = await new Promise<string>((resolve) => child.urn.apply(resolve));
      expect(urn).toContain(`::${COMPONENT_TYPE}$`);
    }
    expect(all.map((r) => r.name).sort()).toEqual(["org", "org", "org-doh"]);
  });

  it("leaves a zone organization's arguments as they are (the baseline is account settings)", async () => {
    const { byType } = await registered(() => new HardenedZeroTrustOrganization("zone", { zoneId: ZONE, isUiReadOnly: true }));
    expect(inputsOf(byType(ORG_TYPE)[0]!).inputs).toEqual({ zoneId: ZONE, isUiReadOnly: true });
  });

  it.each([
    [
      "only infrastructure authenticators while MFA covers every app",
      { accountId: ACCOUNT, mfaConfig: { allowedAuthenticators: ["piv_key" as const] } },
      /HardenedZeroTrustOrganization "bad": mfaConfig.allowedAuthenticators: cannot contain only piv_key\/ssh_fido2_key when mfaRequiredForAllApps is true/,
    ],
    ["key sizes that fit no key type", { accountId: ACCOUNT, mfaPivKeyRequirements: { sshKeyType: ["rsa" as const] } }, /mfaPivKeyRequirements.sshKeySize: 256, 384 do not fit the key types rsa/],
    ["DoH on a zone", { zoneId: ZONE, doh: { dohJwtDuration: "1h" } }, /doh needs accountId/],
    ["an unknown preset", { accountId: ACCOUNT, preset: "lax" as "strict" }, /preset must be recommended or strict/],
  ])("refuses %s before anything is sent", async (_, args, message) => {
    await expect(registered(() => new HardenedZeroTrustOrganization("bad", args))).rejects.toThrow(message);
  });
});
