import * as testing from "../../provider/testing";

/** `pulumi-cloudflare-zero-trust/testing` exports the kit README documents, and nothing else at run time. */
describe("the public API (pulumi-cloudflare-zero-trust/testing)", () => {
  it("exports exactly the documented values", () => {
    expect(Object.keys(testing).sort()).toEqual(["CLOUDFLARE_RATE_LIMIT", "FAKE_TOKEN", "FakeCloudflare", "LocalStack", "stepsOf"]);
  });
});
