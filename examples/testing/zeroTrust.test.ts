/**
 * What a team runs before pointing a rollout at its accounts: a unit test of the stack under Pulumi's mocks, then
 * the real program against a local Cloudflare API, through Pulumi's own dynamic-provider host, with a rate limit
 * and a colleague editing the dashboard in the middle.
 */
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";
import { FakeCloudflare, LocalStack, stepsOf, type Step } from "pulumi-cloudflare-zero-trust/testing";
import { zeroTrust } from "./zeroTrust";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const PROJECT = "zero-trust-testing";

/** The organization someone set up by hand, as Cloudflare stores it. */
const HAND_MADE = {
  name: "Widget Corp",
  auth_domain: "widgetcorp.cloudflareaccess.com",
  deny_unmatched_requests: true,
  login_design: { background_color: "#0B1F33", text_color: "#FFFFFF", header_text: "Widget Corp" },
  custom_pages: { forbidden: "2b7e151628aed2a6abf7158809cf4f3c" },
};

/** The step of the component's organization (the component itself is not a dynamic resource). */
const organizationStep = (steps: Step[]) => stepsOf(steps, ZeroTrustOrganization)[0]!;
const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("unit: the stack under Pulumi's mocks", () => {
  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
      PROJECT,
      "dev",
    );
    pulumi.runtime.setAllConfig({ [`${PROJECT}:accountId`]: ACCOUNT });
  });

  it("requires MFA for every app, keeps the team's session lengths and fills the rest from the baseline", async () => {
    const { organization } = zeroTrust();
    expect(await valueOf(organization.accountId)).toBe(ACCOUNT);
    expect(await valueOf(organization.mfaRequiredForAllApps)).toBe(true);
    expect(await valueOf(organization.sessionDuration)).toBe("12h");
    expect(await valueOf(organization.mfaConfig)).toMatchObject({ sessionDuration: "8h", allowedAuthenticators: expect.arrayContaining(["security_key"]) });
  });
});

describe("integration: the program against the local Cloudflare API", () => {
  let api: FakeCloudflare;
  let stack: LocalStack;

  beforeAll(async () => {
    api = await FakeCloudflare.start();
    // short backoff bounds so the test does not wait out real-world retry delays
    stack = await LocalStack.start({
      project: PROJECT,
      stack: "dev",
      env: { ...api.env, CLOUDFLARE_MIN_BACKOFF: "0.05", CLOUDFLARE_MAX_BACKOFF: "0.1" },
      config: { accountId: ACCOUNT },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await api?.close();
  });

  it("adopts the hand-made organization through a 429 and a dashboard edit, and changes nothing it does not manage", async () => {
    api.seedOrganization("accounts", ACCOUNT, HAND_MADE);

    // pulumi preview: an adoption, and what it will change
    const preview = await stack.preview(zeroTrust);
    const planned = organizationStep(preview);
    expect(planned.op).toBe("create");
    expect(planned.log.join("\n")).toMatch(/adopt/i);
    expect(api.requests.filter((r) => r.method !== "GET")).toEqual([]);

    // pulumi up, with Cloudflare answering the write with a 429 once
    api.inject({ kind: "status", status: 429, retryAfter: "1", method: "PUT" });
    const up = await stack.up(zeroTrust);
    expect(organizationStep(up).log.join("\n")).toMatch(/HTTP 429, retry 1/);
    expect(stack.outputs("zero-trust")).toMatchObject({ adopted: true, sessionDuration: "12h" });

    // a colleague edits the login page (not managed here) and weakens MFA (managed) in the dashboard
    const newLook = { background_color: "#FFFFFF", text_color: "#0B1F33", header_text: "Widget Corp SSO" };
    api.dashboardEdit("accounts", ACCOUNT, { login_design: newLook, mfa_config: { allowed_authenticators: ["totp"], session_duration: "24h" } });
    await stack.refresh();
    expect(organizationStep(await stack.preview(zeroTrust)).op).toBe("update");
    await stack.up(zeroTrust);

    const stored = api.organization("accounts", ACCOUNT)!;
    // managed: back to the program's values
    expect(stored).toMatchObject({ mfa_required_for_all_apps: true, session_duration: "12h", mfa_config: { session_duration: "8h" } });
    // unmanaged: exactly as the people who own them left them
    expect(stored).toMatchObject({
      name: HAND_MADE.name,
      auth_domain: HAND_MADE.auth_domain,
      deny_unmatched_requests: true,
      custom_pages: HAND_MADE.custom_pages,
      login_design: newLook,
    });
    // and every request was one the API documents
    expect(api.violations).toEqual([]);
  });
});
