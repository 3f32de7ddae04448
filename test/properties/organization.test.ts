import { runs } from "../support/seed";
import fc from "fast-check";
import { CloudflareConfigurationError } from "../../provider/client";
import { organizationProvider } from "../../provider/resources/organization/provider";
import { ORGANIZATION_NAMES, validateOrganizationArgs } from "../../provider/model/organization";
import { ACCOUNT, handMadeOrganization, ZONE } from "../support/client";
import { fakeClient } from "../support/client";
import { useFakeCloudflare } from "../support/fake";
import { configureForFake } from "../support/provider";
import { CROSS_FIELD_INVALID, INVALID, anyText, notAnId, validOrganizationSettings, validZoneSettings } from "./arbitraries";
import { withoutPreviewRead } from "../support/provider";

const fake = useFakeCloudflare();
beforeEach(() => configureForFake(fake()));

withoutPreviewRead();

describe("properties of organization arguments", () => {
  it("every valid input passes check, and goes to the wire format and back unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(validOrganizationSettings, async (settings) => {
        const args = { accountId: ACCOUNT, ...settings };
        const result = validateOrganizationArgs(args);
        expect(result).toEqual({ ok: true, value: args });
        expect(ORGANIZATION_NAMES.fromWire(ORGANIZATION_NAMES.toWire(args))).toEqual(args);
        expect((await organizationProvider.check!({}, args)).failures).toBeUndefined();
      }),
      { numRuns: runs(300) },
    );
    expect(fake().requests).toEqual([]);
  });

  it("every valid zone input passes check", async () => {
    await fc.assert(
      fc.asyncProperty(validZoneSettings, async (settings) => {
        const args = { zoneId: ZONE, ...settings };
        expect((await organizationProvider.check!({}, args)).failures).toBeUndefined();
      }),
      { numRuns: runs(100) },
    );
  });

  it.each(CROSS_FIELD_INVALID)("every input with %s fails check with exactly the rule's failures", async (_, arbitrary) => {
    const byProperty = (a: { property: string }, b: { property: string }) => a.property.localeCompare(b.property);
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ args, failures }) => {
        const result = await organizationProvider.check!({}, args);
        expect([...(result.failures ?? [])].sort(byProperty)).toEqual(
          [...failures].sort(byProperty).map(({ property, reason }) => ({ property, reason: typeof reason === "string" ? reason : expect.stringMatching(reason) })),
        );
      }),
      { numRuns: runs(100) },
    );
    expect(fake().requests).toEqual([]);
  });

  it.each(INVALID)("every invalid %s fails check naming the field, before any request", async (field, arbitrary) => {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (invalid) => {
        const args = { accountId: ACCOUNT, ...invalid };
        const { failures } = await organizationProvider.check!({}, args);
        expect(failures?.length).toBeGreaterThan(0);
        expect(failures!.some((f) => f.property === field || f.property.startsWith(`${field}.`))).toBe(true);
      }),
      { numRuns: runs(100) },
    );
    expect(fake().requests).toEqual([]);
  });

  it("any text survives the wire format unchanged (control characters, unicode, very long): sent, stored, read back", async () => {
    const text = anyText.filter((s) => s !== ""); // an empty string means "unset" to Cloudflare
    await fc.assert(
      fc.asyncProperty(text, text, async (footerText, reason) => {
        fake().seedOrganization("accounts", ACCOUNT, handMadeOrganization());
        const args = { accountId: ACCOUNT, loginDesign: { footerText }, isUiReadOnly: true, uiReadOnlyToggleReason: reason };
        const { outs } = await organizationProvider.create((await organizationProvider.check!({}, args)).inputs!);
        expect(fake().organization("accounts", ACCOUNT)).toMatchObject({ login_design: { footer_text: footerText }, ui_read_only_toggle_reason: reason });
        expect(outs).toMatchObject({ loginDesign: { footerText }, uiReadOnlyToggleReason: reason });
        const { props } = await organizationProvider.read!("id", outs);
        expect(props).toMatchObject({ loginDesign: { footerText }, uiReadOnlyToggleReason: reason });
      }),
      { numRuns: runs(50) },
    );
  });
});

describe("hostile ids never reach a URL unescaped", () => {
  it("the client keeps any id inside its own path segment, or refuses it", async () => {
    const client = fakeClient(fake(), { retries: 0 });
    await fc.assert(
      fc.asyncProperty(notAnId, async (id) => {
        const before = fake().requests.length;
        const error = await client.getOrganization({ kind: "accounts", id }).then(() => undefined, (e: Error) => e);
        const sent = fake().requests.slice(before);
        if (error instanceof CloudflareConfigurationError) {
          // refused: only ids that cannot be put in a URL safely
          expect(id === "" || id === "." || id === ".." || /[\ud800-\udfff]/.test(id)).toBe(true);
          expect(sent).toEqual([]);
          return;
        }
        expect(sent).toHaveLength(1);
        const segments = sent[0]!.path.split("/");
        expect(segments).toHaveLength(5);
        expect([segments[1], decodeURIComponent(segments[2]!), segments[3], segments[4]]).toEqual(["accounts", id, "access", "organizations"]);
        expect(sent[0]!.query).toEqual({});
      }),
      { numRuns: runs(200) },
    );
  });
});
