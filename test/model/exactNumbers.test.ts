import { readAnswer } from "../../provider/client/exchange";
import { CloudflareResponseError } from "../../provider/client/errors";
import { restoreBody, writeBody } from "../../provider/model/body";
import { dohWriteBody } from "../../provider/model/doh";
import { copyJson, isRawJson, parseExact } from "../../provider/model/json";
import { isPlainObject } from "../../provider/model/naming";
import { accountOrganizationWire, dohWire, type DohWire, type OrganizationWire } from "../../provider/model/wire";
import { prune, sameValue } from "../../provider/model/values";

/**
 * The first law for numbers: a number the package does not know is written back exactly as Cloudflare answered it,
 * at any depth, through every copy and rule of the write path (the host test, test/resources/organization/
 * exactNumbers.test.ts, runs the same through Pulumi).
 */

const SCOPE = { kind: "accounts", id: "01a7362d577a6c3019a474fd6f485823" } as const;
/** Each is changed by a double: too many digits for one, or a spelling a double does not keep. */
const BEYOND_A_DOUBLE = ["9223372036854775807", "-9223372036854775808", "0.10000000000000000000001", "1e400", "1.0", "-0", "1E3"];
const ENVELOPE = (result: string) => `{"success":true,"errors":[],"messages":[],"result":${result}}`;

describe("parseExact", () => {
  it.each(BEYOND_A_DOUBLE)("keeps %s as its text, and JSON.stringify writes that text back", (text) => {
    const parsed = parseExact(`{"a":${text},"b":[${text}],"c":{"d":${text}}}`) as Record<string, unknown>;
    expect(isRawJson(parsed.a)).toBe(true);
    expect(JSON.stringify(parsed)).toBe(`{"a":${text},"b":[${text}],"c":{"d":${text}}}`);
  });

  it("leaves every number a double keeps an ordinary number (and every other value as JSON.parse reads it)", () => {
    const text = '{"a":1,"b":-2.5,"c":9007199254740991,"d":1e+21,"e":0.1,"f":"9223372036854775807","g":[true,null]}';
    expect(parseExact(text)).toEqual(JSON.parse(text));
  });

  it("a number kept as text is one value: not an object with members, kept whole by copies, equal by its text", () => {
    const { a, b } = parseExact('{"a":9223372036854775807,"b":9223372036854775807}') as Record<string, unknown>;
    expect(isPlainObject(a)).toBe(false);
    expect(prune(a)).toBe(a);
    expect(copyJson({ deep: [{ a }] }).deep[0]!.a).toBe(a);
    expect(() => structuredClone(a)).toThrow(); // why the write path copies with copyJson
    expect(sameValue("x", a, b, { durations: new Set(), sets: new Set() })).toBe(true);
    expect(sameValue("x", a, parseExact("9223372036854775806"), { durations: new Set(), sets: new Set() })).toBe(false);
  });
});

describe("an answer read by the client", () => {
  const read = (result: string) => readAnswer({ method: "GET", path: "/accounts/x/access/organizations" }, { status: 200, headers: {}, text: ENVELOPE(result) }, accountOrganizationWire, []);

  it("keeps an unknown field's number exactly, at any depth", () => {
    const org = read('{"auth_domain":"a.cloudflareaccess.com","x_seat_id":9223372036854775807,"mfa_config":{"x_limit":1e400}}');
    expect(JSON.stringify(org.x_seat_id)).toBe("9223372036854775807");
    expect(JSON.stringify(org.mfa_config)).toBe('{"x_limit":1e400}');
  });

  it("refuses a known setting with such a number, naming the field (the validators are not widened)", () => {
    const answer = () => read('{"service_token_inactivity":{"action":"disable","enabled":true,"inactivity_threshold_days":9223372036854775807}}');
    expect(answer).toThrow(CloudflareResponseError);
    expect(answer).toThrow(/unexpected result shape \(service_token_inactivity\.inactivity_threshold_days: /);
  });
});

describe("the write bodies keep it", () => {
  const CURRENT = `{"name":"Widget","auth_domain":"widget.cloudflareaccess.com","session_duration":"12h","x_seat_id":9223372036854775807,
    "x_list":[0.10000000000000000000001],"mfa_config":{"allowed_authenticators":["totp"],"session_duration":"8h","x_limit":1e400},
    "login_design":{"header_text":"Widget","x_v2":{"n":-9223372036854775808}},"created_at":"2026-01-01T00:00:00Z"}`;
  const current = () => parseExact(CURRENT) as OrganizationWire;
  const KEPT = ['"x_seat_id":9223372036854775807', '"x_list":[0.10000000000000000000001]', '"x_limit":1e400', '"x_v2":{"n":-9223372036854775808}'];
  const keptIn = (body: unknown) => expect(KEPT.filter((text) => !JSON.stringify(body).includes(text))).toEqual([]);

  it("adopt, update and clear: writeBody", () => {
    keptIn(writeBody(SCOPE, current(), { sessionDuration: "24h" }, [], { adopting: true }));
    keptIn(writeBody(SCOPE, current(), { mfaConfig: { sessionDuration: "4h" }, loginDesign: { headerText: "Other" } }));
    const cleared = writeBody(SCOPE, current(), {}, ["mfaConfig", "loginDesign"]);
    keptIn(cleared);
    expect(JSON.stringify(cleared.mfa_config)).toBe('{"x_limit":1e400}');
  });

  it("restore: restoreBody, without touching what it reads (the copy is deep)", () => {
    const read = current();
    const before = JSON.stringify(read);
    keptIn(restoreBody(SCOPE, read, { mfaConfig: { sessionDuration: "2h" } }, ["mfaConfig.sessionDuration", "loginDesign.headerText"]));
    expect(JSON.stringify(read)).toBe(before);
  });

  it("DoH: dohWriteBody", () => {
    const doh = readAnswer({ method: "GET", path: "/accounts/x/access/organizations/doh" }, { status: 200, headers: {}, text: ENVELOPE('{"id":"t","doh_jwt_duration":"24h","x_seat_id":9223372036854775807}') }, dohWire, []);
    expect(JSON.stringify(dohWriteBody(doh, { service_token_id: "t", doh_jwt_duration: "12h" }))).toBe('{"doh_jwt_duration":"12h","x_seat_id":9223372036854775807,"service_token_id":"t"}');
    // a managed field the program leaves as read is not written back as Cloudflare's empty placeholder
    expect(dohWriteBody({ id: "t", doh_jwt_duration: "", x_seat_id: 7 } as DohWire, { service_token_id: "t", doh_jwt_duration: undefined })).toEqual({ service_token_id: "t", x_seat_id: 7 });
  });
});
