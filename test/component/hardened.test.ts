import { readFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { HardenedZeroTrustOrganization, PRESETS } from "../../provider";
import { validateOrganizationArgs } from "../../provider/model";
import { runProgram, type Registration } from "../../provider/testing/program";
import { ACCOUNT, ZONE } from "../support/client";
import { REPO_ROOT } from "../support/repo";

/** The presets as README's table states them, written out: a change to either is a change to both. */
const README_PRESETS = {
  recommended: {
    sessionDuration: "24h",
    mfaRequiredForAllApps: true,
    mfaConfig: { allowedAuthenticators: ["security_key", "biometrics", "totp"], sessionDuration: "12h" },
    mfaPivKeyRequirements: { pinPolicy: "once", touchPolicy: "cached", sshKeyType: ["ecdsa", "ed25519"], sshKeySize: [256, 384], requireFipsDevice: false },
  },
  strict: {
    sessionDuration: "8h",
    mfaRequiredForAllApps: true,
    mfaConfig: { allowedAuthenticators: ["security_key"], sessionDuration: "4h", amrMatchingSessionDuration: "0m" },
    mfaPivKeyRequirements: { pinPolicy: "always", touchPolicy: "always", sshKeyType: ["ecdsa"], sshKeySize: [384], requireFipsDevice: true },
  },
} as const;

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
  const { __provider, __plan, ...inputs } = r.inputs;
  return { provider: __provider as string, inputs };
};

describe("HardenedZeroTrustOrganization", () => {
  it("fills in the recommended MFA and PIV-key defaults where the caller set nothing", async () => {
    const { byType } = await registered(() => new HardenedZeroTrustOrganization("org", { accountId: ACCOUNT }));
    const [org] = byType(ORG_TYPE);
    const { provider, inputs } = inputsOf(org!);
    expect(inputs).toEqual({ accountId: ACCOUNT, ...README_PRESETS.recommended });
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
      mfaConfig: { ...README_PRESETS.recommended.mfaConfig, sessionDuration: "2h" },
      mfaPivKeyRequirements: { ...README_PRESETS.recommended.mfaPivKeyRequirements, touchPolicy: "always" },
    });
  });

  it('takes "", [] and {} as unset, as the organization does: the defaults fill them, known now or later', async () => {
    const { byType } = await registered(
      () =>
        new HardenedZeroTrustOrganization("org", {
          accountId: ACCOUNT,
          sessionDuration: "",
          mfaConfig: { allowedAuthenticators: [], sessionDuration: pulumi.output("") },
          mfaPivKeyRequirements: {},
          mfaRequiredForAllApps: pulumi.output(true),
        }),
    );
    expect(inputsOf(byType(ORG_TYPE)[0]!).inputs).toEqual({ accountId: ACCOUNT, ...README_PRESETS.recommended });
  });

  it("offers a strict preset: FIPS devices, security keys only, PIN and touch always", async () => {
    const { byType } = await registered(() => new HardenedZeroTrustOrganization("org", { accountId: ACCOUNT, preset: "strict" }));
    expect(inputsOf(byType(ORG_TYPE)[0]!).inputs).toEqual({ accountId: ACCOUNT, ...README_PRESETS.strict });
  });

  it.each(Object.entries(README_PRESETS))("README's table shows every value of the %s preset, and nothing else", (preset, values) => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("| Setting | `recommended` | `strict` |")).split("\n\n")[0]!.split("\n").slice(2);
    const column = preset === "recommended" ? 2 : 3;
    const shown: Record<string, unknown> = {};
    for (const row of table) {
      const cells = row.split("|").map((cell) => cell.trim());
      const settings = cells[1]!.replace(/`/g, "").split(" / ");
      const parent = settings[0]!.includes(".") ? settings[0]!.slice(0, settings[0]!.indexOf(".") + 1) : "";
      cells[column]!.split(" / ").forEach((cell, i) => {
        const name = i === 0 ? settings[0]! : parent + settings[i]!;
        if (cell !== "(unset)") shown[name] = cell;
      });
    }
    const leaves = Object.entries(values).flatMap(([key, value]) =>
      typeof value === "object" ? Object.entries(value).map(([inner, v]) => [`${key}.${inner}`, v] as const) : [[key, value] as const],
    );
    const spelled = (value: unknown) => (Array.isArray(value) ? value : [value]).map((item) => `\`${String(item)}\``).join(", ");
    expect(shown).toEqual(Object.fromEntries(leaves.map(([name, value]) => [name, spelled(value)])));
  });

  it.each(Object.entries(PRESETS))("the %s preset is valid as a whole", (_, preset) => {
    expect(validateOrganizationArgs({ accountId: ACCOUNT, ...preset })).toMatchObject({ ok: true });
  });

  it("shares presets that nobody can change", () => {
    expect(() => ((PRESETS.recommended as { sessionDuration: string }).sessionDuration = "720h")).toThrow(TypeError);
    expect(() => (PRESETS.recommended.mfaConfig!.allowedAuthenticators as string[]).push("piv_key")).toThrow(TypeError);
    expect(PRESETS.recommended).toEqual(README_PRESETS.recommended);
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
});
