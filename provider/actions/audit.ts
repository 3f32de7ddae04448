import { z } from "zod";
import {
  CloudflareApiError,
  CloudflareNetworkError,
  CloudflareNotFoundError,
  CloudflareResponseError,
  type CloudflareClient,
  type SettingsValues,
} from "../client";
import { clientFor } from "../client/shared";
import {
  baselineForScope,
  CloudflareError,
  deviationsFrom,
  InvalidArgumentsError,
  PRESETS,
  settingsFromWire,
  type Deviation,
  type PlainObject,
  type PresetName,
  type Scope,
  type Validator,
} from "../model";
import { cloudflareId, validator } from "../model/schema";

export type { Deviation };

/** Which organizations to audit, against which baseline. */
export interface AuditArgs {
  /** Account ids (32 hex characters); repeats are audited once. Defaults to none; at least one account or zone is required. */
  accounts?: string[];
  /** Zone ids, for zone-level organizations (the baseline's zone settings only; the presets have none). Defaults to none. */
  zones?: string[];
  /** The baseline: a preset of `HardenedZeroTrustOrganization`, `recommended` or `strict`. Defaults to `recommended`. */
  preset?: PresetName;
  /** Organizations read at once, 1 to 64; the token's rate budget paces them either way. Defaults to 8. */
  concurrency?: number;
  /** Called as each organization is done, in completion order (for progress). Defaults to none. */
  onResult?: (result: AuditResult, progress: { done: number; total: number }) => void;
}

/** Credentials and client settings for one call; whatever is unset comes from the CLOUDFLARE_* environment. */
export type AuditOptions = SettingsValues;

export interface AuditSubject {
  readonly scope: "account" | "zone";
  readonly id: string;
}

/** Why an organization could not be read (never a credential). */
export interface AuditFailure {
  /** The HTTP status Cloudflare answered, or null when there was no answer. */
  readonly httpStatus: number | null;
  /** Cloudflare's error codes. */
  readonly codes: number[];
  readonly message: string;
}

/** One organization's outcome. `missing`: the account or zone has no organization, so no baseline is in force. */
export type AuditResult = AuditSubject &
  (
    | { readonly status: "compliant" | "deviates"; readonly name: string; readonly authDomain: string; readonly deviations: Deviation[] }
    | { readonly status: "missing" }
    | { readonly status: "error"; readonly error: AuditFailure }
  );

const DEFAULT_CONCURRENCY = 8;
const CONCURRENCY = "must be a whole number from 1 to 64";

/** Validates `auditOrganizations` arguments before any request is made. */
export const validateAuditArgs: Validator<AuditArgs> = validator(
  z.strictObject({
    accounts: z.array(cloudflareId()).optional(),
    zones: z.array(cloudflareId()).optional(),
    preset: z.enum(Object.keys(PRESETS) as [PresetName, ...PresetName[]], { error: `must be ${Object.keys(PRESETS).join(" or ")}` }).optional(),
    concurrency: z.number({ error: CONCURRENCY }).int({ error: CONCURRENCY }).min(1, { error: CONCURRENCY }).max(64, { error: CONCURRENCY }).optional(),
    onResult: z.custom<AuditArgs["onResult"]>((value) => typeof value === "function", "must be a function").optional(),
  }),
  (args) => ((args.accounts?.length ?? 0) + (args.zones?.length ?? 0) > 0 ? [] : [{ property: "accounts", reason: "give at least one account or zone id" }]),
);

/**
 * Reads every organization (never writes) and compares it with the preset by meaning; stricter values comply.
 * Resolves to one result per organization, accounts then zones, in the order given (repeats audited once); an
 * organization that is missing or cannot be read is its own result and never stops the others.
 */
export async function auditOrganizations(args: AuditArgs, options: AuditOptions = {}): Promise<AuditResult[]> {
  const checked = validateAuditArgs(args);
  if (!checked.ok) throw new InvalidArgumentsError("auditOrganizations arguments", checked.issues);
  return auditWith(clientFor(options), checked.value);
}

/** The audit itself, for callers that already hold a client and validated arguments. */
export async function auditWith(client: CloudflareClient, args: AuditArgs): Promise<AuditResult[]> {
  const subjects: AuditSubject[] = [
    ...unique(args.accounts).map((id) => ({ scope: "account" as const, id })),
    ...unique(args.zones).map((id) => ({ scope: "zone" as const, id })),
  ];
  const baseline = PRESETS[args.preset ?? "recommended"] as PlainObject;
  let done = 0;
  return mapConcurrently(subjects, args.concurrency ?? DEFAULT_CONCURRENCY, async (subject) => {
    const result = await auditOne(client, subject, baseline);
    args.onResult?.(result, { done: ++done, total: subjects.length });
    return result;
  });
}

async function auditOne(client: CloudflareClient, subject: AuditSubject, baseline: PlainObject): Promise<AuditResult> {
  const scope: Scope = { kind: subject.scope === "account" ? "accounts" : "zones", id: subject.id };
  try {
    const org = await client.getOrganization(scope);
    const deviations = deviationsFrom(baselineForScope(subject.scope, baseline), settingsFromWire(scope, org));
    return {
      ...subject,
      status: deviations.length ? "deviates" : "compliant",
      name: org.name ?? "",
      authDomain: org.auth_domain ?? "",
      deviations,
    };
  } catch (error) {
    if (error instanceof CloudflareNotFoundError) return { ...subject, status: "missing" };
    if (error instanceof CloudflareError) return { ...subject, status: "error", error: failureOf(error) };
    throw error;
  }
}

/** A short reason for a table row: the status and Cloudflare's codes, without the long hints. */
function failureOf(error: CloudflareError): AuditFailure {
  if (error instanceof CloudflareApiError) {
    const details = error.errors.map((e) => `[${e.code}] ${e.message}`).join(", ");
    return { httpStatus: error.status, codes: error.codes, message: `HTTP ${error.status}${details ? ` ${details}` : ""}` };
  }
  if (error instanceof CloudflareNetworkError) {
    return { httpStatus: null, codes: [], message: `no answer (${error.code ?? "network error"})` };
  }
  return { httpStatus: error instanceof CloudflareResponseError ? error.status : null, codes: [], message: error.message };
}

function unique(ids: readonly string[] = []): string[] {
  return [...new Set(ids)];
}

/** `fn` over every item, at most `concurrency` at a time; results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
