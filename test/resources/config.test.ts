import { resolveSettings } from "../../provider/client/settings";
import { OncePerKey, readPackageConfig } from "../../provider/resources/config";

/** The package's keys in Pulumi config: credentials in the official provider's namespace, its own settings in its own. */
function read(config: Record<string, string>, warnings = new OncePerKey(() => undefined)) {
  return readPackageConfig((key) => config[key], warnings);
}

function recorder() {
  const lines: string[] = [];
  return { lines, warnings: new OncePerKey((line) => void lines.push(line)) };
}

describe("readPackageConfig", () => {
  it("reads the credential keys under cloudflare: and the package's own settings under cloudflare-zero-trust:", () => {
    const { lines, warnings } = recorder();
    const config = read(
      {
        "cloudflare:apiToken": "tok-123456",
        "cloudflare:baseUrl": "http://127.0.0.1:1/client/v4",
        "cloudflare-zero-trust:rps": "7",
        "cloudflare-zero-trust:rateReserve": "20%",
        "cloudflare-zero-trust:previewRead": "false",
        // not the package's keys: the official provider's own, and a credential in the wrong namespace
        "cloudflare:apiUserServiceKey": "ignored",
        "cloudflare-zero-trust:apiKey": "ignored",
      },
      warnings,
    );
    expect(config.settings).toEqual({
      origin: "pulumi config",
      values: { apiToken: "tok-123456", baseUrl: "http://127.0.0.1:1/client/v4", rps: "7", rateReserve: "20%" },
      labels: {
        apiToken: "cloudflare:apiToken",
        baseUrl: "cloudflare:baseUrl",
        rps: "cloudflare-zero-trust:rps",
        rateReserve: "cloudflare-zero-trust:rateReserve",
      },
    });
    expect(config.previewRead).toEqual({ key: "cloudflare-zero-trust:previewRead", value: "false" });
    expect(lines).toEqual([]);
  });

  it("reads a former cloudflare: key of its own settings, with one warning naming the new key", () => {
    const { lines, warnings } = recorder();
    const config = read({ "cloudflare:rps": "5", "cloudflare:rateReserve": "0.3", "cloudflare:previewRead": "false" }, warnings);
    expect(config.settings.values).toEqual({ rps: "5", rateReserve: "0.3" });
    expect(config.previewRead).toEqual({ key: "cloudflare:previewRead", value: "false" });
    expect(lines).toEqual(
      ["rps", "rateReserve", "previewRead"].map(
        (name) =>
          `cloudflare:${name} is deprecated and read for this release only: set cloudflare-zero-trust:${name} instead ` +
          "(the official Pulumi Cloudflare provider refuses cloudflare: keys it does not know)",
      ),
    );
  });

  it("takes the new key when both are set, and says so", () => {
    const { lines, warnings } = recorder();
    const config = read({ "cloudflare:rps": "5", "cloudflare-zero-trust:rps": "9" }, warnings);
    expect(config.settings.values.rps).toBe("9");
    expect(config.settings.labels?.rps).toBe("cloudflare-zero-trust:rps");
    expect(lines).toEqual([
      "cloudflare:rps and cloudflare-zero-trust:rps are both set: cloudflare-zero-trust:rps wins; remove cloudflare:rps " +
        "(the official Pulumi Cloudflare provider refuses cloudflare: keys it does not know)",
    ]);
  });

  it("warns once per key however often the config is read (configure runs once per resource type)", () => {
    const { lines, warnings } = recorder();
    for (let i = 0; i < 3; i++) read({ "cloudflare:rps": "5", "cloudflare:previewRead": "true" }, warnings);
    expect(lines.map((line) => line.split(" ")[0])).toEqual(["cloudflare:rps", "cloudflare:previewRead"]);
  });

  it("names the key a bad value was read from", () => {
    expect(() => resolveSettings(read({ "cloudflare:apiToken": "t", "cloudflare:rps": "fast" }).settings)).toThrow(
      'cloudflare:rps must be a number above 0 (got "fast")',
    );
    expect(() => resolveSettings(read({ "cloudflare:apiToken": "t", "cloudflare-zero-trust:rateReserve": "2" }).settings)).toThrow(
      'cloudflare-zero-trust:rateReserve must be a share of the quota',
    );
    expect(() => resolveSettings(read({ "cloudflare:apiToken": "t", "cloudflare:apiKey": "k" }).settings)).toThrow(
      "Both cloudflare:apiToken and cloudflare:apiKey are set in the pulumi config",
    );
  });
});
