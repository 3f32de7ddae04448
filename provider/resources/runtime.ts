import * as pulumi from "@pulumi/pulumi";
import {
  environmentSource,
  resolveSettings,
  sharedClient,
  type CloudflareClient,
  type SettingsValues,
} from "../client";

/**
 * What a provider method needs at call time: credentials and settings from Pulumi config (given to `configure`) or
 * the environment, and the process's shared client. Nothing here is ever serialized into state.
 */
let pulumiConfig: SettingsValues = {};

/** Called by the engine (through the serialized provider) with the stack's config before any other call. */
export function configure(req: pulumi.dynamic.ConfigureRequest): void {
  const get = (key: string): string | undefined => {
    const value: unknown = req.config.get(`cloudflare:${key}`);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  pulumiConfig = {
    apiToken: get("apiToken"),
    email: get("email"),
    apiKey: get("apiKey"),
    baseUrl: get("baseUrl"),
    rps: get("rps"),
  };
}

/** The shared client for the configured credential: Pulumi config first, then the environment. */
export function apiClient(): CloudflareClient {
  const settings = resolveSettings({ origin: "pulumi config", values: pulumiConfig }, environmentSource());
  return sharedClient(settings, (event) => pulumi.log.info(event.message));
}

export const log = {
  info: (message: string) => pulumi.log.info(message),
  warn: (message: string) => pulumi.log.warn(message),
};
