import { unknownValue } from "@pulumi/pulumi/runtime";
import { adoptionIssues } from "../../../provider/model/adoption";
import { organizationProvider as provider } from "../../../provider/resources/organization/provider";
import { ZeroTrustError } from "../../../provider/model/errors";
import { ACCOUNT, ZONE, handMadeOrganization } from "../../support/client";
import { useProviderAgainstFake } from "../../support/provider";

const ACCOUNT_SCOPE = { kind: "accounts", id: ACCOUNT } as const;
const EXISTING = { name: "Widget", auth_domain: "a.cloudflareaccess.com" };

describe("adoptionIssues", () => {
  it("refuses a different auth domain, naming authDomain, both values and what to do", () => {
    expect(adoptionIssues(ACCOUNT_SCOPE, EXISTING, { authDomain: "b.cloudflareaccess.com" })).toEqual([
      {
        property: "authDomain",
        reason:
          `is "b.cloudflareaccess.com", but the existing Zero Trust organization of account ${ACCOUNT} uses ` +
          `"a.cloudflareaccess.com"; adopting never changes the team domain (every login URL depends on it). ` +
          `Remove authDomain (or set it to "a.cloudflareaccess.com") to adopt; to move the team domain, change ` +
          "authDomain in a later update, once the organization is in the stack",
      },
    ]);
  });

  it.each([
    ["the same domain", { authDomain: "a.cloudflareaccess.com" }],
    ["the same domain in other case", { authDomain: "A.Cloudflareaccess.com" }],
    ["no auth domain", {}],
    ["an auth domain not known yet (preview)", { authDomain: unknownValue }],
    ["another name (a name may change)", { name: "Renamed", authDomain: "a.cloudflareaccess.com" }],
  ])("accepts %s", (_what, inputs) => {
    expect(adoptionIssues(ACCOUNT_SCOPE, EXISTING, inputs)).toEqual([]);
  });

  it("names the zone at zone scope", () => {
    const [issue] = adoptionIssues({ kind: "zones", id: ZONE }, EXISTING, { authDomain: "b.cloudflareaccess.com" });
    expect(issue?.reason).toContain(`organization of zone ${ZONE} uses`);
  });
});

describe("create refuses an adoption that would change the auth domain", () => {
  const { fake } = useProviderAgainstFake();

  it("throws ZeroTrustError adoption_refused before any write", async () => {
    fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
    const checked = await provider.check!({}, { accountId: ACCOUNT, authDomain: "other.cloudflareaccess.com", sessionDuration: "1h" });
    const error = await provider.create(checked.inputs!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZeroTrustError);
    expect(error).toMatchObject({ code: "adoption_refused" });
    expect((error as Error).message).toMatch(/^Not adopted: authDomain: is "other.cloudflareaccess.com", but .* uses "widgetcorp.cloudflareaccess.com".*Nothing was written\.$/);
    expect(fake().requests.map((r) => r.method)).toEqual(["GET"]);
    expect(fake().organization("accounts", ACCOUNT)).toMatchObject({ auth_domain: "widgetcorp.cloudflareaccess.com", session_duration: "12h" });
  });
});
