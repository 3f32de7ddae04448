import { parseExact } from "../../../provider/model/json";
import { ACCOUNT, handMadeOrganization } from "../../support/client";
import { documentWith, useFakeCloudflare } from "../../support/fake";
import { useOrganizationHost } from "../../support/organizationHost";

/**
 * The first law for numbers, through Pulumi's dynamic-provider host against the local API: Cloudflare answers a
 * field the package does not know with a number a double cannot hold (the red team's `"x_seat_id":
 * 9223372036854775807`, once written back as 9223372036854776000), and every write — adoption, update, clear,
 * restore — carries it exactly as answered, at any depth. The local API keeps such numbers as their text, so what it
 * records and stores is what went over the wire.
 */
const fake = useFakeCloudflare();
const org = useOrganizationHost(fake);

/** The numbers as Cloudflare's answer spells them: at the top, in a list, and inside a modelled object. */
const UNKNOWN_TEXT = '{"x_seat_id":9223372036854775807,"x_weights":[0.10000000000000000000001],"mfa_config":{"x_floor":-9223372036854775808}}';
const KEPT = ['"x_seat_id":9223372036854775807', '"x_weights":[0.10000000000000000000001]', '"x_floor":-9223372036854775808'];
const document = documentWith({ x_seat_id: { type: "integer" }, x_weights: { type: "array", items: { type: "number" } }, "mfa_config.x_floor": { type: "integer" } });

/** What of `KEPT` a JSON value lacks, as sent or stored (empty: every number exactly as answered). */
const lost = (value: unknown) => KEPT.filter((text) => !JSON.stringify(value).includes(text));
const bodies = () => fake().requests.filter((r) => r.method !== "GET").map((r) => r.body);

it("adopt, update, clear and restore write an unknown field's number back exactly as Cloudflare answered it", async () => {
  fake().configure({ document });
  const unknown = parseExact(UNKNOWN_TEXT) as { mfa_config: Record<string, unknown> };
  fake().seedOrganization(
    "accounts",
    ACCOUNT,
    handMadeOrganization({ ...unknown, mfa_config: { allowed_authenticators: ["totp"], session_duration: "8h", ...unknown.mfa_config } }),
  );
  expect(lost(fake().organization("accounts", ACCOUNT))).toEqual([]); // the local API holds the numbers exactly

  let stack = await org().up({ accountId: ACCOUNT, sessionDuration: "24h", restoreOnDelete: true });
  stack = await org().up({ accountId: ACCOUNT, sessionDuration: "6h", restoreOnDelete: true }, stack);
  stack = await org().up({ accountId: ACCOUNT, sessionDuration: "6h", clear: ["mfaConfig"], restoreOnDelete: true }, stack);
  await org().destroy(stack);

  const written = bodies();
  expect(written).toHaveLength(4); // adopt, update, clear, restore
  expect(written.map(lost)).toEqual([[], [], [], []]);
  expect(JSON.stringify((written[2] as { mfa_config: unknown }).mfa_config)).toBe('{"x_floor":-9223372036854775808}');
  expect(lost(fake().organization("accounts", ACCOUNT))).toEqual([]);
  // nothing of them reaches the stack's outputs: they are not the package's
  expect(JSON.stringify(stack.outputs)).not.toMatch(/x_seat_id|x_weights|x_floor|xSeatId/);
});
