import { createHash } from "node:crypto";
import { CloudflareClient, type ClientEvent } from "./client";
import { RateLimiter } from "./rateLimiter";
import type { ClientSettings, Credentials } from "./settings";

/**
 * One client and one rate limiter per credential, per process. In a Pulumi run every dynamic resource is served by
 * one provider host process, so this is what makes a hundred resources on one token share one budget.
 * Keys are hashes: the credential itself is never kept anywhere but in the client that uses it.
 */
const clients = new Map<string, CloudflareClient>();
const limiters = new Map<string, RateLimiter>();

export function sharedClient(settings: ClientSettings, onEvent?: (event: ClientEvent) => void): CloudflareClient {
  const credential = fingerprint(settings.baseUrl, settings.credentials);
  const key = fingerprint(credential, JSON.stringify({ ...settings, credentials: undefined }));
  let client = clients.get(key);
  if (!client) {
    let limiter = limiters.get(credential);
    if (!limiter) {
      limiter = new RateLimiter(settings.rps, settings.burst);
      limiters.set(credential, limiter);
    }
    client = new CloudflareClient(settings, { limiter, onEvent });
    clients.set(key, client);
  }
  return client;
}

function fingerprint(...parts: (string | Credentials)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(typeof part === "string" ? part : JSON.stringify(part)).update("\0");
  return hash.digest("hex");
}

/** Forgets every shared client (tests). */
export function resetSharedClients(): void {
  clients.clear();
  limiters.clear();
}
