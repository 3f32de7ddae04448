import type * as pulumi from "@pulumi/pulumi";
import { configure } from "../../provider/resources/runtime";
import { resetSharedClients } from "../../provider/client";
import { FAKE_TOKEN, type FakeCloudflare } from "../../provider/testing";
import { useFakeCloudflare } from "./fake";

/** Points the in-process provider at the fake, as the engine's Configure call would. */
export function configureForFake(fake: FakeCloudflare, extra: Record<string, string> = {}): void {
  resetSharedClients();
  const config: Record<string, string> = {
    "cloudflare:apiToken": FAKE_TOKEN,
    "cloudflare:baseUrl": fake.baseUrl,
    "cloudflare-zero-trust:rps": "1000",
    // check's adoption read is tested through the host (test/resources/organization/plan.test.ts); here check only validates
    "cloudflare-zero-trust:previewRead": "false",
    ...extra,
  };
  configure({ config: { get: (key: string) => config[key] } } as unknown as pulumi.dynamic.ConfigureRequest);
}

/**
 * For tests of check's validation alone, run in-process without Configure: check makes no API call, and the plan
 * lines check and diff print are captured rather than shown.
 */
export function withoutPreviewRead(): void {
  let captured: ReturnType<typeof captureLogs>;
  beforeAll(() => (process.env.CLOUDFLARE_PREVIEW_READ = "false"));
  afterAll(() => delete process.env.CLOUDFLARE_PREVIEW_READ);
  beforeEach(() => (captured = captureLogs()));
  afterEach(() => captured.restore());
}

/** Captures what the provider logs (pulumi.log falls back to the console outside an engine). */
export function captureLogs(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spies = (["log", "warn", "error"] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.join(" "))),
  );
  return { lines, restore: () => spies.forEach((s) => s.mockRestore()) };
}

/**
 * For tests that call a provider's methods in-process: a fake API the provider is configured for before each test,
 * and the provider's log lines captured.
 */
export function useProviderAgainstFake(): { fake: () => FakeCloudflare; logs: () => string } {
  const fake = useFakeCloudflare();
  let captured: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    configureForFake(fake());
    captured = captureLogs();
  });
  afterEach(() => captured.restore());
  return { fake, logs: () => captured.lines.join("\n") };
}
