import { FakeCloudflare, type FakeOptions } from "../../provider/testing";

/**
 * Starts a fake Cloudflare API for the test file and resets it between tests. Every test fails if it sent a
 * request the OpenAPI document does not allow.
 */
export function useFakeCloudflare(options: FakeOptions = {}): () => FakeCloudflare {
  let fake: FakeCloudflare | undefined;
  beforeAll(async () => {
    fake = await FakeCloudflare.start(options);
  });
  afterEach(() => {
    const violations = [...fake!.violations];
    fake!.reset();
    expect(violations).toEqual([]);
  });
  afterAll(async () => {
    await fake?.close();
  });
  return () => fake!;
}
