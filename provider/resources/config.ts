import * as pulumi from "@pulumi/pulumi";
import type { SettingsSource, SettingsValues } from "../client";

/**
 * The package's keys in a stack's Pulumi config.
 *
 * The credential keys are those of the official Pulumi Cloudflare provider, which knows them: a stack that uses both
 * packages sets them once. The package's own settings live in its own namespace, because the official provider's
 * default provider refuses a `cloudflare:` key its schema lacks ("could not validate provider configuration: Invalid
 * or unknown key"). That schema's config keys (pulumi/pulumi-cloudflare v6.17.0, `config.variables` of
 * provider/cmd/pulumi-resource-cloudflare/schema.json, generated into sdk/nodejs/config/vars.ts): apiKey, apiToken,
 * apiUserServiceKey, baseUrl, email, userAgentOperatorSuffix. (v5 had apiBasePath, apiClientLogging, apiHostname,
 * apiKey, apiToken, apiUserServiceKey, email, maxBackoff, minBackoff, retries and rps: an integer its own client
 * used, and no baseUrl.)
 */
const CREDENTIAL_KEYS = {
  apiToken: "cloudflare:apiToken",
  email: "cloudflare:email",
  apiKey: "cloudflare:apiKey",
  baseUrl: "cloudflare:baseUrl",
} as const satisfies Partial<Record<keyof SettingsValues, string>>;

export const OWN_NAMESPACE = "cloudflare-zero-trust";
/** Where the package's own settings were read before they moved to their own namespace; read for one release. */
const FORMER_NAMESPACE = "cloudflare";
const OWN_SETTINGS = ["rps", "rateReserve", "previewRead"] as const;
type OwnSetting = (typeof OWN_SETTINGS)[number];

/** A value found in Pulumi config, and the key it was found under (errors name that key). */
export interface ConfigValue {
  readonly key: string;
  readonly value: string;
}

/** What the package takes from a stack's Pulumi config. */
export interface PackageConfig {
  /** Credentials and rate settings, each labelled with the key it was read from. */
  readonly settings: SettingsSource;
  /** Whether a preview may read Cloudflare, if set. */
  readonly previewRead: ConfigValue | undefined;
}

/** One warning per former key per process: a process serves one Pulumi run, and `configure` runs once per resource type. */
export class OncePerKey {
  private readonly warned = new Set<string>();
  constructor(private readonly say: (message: string) => void) {}

  warn(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.say(message);
  }
}

const processWarnings = new OncePerKey((message) => void pulumi.log.warn(message));

/**
 * Reads the package's keys through `get` (a lookup by full `namespace:key`). A former `cloudflare:` key of the
 * package's own settings is still read, with a warning naming its new key; when both are set, the new key wins.
 */
export function readPackageConfig(get: (key: string) => unknown, warnings: OncePerKey = processWarnings): PackageConfig {
  const values: SettingsValues = {};
  const labels: Partial<Record<keyof SettingsValues, string>> = {};
  const found = (name: keyof typeof CREDENTIAL_KEYS | Exclude<OwnSetting, "previewRead">, setting: ConfigValue | undefined) => {
    if (!setting) return;
    values[name] = setting.value;
    labels[name] = setting.key;
  };
  for (const [name, key] of Object.entries(CREDENTIAL_KEYS) as [keyof typeof CREDENTIAL_KEYS, string][]) {
    const value = textOf(get(key));
    found(name, value === undefined ? undefined : { key, value });
  }
  const own = (name: OwnSetting) => ownSetting(get, name, warnings);
  found("rps", own("rps"));
  found("rateReserve", own("rateReserve"));
  return { settings: { origin: "pulumi config", values, labels }, previewRead: own("previewRead") };
}

/** The new key's value, else the former key's (with a warning); a warning too when both are set. */
function ownSetting(get: (key: string) => unknown, name: OwnSetting, warnings: OncePerKey): ConfigValue | undefined {
  const key = `${OWN_NAMESPACE}:${name}`;
  const formerKey = `${FORMER_NAMESPACE}:${name}`;
  const value = textOf(get(key));
  const former = textOf(get(formerKey));
  if (former !== undefined) {
    const refused = "the official Pulumi Cloudflare provider refuses cloudflare: keys it does not know";
    warnings.warn(
      formerKey,
      value === undefined
        ? `${formerKey} is deprecated and read for this release only: set ${key} instead (${refused})`
        : `${formerKey} and ${key} are both set: ${key} wins; remove ${formerKey} (${refused})`,
    );
  }
  if (value !== undefined) return { key, value };
  return former === undefined ? undefined : { key: formerKey, value: former };
}

/** A config value as text; an empty one is unset. */
function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A lookup by full `namespace:key` in a Pulumi program's own process (the engine hands it the stack's config). */
export function programConfig(key: string): string | undefined {
  return pulumi.runtime.getConfig(key);
}
