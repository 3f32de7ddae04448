import type Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import { ZeroTrustError } from "../model/errors";
import { isRawJson } from "../model/json";
import { nodeAt, OPENAPI_DOCUMENT, resolveSchema } from "../model/spec";

export { OPENAPI_DOCUMENT };

type Json = Record<string, unknown>;
export type Method = "get" | "post" | "put";

export interface Operation {
  readonly template: string;
  readonly method: Method;
  readonly operationId: string;
  /** Path parameters from matching a concrete path against the template. */
  readonly params: Record<string, string>;
}

/**
 * Validates what the fake receives (and, in its own tests, what it sends) against the official OpenAPI document.
 * On top of the schema it applies what OpenAPI says in prose: read-only properties are never sent, and a body may
 * carry only properties the API documents for that object.
 */
export class OpenApiValidator {
  private readonly doc: Json;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: Readonly<Record<string, unknown>> = OPENAPI_DOCUMENT) {
    this.doc = structuredClone(doc) as Json;
    const { Ajv, addFormats } = loadAjv();
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc, "openapi");
  }

  /** The documented operation for a method and concrete path, if there is one. */
  match(method: string, urlPath: string): Operation | undefined {
    const lower = method.toLowerCase() as Method;
    for (const [template, item] of Object.entries(this.doc.paths as Record<string, Json>)) {
      const names: string[] = [];
      const pattern = new RegExp(
        "^" + template.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), "([^/]+)")) + "$",
      );
      const found = pattern.exec(urlPath);
      const op = item[lower] as Json | undefined;
      if (found && op) {
        const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1]!)]));
        return { template, method: lower, operationId: String(op.operationId), params };
      }
    }
    return undefined;
  }

  /** Problems with a request body, as readable strings; empty when it is valid. */
  validateRequest(op: Operation, body: unknown): string[] {
    const pointer = ["paths", op.template, op.method, "requestBody", "content", "application/json", "schema"];
    const requestBody = this.at(["paths", op.template, op.method, "requestBody"]) as Json | undefined;
    if (!requestBody) return body === undefined ? [] : ["this operation takes no body"];
    if (body === undefined) return requestBody.required ? ["a body is required"] : [];
    const problems = this.validate(pointer, body);
    problems.push(...this.undocumentedProperties(op, this.resolve(this.at(pointer) as Json), body, ""));
    return problems;
  }

  /** Problems with a response body for a status (2XX/4XX ranges included). */
  validateResponse(op: Operation, status: number, body: unknown): string[] {
    const responses = this.at(["paths", op.template, op.method, "responses"]) as Json;
    const key = String(status) in responses ? String(status) : `${String(status)[0]}XX`;
    if (!(key in responses)) return [`status ${status} is not documented for ${op.operationId}`];
    return this.validate(["paths", op.template, op.method, "responses", key, "content", "application/json", "schema"], body);
  }

  private validate(pointer: string[], json: unknown): string[] {
    const value = asNumbers(json);
    const ref = "openapi#/" + pointer.map((p) => encodeURIComponent(p.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");
    let fn = this.compiled.get(ref);
    if (!fn) {
      fn = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, fn);
    }
    if (fn(value)) return [];
    return (fn.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message ?? "is invalid"}`);
  }

  /**
   * Properties the API does not document for this operation's body, and read-only ones: each operation has its own
   * body (the account POST has no `custom_pages`, its PUT has). One exception, at the top level of a PUT: a
   * property the GET answer documents (the zone PUT omits the deny-unmatched pair its GET returns, and the package
   * manages that pair at zone scope). Deliberately stricter than Cloudflare, which is not known to refuse an
   * undocumented property (it may ignore it): a client that relies on one being applied is caught here.
   */
  private undocumentedProperties(op: Operation, schema: Json, body: unknown, at: string): string[] {
    if (typeof body !== "object" || body === null || Array.isArray(body) || !schema.properties) return [];
    const props = schema.properties as Record<string, Json>;
    const answered = at === "" && op.method === "put" ? this.resultProperties(op.template) : {};
    const problems: string[] = [];
    for (const [key, value] of Object.entries(body)) {
      const documented = props[key] ?? answered[key];
      const resolved = documented && this.resolve(documented);
      if (!resolved) problems.push(`${at}/${key} is not a documented property`);
      else if (resolved.readOnly || documented?.readOnly) problems.push(`${at}/${key} is read-only and must not be sent`);
      else problems.push(...this.undocumentedProperties(op, resolved, value, `${at}/${key}`));
    }
    return problems;
  }

  private resultProperties(template: string): Record<string, Json> {
    const get = this.at(["paths", template, "get", "responses", "200", "content", "application/json", "schema"]);
    if (!get) return {};
    const envelope = this.resolve(get as Json);
    const result = (envelope.properties as Record<string, Json> | undefined)?.result;
    return result ? ((this.resolve(result).properties as Record<string, Json>) ?? {}) : {};
  }

  private resolve(node: Json): Json {
    return resolveSchema(this.doc, node);
  }

  private at(pointer: string[]): unknown {
    return nodeAt(this.doc, pointer);
  }
}

/**
 * Ajv is needed only by the local API (an optional peer dependency), so that installing the package for its resources
 * does not pull in a JSON-schema validator; a test that starts the local API without it gets this message.
 */
function loadAjv(): { Ajv: typeof Ajv; addFormats: typeof import("ajv-formats").default } {
  try {
    return { Ajv: require("ajv").default, addFormats: require("ajv-formats").default };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    throw new ZeroTrustError(
      "missing_dependency",
      "pulumi-cloudflare-zero-trust/testing checks every request against the OpenAPI document with ajv: npm install --save-dev ajv ajv-formats",
    );
  }
}

/**
 * The value with each number kept as its text (model/json.ts) as the number a double makes of it: the schema
 * checks its type and bounds, which the double keeps (a number beyond a double's precision is still an integer).
 */
function asNumbers(value: unknown): unknown {
  if (isRawJson(value)) return JSON.parse(value.rawJSON) as number;
  if (Array.isArray(value)) return value.map(asNumbers);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asNumbers(item)]));
}
