import { FakeCloudflare, type FakeOptions } from "../../provider/testing";
import { OPENAPI_DOCUMENT } from "../../provider/schemas/spec";

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

type Document = { components: { schemas: Record<string, { properties: Record<string, unknown> }> }; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };

/**
 * The OpenAPI document of a Cloudflare that has added an account-level organization field this package does not
 * model (answered by GET, taken by POST and PUT): for the local API's `document` option.
 */
export function documentWith(field: string, schema: Record<string, unknown>): Record<string, unknown> {
  const doc = structuredClone(OPENAPI_DOCUMENT) as Document;
  doc.components.schemas.access_organizations!.properties[field] = schema;
  for (const method of ["post", "put"]) {
    doc.paths["/accounts/{account_id}/access/organizations"]![method]!.requestBody!.content["application/json"]!.schema.properties[field] = schema;
  }
  return doc;
}
