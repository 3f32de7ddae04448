/**
 * The local Cloudflare API in its own process, as the packed package ships it (pulumi-cloudflare-zero-trust/testing,
 * resolved from the template project the tarball is installed in). Started by LocalApi (localApi.ts) over an IPC
 * channel: it reports `{ ready: { baseUrl, token } }`, then answers `{ id, member, args }` with the value of that
 * member of the FakeCloudflare (called when it is a method) as `{ id, value }` or `{ id, error }`.
 */
import type * as Testing from "../../../provider/testing";

type Request = { readonly id: number; readonly member: string; readonly args: readonly unknown[] };

const template = process.env.ZT_E2E_TEMPLATE;
if (!template || !process.send) throw new Error("localApiProcess is started by LocalApi.start (test/e2e/support/localApi.ts)");
const { FakeCloudflare } = require(require.resolve("pulumi-cloudflare-zero-trust/testing", { paths: [template] })) as typeof Testing;
const options = JSON.parse(process.env.ZT_E2E_LOCAL_API_OPTIONS ?? "{}") as Testing.FakeOptions;

FakeCloudflare.start(options).then((fake) => {
  const members = fake as unknown as Record<string, unknown>;
  process.on("message", async ({ id, member, args }: Request) => {
    try {
      const target = members[member];
      const value = typeof target === "function" ? await (target as (...a: unknown[]) => unknown).apply(fake, [...args]) : target;
      process.send!({ id, value });
    } catch (error) {
      process.send!({ id, error: (error as Error).message });
    }
  });
  process.on("disconnect", () => void fake.close().then(() => process.exit(0)));
  process.send!({ ready: { baseUrl: fake.baseUrl, token: fake.token } });
});
