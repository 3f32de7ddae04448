import * as pulumi from "@pulumi/pulumi";
import {
  CloudflareConfigurationError,
  environmentSource,
  resolveSettings,
  sharedClient,
  type CloudflareClient,
  type SettingsSource,
} from "../client";
import { readPackageConfig, type ConfigValue } from "./config";
import { redact } from "./redaction";

/**
 * What a provider method needs at call time: credentials and settings from Pulumi config (given to `configure`) or
 * the environment, and the process's shared client. Nothing here is ever serialized into state.
 */
let pulumiConfig: SettingsSource = { origin: "pulumi config", values: {} };
/** `cloudflare-zero-trust:previewRead`, kept apart from the client's settings: it decides whether a preview may call the API. */
let previewReadConfig: ConfigValue | undefined;

/** Called by the engine (through the serialized provider) with the stack's config before any other call. */
export function configure(req: pulumi.dynamic.ConfigureRequest): void {
  const config = readPackageConfig((key) => req.config.get(key));
  pulumiConfig = config.settings;
  previewReadConfig = config.previewRead;
}

/**
 * Whether a preview may read Cloudflare (the adoption plan of a new resource, and the credential check): on unless
 * `cloudflare-zero-trust:previewRead` (or else CLOUDFLARE_PREVIEW_READ) is `false`, for previews that run offline.
 * `config`: the key's value where the stack's config is not given to `configure` (a program's own process).
 */
export function previewReadEnabled(config = previewReadConfig): boolean {
  const { key, value } = config ?? { key: "CLOUDFLARE_PREVIEW_READ", value: process.env.CLOUDFLARE_PREVIEW_READ?.trim() || "true" };
  const flag = value.toLowerCase();
  if (flag !== "true" && flag !== "false") throw new CloudflareConfigurationError(`${key} must be true or false (got ${JSON.stringify(value)})`);
  return flag === "true";
}

/**
 * The shared client for a resource's credential: the token in the environment variable the resource names
 * (`apiTokenEnvVar`, for one token per account), else Pulumi config, else the CLOUDFLARE_* environment.
 */
export function apiClient(resource: { apiTokenEnvVar?: unknown } = {}): CloudflareClient {
  const sources: SettingsSource[] = [pulumiConfig, environmentSource()];
  if (typeof resource.apiTokenEnvVar === "string") {
    const token = process.env[resource.apiTokenEnvVar]?.trim();
    if (!token) {
      throw new CloudflareConfigurationError(
        `apiTokenEnvVar names ${resource.apiTokenEnvVar}, which is not set in the environment of this Pulumi run`,
      );
    }
    sources.unshift({ origin: "options", values: { apiToken: token } });
  }
  return sharedClient(resolveSettings(...sources), (event) => log.info(event.message));
}

/**
 * The one printer of the provider process. The provider host has no engine connection, so pulumi.log falls back to
 * the console there; the CLI passes a dynamic provider's console output through to the user (pulumi/pulumi#18253,
 * since 3.146). Every line is cleared of the secret values seen in this process (see secrets.ts).
 */
export const log = {
  info: (message: string) => pulumi.log.info(redact(message)),
  warn: (message: string) => pulumi.log.warn(redact(message)),
};
