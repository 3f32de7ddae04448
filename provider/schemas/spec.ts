import document from "./cloudflare-access-organizations.openapi.json";

/**
 * The official OpenAPI excerpt of these endpoints (a copy of the team's shared reference; its README says where it
 * came from). The package takes from it which organization fields each operation accepts and which are read-only,
 * so a field Cloudflare documents tomorrow needs a new excerpt, not a new hand-kept list. The local API validates
 * every request against the same document.
 */
export const OPENAPI_DOCUMENT: Readonly<Record<string, unknown>> = document;

type Json = Record<string, unknown>;
type ScopeKind = "accounts" | "zones";

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

/** The properties of an operation's JSON request body, or of its 2xx answer's `result`. */
function properties(template: string, method: string, part: "request" | "result"): Record<string, Json> {
  const pointer =
    part === "request"
      ? ["paths", template, method, "requestBody", "content", "application/json", "schema"]
      : ["paths", template, method, "responses", method === "post" ? "201" : "200", "content", "application/json", "schema"];
  const node = nodeAt(OPENAPI_DOCUMENT, pointer) as Json | undefined;
  if (!node) return {};
  const schema = resolveSchema(OPENAPI_DOCUMENT, node);
  const target = part === "request" ? schema : (schema.properties as Record<string, Json> | undefined)?.result;
  return ((target && resolveSchema(OPENAPI_DOCUMENT, target).properties) ?? {}) as Record<string, Json>;
}

/** What the excerpt says about one scope's organization object, in wire names. */
export interface OrganizationFieldSets {
  /** What a create (POST) accepts. */
  readonly created: ReadonlySet<string>;
  /** Answered, never sent: marked `readOnly`, or in an answer but in no request body of either scope. */
  readonly readOnly: ReadonlySet<string>;
  /** Fields the other scope's writes have and this scope's object does not: never sent from this scope. */
  readonly foreign: ReadonlySet<string>;
}

const TEMPLATES: Record<ScopeKind, string> = {
  accounts: "/accounts/{account_id}/access/organizations",
  zones: "/zones/{zone_id}/access/organizations",
};

function fieldSets(scope: ScopeKind): OrganizationFieldSets {
  const template = TEMPLATES[scope];
  const writable = (kind: ScopeKind) =>
    new Set([...Object.keys(properties(TEMPLATES[kind], "put", "request")), ...Object.keys(properties(TEMPLATES[kind], "post", "request"))]);
  const everyWrite = new Set([...writable("accounts"), ...writable("zones")]);
  const answered = properties(template, "get", "result");
  const readOnly = Object.entries(answered)
    .filter(([key, schema]) => schema.readOnly === true || resolveSchema(OPENAPI_DOCUMENT, schema).readOnly === true || !everyWrite.has(key))
    .map(([key]) => key);
  // A field this scope answers is its own (the zone GET answers the deny-unmatched pair its PUT does not list).
  const own = new Set([...writable(scope), ...Object.keys(answered)]);
  const other = writable(scope === "accounts" ? "zones" : "accounts");
  return {
    created: new Set(Object.keys(properties(template, "post", "request"))),
    readOnly: new Set(readOnly),
    foreign: new Set([...other].filter((key) => !own.has(key))),
  };
}

export const DOCUMENTED_FIELDS: Readonly<Record<ScopeKind, OrganizationFieldSets>> = {
  accounts: fieldSets("accounts"),
  zones: fieldSets("zones"),
};
