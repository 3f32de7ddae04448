import { createHash } from "node:crypto";
import { CloudflareClient, type ClientEvent } from "./client";
import { CloudflareConfigurationError } from "./errors";
import type { Pacer } from "./pacer";
import { budgetFor, perIpGuard, type RateBudget } from "./rateBudget";
import type { ClientSettings, Credentials } from "./settings";

/**
 * One client per settings and one rate budget per API and credential, per process. In a Pulumi run every dynamic
 * resource is served by one provider host process, so this is what makes a hundred resources on one token share one
 * budget. Keys are hashes: the credential itself is never kept anywhere but in the client that uses it.
 */
const clients = new Map<string, CloudflareClient>();
const budgets = new Map<string, { readonly budget: RateBudget; readonly terms: string }>();
/** One per-IP guard per API origin, whatever the credential. */
const guards = new Map<string, Pacer>();

export function sharedClient(settings: ClientSettings, onEvent?: (event: ClientEvent) => void): CloudflareClient {
  const credential = fingerprint(settings.baseUrl, settings.credentials);
  const key = fingerprint(credential, JSON.stringify({ ...settings, credentials: undefined }));
  let client = clients.get(key);
  if (!client) {
    client = new CloudflareClient(settings, { budget: sharedBudget(credential, settings), onEvent });
    clients.set(key, client);
  }
  return client;
}

/** The credential's budget; a caller asking for other terms is refused rather than silently given the first ones. */
function sharedBudget(credential: string, settings: ClientSettings): RateBudget {
  const terms = `${settings.rps === undefined ? "no rps cap" : `rps ${settings.rps}`}, rate reserve ${settings.rateReserve * 100}%`;
  const existing = budgets.get(credential);
  if (existing && existing.terms !== terms) {
    throw new CloudflareConfigurationError(
      `This credential already has a rate budget for ${settings.baseUrl} in this process (${existing.terms}); ` +
        `another caller asked for ${terms}. One credential has one budget: give every caller the same rps and rate reserve`,
    );
  }
  if (existing) return existing.budget;
  const origin = new URL(settings.baseUrl).origin;
  let guard = guards.get(origin);
  if (!guard) guards.set(origin, (guard = perIpGuard()));
  const budget = budgetFor(settings, guard);
  budgets.set(credential, { budget, terms });
  return budget;
}

function fingerprint(...parts: (string | Credentials)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(typeof part === "string" ? part : JSON.stringify(part)).update("\0");
  return hash.digest("hex");
}

/** Forgets every shared client (tests). */
export function resetSharedClients(): void {
  for (const map of [clients, budgets, guards]) map.clear();
}
