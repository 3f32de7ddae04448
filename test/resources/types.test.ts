import * as cloudflare from "@pulumi/cloudflare";
import { HardenedZeroTrustOrganization, OrganizationDoh, UserAccessRevocation, ZeroTrustOrganization } from "../../provider";
import { RESOURCE_TYPES } from "../../provider/resources/types";
import { runProgram } from "../../provider/testing/program";
import { stepsOf, type Step } from "../../provider/testing/stack";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const SERVICE_TOKEN = "6a8f1c1e-7bb1-4b0c-9d1e-2f1a3b4c5d6e";

describe("the type token of each resource class", () => {
  it("is the one the class registers", async () => {
    const registered = await runProgram(() => [
      new ZeroTrustOrganization("org", { accountId: ACCOUNT }),
      new OrganizationDoh("doh", { accountId: ACCOUNT, serviceTokenId: SERVICE_TOKEN }),
      new UserAccessRevocation("leaver", { accountId: ACCOUNT, email: "leaver@example.com" }),
      new HardenedZeroTrustOrganization("hardened", { accountId: ACCOUNT }),
    ]);
    const typeOf = (name: string) => registered.filter((r) => r.name === name).map((r) => r.type);
    expect(typeOf("org")).toEqual([RESOURCE_TYPES.ZeroTrustOrganization]);
    expect(typeOf("doh")).toEqual([RESOURCE_TYPES.OrganizationDoh]);
    expect(typeOf("leaver")).toEqual([RESOURCE_TYPES.UserAccessRevocation]);
    expect(typeOf("hardened")).toEqual([RESOURCE_TYPES.HardenedZeroTrustOrganization, RESOURCE_TYPES.ZeroTrustOrganization]);
  });
});

describe("stepsOf: the steps of one resource class", () => {
  const step = (type: string, name: string): Step => ({ urn: `urn:pulumi:dev::p::${type}::${name}`, type, name, op: "create", log: [] });
  const steps = [
    step(RESOURCE_TYPES.HardenedZeroTrustOrganization, "a"),
    step(RESOURCE_TYPES.ZeroTrustOrganization, "a"),
    step(RESOURCE_TYPES.OrganizationDoh, "a-doh"),
    step(RESOURCE_TYPES.ZeroTrustOrganization, "b"),
    step("cloudflare:index/zeroTrustOrganization:ZeroTrustOrganization", "c"),
  ];

  it("picks this package's classes by the type they register, in order", () => {
    expect(stepsOf(steps, ZeroTrustOrganization).map((s) => s.name)).toEqual(["a", "b"]);
    expect(stepsOf(steps, OrganizationDoh).map((s) => s.name)).toEqual(["a-doh"]);
    expect(stepsOf(steps, HardenedZeroTrustOrganization).map((s) => s.name)).toEqual(["a"]);
    expect(stepsOf(steps, UserAccessRevocation)).toEqual([]);
  });

  it("picks another provider's class by its static type token", () => {
    expect(stepsOf(steps, cloudflare.ZeroTrustOrganization).map((s) => s.name)).toEqual(["c"]);
  });

  it("refuses a class that is no resource, naming the ones it knows", () => {
    expect(() => stepsOf(steps, Map)).toThrow(
      "stepsOf: Map is not a resource class of pulumi-cloudflare-zero-trust (ZeroTrustOrganization, OrganizationDoh, UserAccessRevocation, HardenedZeroTrustOrganization) nor one with a type token",
    );
  });
});
