import { FakeCloudflare, type FakeOptions } from "../../provider/testing";
import { OPENAPI_DOCUMENT } from "../../provider/model/spec";

/**
 * The day the local API takes for today in this suite, whatever the real date: after 2026-10-05, so an organization
 * it creates has strict service-token authentication for good.
 */
export const TODAY = "2026-11-02";

/**
 * Starts a fake Cloudflare API for the test file (on `TODAY`, unless the options say otherwise) and resets it between
 * tests. Every test fails if it sent a request the OpenAPI document does not allow.
 */
export function useFakeCloudflare(options: FakeOptions = {}): () => FakeCloudflare {
  let fake: FakeCloudflare | undefined;
  beforeAll(async () => {
    fake = await FakeCloudflare.start({ today: TODAY, ...options });
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

type Json = Record<string, unknown>;

/**
 * The OpenAPI document of a Cloudflare that has added organization fields this package does not model, answered by
 * GET and taken by POST and PUT: for the local API's `document` option. A top-level field is an account field; a
 * dotted path (`mfa_config.fido2_only`) adds a member to that object wherever the document has it (both scopes).
 */
export function documentWith(fields: Readonly<Record<string, Json>>): Record<string, unknown> {
  const doc = structuredClone(OPENAPI_DOCUMENT) as Json & { components: { schemas: Record<string, Json> }; paths: Record<string, Record<string, Json>> };
  const body = (template: string, method: string) =>
    ((doc.paths[template]![method]!.requestBody as Json).content as Record<string, { schema: Json }>)["application/json"]!.schema;
  const account = "/accounts/{account_id}/access/organizations";
  const zone = "/zones/{zone_id}/access/organizations";
  for (const [path, schema] of Object.entries(fields)) {
    const keys = path.split(".");
    const roots =
      keys.length === 1
        ? [doc.components.schemas.access_organizations!, body(account, "post"), body(account, "put")]
        : [doc.components.schemas.access_organizations!, doc.components.schemas["access_organizations-2"]!, ...[account, zone].flatMap((t) => [body(t, "post"), body(t, "put")])];
    for (const root of roots) {
      const parent = keys.slice(0, -1).reduce<Json | undefined>((node, key) => node && follow(doc, (node.properties as Record<string, Json> | undefined)?.[key]), root);
      if (parent) (parent.properties as Record<string, Json>)[keys.at(-1)!] = schema;
    }
  }
  return doc;
}

/** The schema a property refers to (the component itself, so that an added member is seen by every user of it). */
function follow(doc: Json & { components: { schemas: Record<string, Json> } }, node: Json | undefined): Json | undefined {
  const ref = node?.$ref;
  return typeof ref === "string" ? doc.components.schemas[ref.replace("#/components/schemas/", "")] : node;
}
