import { HardenedZeroTrustOrganization } from "../../provider";
import { ZeroTrustError } from "../../provider/model/errors";
import { ProviderHost, urnOf } from "../../provider/testing/host";
import { runProgram } from "../../provider/testing/program";
import { FAKE_TOKEN } from "../../provider/testing/server";
import { ACCOUNT, handMadeOrganization, ZONE } from "../support/client";
import { useFakeCloudflare } from "../support/fake";

/** HardenedZeroTrustOrganization through Pulumi's dynamic-provider host: what it refuses sends nothing, what it accepts deploys. */
describe("HardenedZeroTrustOrganization through the provider host", () => {
  it.each([
    [
      "only infrastructure authenticators while MFA covers every app",
      { accountId: ACCOUNT, mfaConfig: { allowedAuthenticators: ["piv_key" as const] } },
      /HardenedZeroTrustOrganization "bad": mfaConfig.allowedAuthenticators: cannot contain only piv_key\/ssh_fido2_key when mfaRequiredForAllApps is true/,
    ],
    ["key sizes that fit no key type", { accountId: ACCOUNT, mfaPivKeyRequirements: { sshKeyType: ["rsa" as const] } }, /mfaPivKeyRequirements.sshKeySize: 256, 384 do not fit the key types rsa/],
    ["DoH on a zone", { zoneId: ZONE, doh: { dohJwtDuration: "1h" } }, /doh needs accountId/],
    ["an unknown preset", { accountId: ACCOUNT, preset: "lax" as "strict" }, /preset must be recommended or strict \(got lax\)/],
    ["a name every object inherits as a preset", { accountId: ACCOUNT, preset: "toString" as "strict" }, /preset must be recommended or strict \(got toString\)/],
  ])("refuses %s before anything is sent", async (_, args, message) => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    fake().seedOrganization("zones", ZONE, handMadeOrganization());
    const error = await deploy(() => new HardenedZeroTrustOrganization("bad", args)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZeroTrustError);
    expect((error as ZeroTrustError).message).toMatch(message);
    expect(fake().requests).toEqual([]);
  });

  it("deploys what it accepts through the provider host (where the refusals above would have sent requests)", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    fake().addServiceToken(ACCOUNT, { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "doh", client_id: "doh.access" });
    await deploy(() => new HardenedZeroTrustOrganization("good", { accountId: ACCOUNT, doh: { serviceTokenId: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415" } }));
    expect(fake().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /accounts/${ACCOUNT}/access/organizations`, // check: the adoption plan
      `GET /accounts/${ACCOUNT}/access/organizations`, // create: the read its write is built from
      `PUT /accounts/${ACCOUNT}/access/organizations`,
      `GET /accounts/${ACCOUNT}/access/organizations/doh`,
      `PUT /accounts/${ACCOUNT}/access/organizations/doh`,
    ]);
    expect(fake().organization("accounts", ACCOUNT)).toMatchObject({ session_duration: "24h", mfa_required_for_all_apps: true });
  });
});

const fake = useFakeCloudflare();
let host: ProviderHost;
beforeAll(async () => {
  host = await ProviderHost.start();
  await host.configure({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake().baseUrl });
});
afterAll(() => host.stop());

/** `pulumi up` in small: run the program, then check and create each dynamic resource it registered through the host. */
async function deploy(make: () => HardenedZeroTrustOrganization): Promise<void> {
  const all = await runProgram(() => [make()]);
  for (const { type, name, inputs } of all.filter((r) => typeof r.inputs.__provider === "string")) {
    const urn = urnOf(type, name);
    const checked = await host.check(urn, {}, inputs);
    expect(checked.failures).toEqual([]);
    await host.create(urn, checked.inputs);
  }
}
