import { CloudflareConfigurationError } from "../../provider/client/errors";
import { DEFAULT_BASE_URL, DEFAULTS, environmentSource, resolveSettings, type SettingsSource } from "../../provider/client/settings";

const env = (vars: Record<string, string>) => environmentSource(vars);
/** A source that names its keys, as Pulumi config's does (provider/resources/config.ts). */
const config = (values: SettingsSource["values"]): SettingsSource => ({
  origin: "pulumi config",
  values,
  labels: { rps: "ns:rps", rateReserve: "ns:rateReserve" },
});

describe("resolveSettings", () => {
  it("reads the Terraform provider's variable names, with safe defaults", () => {
    const s = resolveSettings(env({ CLOUDFLARE_API_TOKEN: "tok-123456" }));
    expect(s).toEqual({
      baseUrl: DEFAULT_BASE_URL,
      credentials: { kind: "token", token: "tok-123456" },
      rps: undefined,
      burst: 2,
      rateReserve: 0.1,
      retries: 4,
      minBackoffMs: 1000,
      maxBackoffMs: 30000,
      attemptTimeoutMs: 30000,
      deadlineMs: DEFAULTS.deadlineMs,
    });
    // pacing without Cloudflare's budget headers stays well inside 1,200 requests per 5 minutes
    expect(DEFAULTS.burst + DEFAULTS.fallbackRps * 300).toBeLessThan(1200);
  });

  it("reads every tunable", () => {
    const s = resolveSettings(
      env({
        CLOUDFLARE_EMAIL: "ops@example.com", CLOUDFLARE_API_KEY: "k".repeat(37), CLOUDFLARE_BASE_URL: "http://127.0.0.1:8080/client/v4/",
        CLOUDFLARE_RPS: "1.5", CLOUDFLARE_RATE_RESERVE: "25%", CLOUDFLARE_RETRIES: "2", CLOUDFLARE_MIN_BACKOFF: "0.5", CLOUDFLARE_MAX_BACKOFF: "10", CLOUDFLARE_TIMEOUT: "5",
      }),
    );
    expect(s).toMatchObject({
      credentials: { kind: "globalKey", email: "ops@example.com", key: "k".repeat(37) },
      baseUrl: "http://127.0.0.1:8080/client/v4",
      rps: 1.5, rateReserve: 0.25, retries: 2, minBackoffMs: 500, maxBackoffMs: 10000, attemptTimeoutMs: 5000,
    });
  });

  it("takes the credential whole from the first source that has one", () => {
    const s = resolveSettings(config({ apiToken: "from-config" }), env({ CLOUDFLARE_EMAIL: "a@b.c", CLOUDFLARE_API_KEY: "envkey", CLOUDFLARE_RPS: "2" }));
    expect(s.credentials).toEqual({ kind: "token", token: "from-config" });
    expect(s.rps).toBe(2);
  });

  it("reads the rate reserve as a share or a percentage", () => {
    const reserve = (value: string) => resolveSettings(config({ apiToken: "t", rateReserve: value })).rateReserve;
    expect([reserve("0"), reserve("0.05"), reserve("5%"), reserve("50%")]).toEqual([0, 0.05, 0.05, 0.5]);
  });

  it.each([
    [[env({})], /No Cloudflare credential found/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_API_KEY: "k" })], /Both CLOUDFLARE_API_TOKEN and CLOUDFLARE_API_KEY are set in the environment/],
    [[env({ CLOUDFLARE_EMAIL: "a@b.c" })], /CLOUDFLARE_EMAIL is set in the environment without CLOUDFLARE_API_KEY/],
    [[config({ apiToken: "t", rps: "fast" })], /ns:rps must be a number above 0 \(got "fast"\)/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_RPS: "0" })], /CLOUDFLARE_RPS must be a number above 0/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_RETRIES: "2.5" })], /CLOUDFLARE_RETRIES must be a whole number/],
    [[config({ apiToken: "t", rateReserve: "100%" })], /ns:rateReserve must be a share of the quota from 0 to below 1, such as 0.1 or 10% \(got "100%"\)/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_RATE_RESERVE: "-0.1" })], /CLOUDFLARE_RATE_RESERVE must be a share/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_RATE_RESERVE: "%" })], /CLOUDFLARE_RATE_RESERVE must be a share/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_MIN_BACKOFF: "5", CLOUDFLARE_MAX_BACKOFF: "1" })], /maximum backoff \(1s\) is below the minimum backoff \(5s\)/],
    // settings that could never be honoured: a wait longer than any wait may take, an attempt longer than its operation
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_RPS: "1e-9" })], /^CLOUDFLARE_RPS is 1e-9: one request every 1\.0e\+9s, but no request may wait longer than 360s; set at least 0\.0028 \(or leave it unset to follow Cloudflare's budget\)$/],
    [[config({ apiToken: "t", rps: "0.001" })], /^ns:rps is 0\.001: one request every 1000s, but no request may wait longer than 360s/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_MAX_BACKOFF: "3600" })], /^CLOUDFLARE_MAX_BACKOFF is 3600s, longer than any wait may take \(360s\)$/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_MIN_BACKOFF: "400", CLOUDFLARE_MAX_BACKOFF: "400" })], /^CLOUDFLARE_MIN_BACKOFF is 400s, longer than any wait may take \(360s\)$/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_TIMEOUT: "900" })], /^CLOUDFLARE_TIMEOUT is 900s, longer than an operation may take, retries included \(600s\)$/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_BASE_URL: "http://api.example.com/client/v4" })], /CLOUDFLARE_BASE_URL must use https/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_BASE_URL: "http://10.0.0.1/client/v4" })], /must use https \(plain http is allowed only to a loopback host/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_BASE_URL: "https://u:p@api.example.com" })], /must not carry credentials/],
    [[env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_BASE_URL: "not a url" })], /CLOUDFLARE_BASE_URL is not a valid URL/],
  ])("refuses %#", (sources, message) => {
    expect(() => resolveSettings(...sources)).toThrow(CloudflareConfigurationError);
    expect(() => resolveSettings(...sources)).toThrow(message);
  });

  it("accepts the slowest rate, backoffs and timeout that can still be honoured", () => {
    const s = resolveSettings(env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_RPS: String(1 / 360), CLOUDFLARE_MIN_BACKOFF: "360", CLOUDFLARE_MAX_BACKOFF: "360", CLOUDFLARE_TIMEOUT: "600" }));
    expect(s).toMatchObject({ rps: 1 / 360, minBackoffMs: 360_000, maxBackoffMs: 360_000, attemptTimeoutMs: 600_000 });
  });

  it("allows plain http to loopback only", () => {
    for (const url of ["http://localhost:1/x", "http://127.0.0.1/x", "http://127.1.2.3/x", "http://[::1]:8/x", "https://api.example.com/x"]) {
      expect(resolveSettings(env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_BASE_URL: url })).baseUrl).toBe(url);
    }
  });

  it("never puts a credential in an error message", () => {
    const secret = "super-secret-token-value";
    for (const sources of [
      [env({ CLOUDFLARE_API_TOKEN: secret, CLOUDFLARE_API_KEY: secret })],
      [env({ CLOUDFLARE_API_TOKEN: secret, CLOUDFLARE_BASE_URL: "http://example.com" })],
      [env({ CLOUDFLARE_API_KEY: secret })],
    ]) {
      expect(() => resolveSettings(...sources)).toThrow();
      try {
        resolveSettings(...sources);
      } catch (error) {
        expect(String(error)).not.toContain(secret);
      }
    }
  });
});
