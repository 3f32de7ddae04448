import document from "./cloudflare-access-organizations.openapi.json";

/**
 * The official OpenAPI excerpt of these endpoints (a copy of the team's shared reference; its README says where it
 * came from). The package takes from it which organization fields each operation accepts and which are read-only,
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

type ScopeKind = "accounts" | "zones";
export type WriteMethod = "post" | "put";

const TEMPLATES: Record<ScopeKind, string> = {
  accounts: "/accounts/{account_id}/access/organizations",
  zones: "/zones/{zone_id}/access/organizations",
};

const answered = (scope: ScopeKind, withReadOnly: boolean) => fieldTree(readSchema(TEMPLATES[scope]), withReadOnly);

/**
 * What one write carries: the fields its request body documents. A PUT also carries the fields its scope's read
 * answers and does not mark read-only: the zone PUT omits the deny-unmatched pair its GET returns, and a PUT that
 * left it out would clear it (the local API's validator applies the same reading).
 */
function writeTree(scope: ScopeKind, method: WriteMethod): FieldTree {
  const body = fieldTree(requestSchema(TEMPLATES[scope], method), false);
  return method === "put" ? union(answered(scope, false), body) : body;
}

/** Every organization field the excerpt documents anywhere (either scope, any operation, read-only ones too). */
const KNOWN: FieldTree = union(
  ...(["accounts", "zones"] as const).flatMap((scope) => [
    answered(scope, true),
    ...(["post", "put"] as const).map((method) => fieldTree(requestSchema(TEMPLATES[scope], method), true)),
  ]),
);

const WRITES: Readonly<Record<ScopeKind, Readonly<Record<WriteMethod, FieldTree>>>> = {
  accounts: { post: writeTree("accounts", "post"), put: writeTree("accounts", "put") },
  zones: { post: writeTree("zones", "post"), put: writeTree("zones", "put") },
};

/**
 * The body one write sends, from the organization it is built on: a field goes out if that operation documents it,
 * or if the excerpt documents it nowhere (a field Cloudflare added since, kept exactly as read). A field documented
 * elsewhere only — read-only ones such as `trusted_accounts` and the timestamps, the other scope's, what a create
 * does not take — is never sent, whichever scope's read answered it. The same rule at every depth.
 */
export function bodyFor(scope: ScopeKind, method: WriteMethod, organization: Readonly<Json>): Json {
  return filtered(organization, WRITES[scope][method], KNOWN);
}

function filtered(value: Readonly<Json>, writable: FieldTree, known: FieldTree): Json {
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const members = writable[key];
    if (members) out[key] = isObject(item) && Object.keys(members).length ? filtered(item, members, known[key] ?? {}) : item;
    else if (!known[key]) out[key] = item;
  }
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Fields a read answers that no write of either scope documents (`trusted_accounts`, the timestamps). */
export const READ_ONLY_FIELDS: ReadonlySet<string> = new Set(
  Object.keys(KNOWN).filter((key) => !(["accounts", "zones"] as const).some((scope) => (["post", "put"] as const).some((method) => WRITES[scope][method][key]))),
);
