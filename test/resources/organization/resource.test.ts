import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "../../../provider";
import { ACCOUNT } from "../../support/client";
import { outputsOf, runProgram, serializedResource } from "../../../provider/testing/program";

describe("ZeroTrustOrganization in a program (mocks)", () => {
  const token = "program-env-token-should-not-leak";
  beforeAll(() => (process.env.CLOUDFLARE_API_TOKEN = token));
  afterAll(() => delete process.env.CLOUDFLARE_API_TOKEN);

  it("registers a dynamic resource whose serialized provider is small, stable and holds no credential", async () => {
    const args = { accountId: ACCOUNT, mfaConfig: { allowedAuthenticators: ["security_key" as const] } };
    const first = await serializedResource(() => new ZeroTrustOrganization("a", args));
    const second = await serializedResource(() => new ZeroTrustOrganization("b", { accountId: ACCOUNT, sessionDuration: "1h" }));
    expect(first.type).toBe("pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization");
    // plus what plan lines need: the resource's name (no argument is a secret: no secretArguments)
    expect(first.inputs).toEqual({ ...args, __plan: { name: "a" } });
    // the same text for every resource and every argument: a package upgrade never shows up as a diff
    expect(second.provider).toBe(first.provider);
    expect(first.provider).toContain('require("pulumi-cloudflare-zero-trust/host")');
    expect(Buffer.byteLength(first.provider)).toBeLessThan(4096);
    expect(first.provider).not.toContain(token);
  });

  it("names the arguments given as secrets in an input of their own, which a policy pack sees (never their values)", async () => {
    const secretive = await serializedResource(
      () => new ZeroTrustOrganization("s", { accountId: pulumi.secret(ACCOUNT), sessionDuration: pulumi.secret("1h"), name: "Acme" }),
    );
    expect(secretive.inputs.secretArguments).toEqual(["accountId", "sessionDuration"]);
    expect(secretive.inputs.__plan).toEqual({ name: "s" });
    expect(JSON.stringify(secretive.inputs.secretArguments)).not.toContain("1h");
  });

  it("exposes every output, including those only the provider sets", async () => {
    let org!: ZeroTrustOrganization;
    await runProgram(() => [(org = new ZeroTrustOrganization("org", { accountId: ACCOUNT, sessionDuration: "24h" }))]);
    const outputs = await outputsOf(org);
    for (const key of ["accountId", "sessionDuration", "createdAt", "updatedAt", "adopted", "settingsBeforeAdoption", "mfaConfig", "loginDesign"]) {
      expect(Object.keys(outputs)).toContain(key);
    }
    expect(outputs.sessionDuration).toBe("24h");
  });
});
