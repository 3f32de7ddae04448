import { ZeroTrustError } from "../../provider/model/errors";
import type * as Server from "../../provider/testing/server";

/** ajv is an optional peer dependency: without it, starting the local API says what to install. */
describe("the local API without ajv installed", () => {
  it("refuses to start with a ZeroTrustError naming the packages to install", async () => {
    jest.doMock("ajv", () => {
      throw Object.assign(new Error("Cannot find module 'ajv'"), { code: "MODULE_NOT_FOUND" });
    });
    // loaded after the mock, as a user's test would load the kit
    const { FakeCloudflare } = require("../../provider/testing/server") as typeof Server;
    const started = FakeCloudflare.start();
    await expect(started).rejects.toBeInstanceOf(ZeroTrustError);
    await expect(started).rejects.toMatchObject({ code: "missing_dependency", message: expect.stringContaining("npm install --save-dev ajv ajv-formats") });
  });
});
