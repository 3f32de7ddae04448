import document from "./cloudflare-access-organizations.openapi.json";
import { isPlainObject } from "./naming";

/**
 * The official OpenAPI excerpt of these endpoints (a copy of the team's shared reference; its README says where it
 * came from). The package takes from it which organization and DoH fields each operation accepts and which are read-only,
 * so a field Cloudflare documents tomorrow needs a new excerpt, not a new hand-kept list. The local API validates
 * every request against the same document.
 */
export const OPENAPI_DOCUMENT: Readonly<Record<string, unknown>> = document;

type Json = Record<string, unknown>;

/** The node at a JSON pointer given as segments (`["paths", "/accounts/…", "get"]`). */
export function nodeAt(doc: Readonly<Json>, pointer: readonly string[]): unknown {
  let node: unknown = doc;
  for (const key of pointer) node = (node as Json | undefined)?.[key];
  return node;
}

/** Follows `$ref`s (keeping a `readOnly` set beside one), and merges the members of an `allOf` into one object schema. */
export function resolveSchema(doc: Readonly<Json>, node: Json): Json {
  let current = node;
  while (typeof current.$ref === "string") {
    const pointer = current.$ref.replace(/^#\//, "").split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const merged = { ...(nodeAt(doc, pointer) as Json) };
    if (current.readOnly) merged.readOnly = true;
    current = merged;
  }
  if (!Array.isArray(current.allOf)) return current;
  const parts = (current.allOf as Json[]).map((part) => resolveSchema(doc, part));
  const properties = Object.assign({}, ...parts.map((part) => part.properties ?? {}), current.properties ?? {});
  return { ...current, properties };
}

/** The schema of a write's JSON request body. The excerpt documents every operation read here. */
function requestSchema(template: string, method: WriteMethod): Json {
  return resolveSchema(OPENAPI_DOCUMENT, nodeAt(OPENAPI_DOCUMENT, ["paths", template, method, "requestBody", "content", "application/json", "schema"]) as Json);
}

/** The schema of a read's `result` (its 200 answer). */
function readSchema(template: string): Json {
  const answer = resolveSchema(OPENAPI_DOCUMENT, nodeAt(OPENAPI_DOCUMENT, ["paths", template, "get", "responses", "200", "content", "application/json", "schema"]) as Json);
  return resolveSchema(OPENAPI_DOCUMENT, (answer.properties as Record<string, Json>).result!);
}

/** The fields an object documents, in wire names, each with the fields its own value documents (none for a scalar). */
export interface FieldTree {
  readonly [wire: string]: FieldTree;
}

/**
 * A schema's fields at every depth; `withReadOnly` false leaves out what the document marks read-only (beside a
 * `$ref` or in the schema it names: `resolveSchema` keeps either).
 */
function fieldTree(schema: Json, withReadOnly: boolean): FieldTree {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const tree: Record<string, FieldTree> = {};
  for (const [key, node] of Object.entries(properties)) {
    const resolved = resolveSchema(OPENAPI_DOCUMENT, node);
    if (!withReadOnly && resolved.readOnly === true) continue;
    tree[key] = fieldTree(resolved, withReadOnly);
  }
  return tree;
}

/** Two trees as one: every field of either, with the members of both. */
function union(...trees: readonly FieldTree[]): FieldTree {
  const out: Record<string, FieldTree> = {};
  for (const tree of trees) for (const [key, members] of Object.entries(tree)) out[key] = union(out[key] ?? {}, members);
  return out;
}

/** The endpoints whose PUT replaces the whole object: each scope's organization, and the account's DoH settings. */
export type Endpoint = "accounts" | "zones" | "doh";
export type WriteMethod = "post" | "put";

interface EndpointSpec {
  readonly template: string;
  /** Endpoints of one family share what a field name means: a field either organization scope documents is known to both. */
  readonly family: "organization" | "doh";
  /** Whether a PUT also carries what the read answers and does not mark read-only (see `writeTree`). */
  readonly putCarriesRead: boolean;
  /** The writes the endpoint has (the DoH settings exist with the account: no create). */
  readonly methods: readonly WriteMethod[];
}

const ENDPOINTS: Readonly<Record<Endpoint, EndpointSpec>> = {
  accounts: { template: "/accounts/{account_id}/access/organizations", family: "organization", putCarriesRead: true, methods: ["post", "put"] },
  zones: { template: "/zones/{zone_id}/access/organizations", family: "organization", putCarriesRead: true, methods: ["post", "put"] },
  // the DoH read describes the service token (`id`, `name`, `client_id`, `expires_at`…), which its PUT names by `service_token_id`
  doh: { template: "/accounts/{account_id}/access/organizations/doh", family: "doh", putCarriesRead: false, methods: ["put"] },
};

const ALL = Object.keys(ENDPOINTS) as Endpoint[];

const answered = (endpoint: Endpoint, withReadOnly: boolean) => fieldTree(readSchema(ENDPOINTS[endpoint].template), withReadOnly);
const requested = (endpoint: Endpoint, method: WriteMethod, withReadOnly: boolean) => fieldTree(requestSchema(ENDPOINTS[endpoint].template, method), withReadOnly);

/**
 * What one write carries: the fields its request body documents. An organization PUT also carries the fields its
 * scope's read answers and does not mark read-only: the zone PUT omits the deny-unmatched pair its GET returns, and a
 * PUT that left it out would clear it (the local API's validator applies the same reading).
 */
function writeTree(endpoint: Endpoint, method: WriteMethod): FieldTree {
  const body = requested(endpoint, method, false);
  return method === "put" && ENDPOINTS[endpoint].putCarriesRead ? union(answered(endpoint, false), body) : body;
}

/** Every field the excerpt documents for a family's endpoints (any endpoint, any operation, read-only ones too). */
function knownOf(family: EndpointSpec["family"]): FieldTree {
  const endpoints = ALL.filter((endpoint) => ENDPOINTS[endpoint].family === family);
  return union(...endpoints.flatMap((endpoint) => [answered(endpoint, true), ...ENDPOINTS[endpoint].methods.map((method) => requested(endpoint, method, true))]));
}

const KNOWN: Readonly<Record<EndpointSpec["family"], FieldTree>> = { organization: knownOf("organization"), doh: knownOf("doh") };

const WRITES = Object.fromEntries(
  ALL.map((endpoint) => [endpoint, Object.fromEntries(ENDPOINTS[endpoint].methods.map((method) => [method, writeTree(endpoint, method)]))]),
) as Readonly<Record<Endpoint, Readonly<Partial<Record<WriteMethod, FieldTree>>>>>;

/**
 * The body one write sends, from the object it is built on (the read made right before it): a field goes out if that
 * operation documents it, or if the excerpt documents it nowhere for the endpoint's family (a field Cloudflare added
 * since, kept exactly as read). A field documented elsewhere only — read-only ones such as `trusted_accounts` and the
 * timestamps, the other scope's, what a create does not take, the DoH read's service token details — is never sent,
 * whichever read answered it. The same rule at every depth, for every endpoint.
 */
export function bodyFor(endpoint: Endpoint, method: WriteMethod, object: Readonly<Json>): Json {
  const writable = WRITES[endpoint][method];
  if (!writable) throw new Error(`the ${endpoint} endpoint has no ${method.toUpperCase()}`);
  return filtered(object, writable, KNOWN[ENDPOINTS[endpoint].family]);
}

function filtered(value: Readonly<Json>, writable: FieldTree, known: FieldTree): Json {
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const members = writable[key];
    if (members) out[key] = isPlainObject(item) && Object.keys(members).length ? filtered(item, members, known[key] ?? {}) : item;
    else if (!known[key]) out[key] = item;
  }
  return out;
}

/** Fields an organization read answers that no organization write documents (`trusted_accounts`, the timestamps). */
export const READ_ONLY_FIELDS: ReadonlySet<string> = new Set(
  Object.keys(KNOWN.organization).filter((key) => !(["accounts", "zones"] as const).some((scope) => Object.values(WRITES[scope]).some((tree) => tree[key]))),
);
