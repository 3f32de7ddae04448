import type { CloudflareClient } from "./client";
import { sharedClient } from "./registry";
import { environmentSource, resolveSettings, type SettingsSource, type SettingsValues } from "./settings";

/**
 * The process's shared client (one rate budget per credential) for a one-off call: settings from `options` first,
 * then from `more` (such as Pulumi config), then from the CLOUDFLARE_* environment.
 */
export function clientFor(options: SettingsValues, ...more: SettingsSource[]): CloudflareClient {
  return sharedClient(resolveSettings({ origin: "options", values: options }, ...more, environmentSource()));
}
