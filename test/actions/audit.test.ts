import { auditOrganizations, type AuditResult } from "../../provider/actions/audit";
import { closeSharedAgent, resetSharedClients, resolveSettings, sharedClient } from "../../provider/client";
import { InvalidArgumentsError } from "../../provider/model";
import { FAKE_TOKEN, type FakeCloudflare } from "../../provider/testing/server";
import { ACCOUNT, ACCOUNT_2, compliantOrganization, handMadeOrganization, ZONE } from "../support/client";
import { useFakeCloudflare } from "../support/fake";

const fake = useFakeCloudflare();
const options = () => ({ apiToken: FAKE_TOKEN, baseUrl: fake().baseUrl, rps: 1000, retries: 1, minBackoff: 0.01, maxBackoff: 0.02 });
beforeEach(() => resetSharedClients());
afterAll(() => closeSharedAgent());

const account = (i: number) => `${i}`.padStart(32, "a");

/** A fleet with one of everything: compliant, deviating, no organization, refused, unreachable, and a zone. */
function seedFleet(f: FakeCloudflare): void {
  f.seedOrganization("accounts", account(1), compliantOrganization({ auth_domain: "one.cloudflareaccess.com" }));
  f.seedOrganization("accounts", account(2), compliantOrganization({ auth_domain: "two.cloudflareaccess.com", session_duration: "48h", mfa_required_for_all_apps: false }));
  // account 3: no organization
  f.seedOrganization("accounts", account(4), compliantOrganization({ auth_domain: "four.cloudflareaccess.com" }));
  f.seedOrganization("accounts", account(5), compliantOrganization({ auth_domain: "five.cloudflareaccess.com" }));
  f.seedOrganization("zones", ZONE, handMadeOrganization({ auth_domain: "zone.cloudflareaccess.com" }));
  f.inject(
    { kind: "status", status: 403, code: 10000, message: "Authentication error", path: account(4) },
    { kind: "reset", when: "before-body", path: account(5), times: 2 }, // the first attempt and its one retry
  );
}

describe("auditOrganizations", () => {
  it("gives one result per organization, in the order given, never hiding one behind another's failure", async () => {
    seedFleet(fake());
    const results = await auditOrganizations({ accounts: [1, 2, 3, 4, 5].map(account), zones: [ZONE] }, options());
    expect(results).toEqual<AuditResult[]>([
      { scope: "account", id: account(1), status: "compliant", name: "Widget Corps Internal Applications", authDomain: "one.cloudflareaccess.com", deviations: [] },
      {
        scope: "account",
        id: account(2),
        status: "deviates",
        name: "Widget Corps Internal Applications",
        authDomain: "two.cloudflareaccess.com",
        deviations: [
          { path: "sessionDuration", live: "48h", baseline: "24h", wants: "24h or shorter" },
          { path: "mfaRequiredForAllApps", live: false, baseline: true, wants: "true" },
        ],
      },
      { scope: "account", id: account(3), status: "missing" },
      { scope: "account", id: account(4), status: "error", error: { httpStatus: 403, codes: [10000], message: "HTTP 403 [10000] Authentication error" } },
      { scope: "account", id: account(5), status: "error", error: { httpStatus: null, codes: [], message: expect.stringMatching(/^no answer \(/) } },
      // the presets have no zone setting: a zone organization has nothing to fall short of
      { scope: "zone", id: ZONE, status: "compliant", name: "Widget Corps Internal Applications", authDomain: "zone.cloudflareaccess.com", deviations: [] },
    ]);
  });

  it("never writes, and reads each organization once (repeats included)", async () => {
    seedFleet(fake());
    fake().clearFaults();
    await auditOrganizations({ accounts: [account(1), account(2), account(1)], preset: "strict" }, options());
    expect(fake().requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      `GET /accounts/${account(1)}/access/organizations`,
      `GET /accounts/${account(2)}/access/organizations`,
    ]);
  });

  it("compares with the preset asked for", async () => {
    fake().seedOrganization("accounts", ACCOUNT, compliantOrganization());
    const [recommended] = await auditOrganizations({ accounts: [ACCOUNT] }, options());
    const [strict] = await auditOrganizations({ accounts: [ACCOUNT], preset: "strict" }, options());
    expect(recommended!.status).toBe("compliant");
    expect(strict).toMatchObject({ status: "deviates" });
    expect(strict!.status === "deviates" && strict!.deviations.map((d) => d.path)).toContain("mfaConfig.allowedAuthenticators");
  });

  it("reports progress as each organization is done", async () => {
    for (const id of [ACCOUNT, ACCOUNT_2]) fake().seedOrganization("accounts", id, compliantOrganization({ auth_domain: `${id}.cloudflareaccess.com` }));
    const seen: string[] = [];
    await auditOrganizations({ accounts: [ACCOUNT, ACCOUNT_2], concurrency: 1, onResult: (r, p) => seen.push(`${p.done}/${p.total} ${r.id}`) }, options());
    expect(seen).toEqual([`1/2 ${ACCOUNT}`, `2/2 ${ACCOUNT_2}`]);
  });

  it("spends the shared budget of the token, like the resources", async () => {
    fake().seedOrganization("accounts", ACCOUNT, compliantOrganization());
    await auditOrganizations({ accounts: [ACCOUNT, ACCOUNT_2] }, options());
    const shared = sharedClient(resolveSettings({ origin: "options", values: options() }));
    expect(shared.stats.requests).toBe(2);
  });

  it.each([
    [{}, "accounts: give at least one account or zone id"],
    [{ accounts: [ACCOUNT, "../x"] }, "accounts.1: must be a 32-character hexadecimal Cloudflare id"],
    [{ accounts: [ACCOUNT], preset: "lenient" }, "preset: "],
    [{ accounts: [ACCOUNT], concurrency: 0 }, "concurrency: "],
  ])("refuses %j before any request", async (args, message) => {
    const error = await auditOrganizations(args as never, options()).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InvalidArgumentsError);
    expect((error as Error).message).toContain(message);
    expect(fake().requests).toEqual([]);
  });
});
