import { OrganizationDoh } from "../../../provider";
import { parseExact } from "../../../provider/model/json";
import { OPENAPI_DOCUMENT } from "../../../provider/model/spec";
import { ProviderHost, urnOf } from "../../../provider/testing/host";
import { serializedResource } from "../../../provider/testing/program";
import { ACCOUNT } from "../../support/client";
import { useFakeCloudflare } from "../../support/fake";

/**
 * The first law for DoH, through Pulumi's dynamic-provider host against the local API: the DoH PUT replaces the whole
 * object, so a field Cloudflare's DoH read answers and the package does not know (the red team's
 * `doh_fallback_2026`, once dropped from the PUT and so cleared) is written back exactly as read, while what the PUT
 * does not take — the read's service token details and timestamps — stays out.
 */
const fake = useFakeCloudflare();
let host: ProviderHost | undefined;
afterEach(() => host?.stop());

const TOKEN = { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "DoH clients", client_id: "88bf3b6d86161464f6509f7219099e57.access.example.com" };
const UNKNOWN_TEXT = '{"doh_fallback_2026":{"enabled":true,"resolvers":["1.1.1.1"]},"x_seat_id":9223372036854775807}';

type Json = Record<string, unknown>;

/** The excerpt, with the DoH read answering and the DoH PUT taking the unknown fields (as Cloudflare, documented later). */
function dohDocumentWithUnknownFields(): Json {
  const doc = structuredClone(OPENAPI_DOCUMENT) as { paths: Record<string, Record<string, Json>> };
  const doh = doc.paths["/accounts/{account_id}/access/organizations/doh"]!;
  const added = { doh_fallback_2026: { type: "object" }, x_seat_id: { type: "integer" } };
  const get = (doh.get!.responses as Record<string, { content: Record<string, { schema: { properties: Record<string, { properties: Json }> } }> }>)["200"]!;
  Object.assign(get.content["application/json"]!.schema.properties.result!.properties, added);
  const put = (doh.put!.requestBody as { content: Record<string, { schema: { properties: Json } }> }).content["application/json"]!.schema;
  Object.assign(put.properties, added);
  return doc;
}

it("an update writes back the DoH fields the package does not know, exactly as read, and nothing the PUT does not take", async () => {
  fake().configure({ document: dohDocumentWithUnknownFields() });
  fake().addServiceToken(ACCOUNT, TOKEN);
  fake().seedDoh(ACCOUNT, { service_token_id: TOKEN.id, doh_jwt_duration: "24h", ...(parseExact(UNKNOWN_TEXT) as Json) });
  const { type, provider, inputs } = await serializedResource(() => new OrganizationDoh("doh", { accountId: ACCOUNT, dohJwtDuration: "24h" }));
  const urn = urnOf(type, "doh");
  host = await ProviderHost.start({ env: fake().env });
  await host.configure({});
  const checked = await host.check(urn, {}, { ...inputs, __provider: provider });
  const created = await host.create(urn, checked.inputs);
  expect(fake().requests.map((r) => r.method)).toEqual(["GET"]); // adopted as it is: nothing to write

  const news = { ...checked.inputs, dohJwtDuration: "12h" };
  const updated = await host.update(created.id, urn, created.properties, news);
  expect(updated.dohJwtDuration).toBe("12h");
  const [put] = fake().requests.filter((r) => r.method === "PUT");
  expect(put!.body).toEqual({ service_token_id: TOKEN.id, doh_jwt_duration: "12h", ...(parseExact(UNKNOWN_TEXT) as Json) });
  expect(JSON.stringify(put!.body)).toContain('"x_seat_id":9223372036854775807');
  const stored = fake().dohSettings(ACCOUNT)!;
  expect(stored).toMatchObject({ doh_jwt_duration: "12h", doh_fallback_2026: { enabled: true, resolvers: ["1.1.1.1"] } });
  expect(JSON.stringify(stored)).toContain('"x_seat_id":9223372036854775807');
  expect(JSON.stringify(updated)).not.toMatch(/doh_fallback|dohFallback|x_seat_id/);
});
