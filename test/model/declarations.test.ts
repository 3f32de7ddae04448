import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { environmentSource } from "../../provider/client/settings";
import { OncePerKey, readPackageConfig } from "../../provider/resources/config";
import { REPO_ROOT } from "../support/repo";

/**
 * What users' editors and type checks read: the built declarations. None references zod (so no user needs
 * `esModuleInterop` or `skipLibCheck` for it), and every argument, option and output says what it is, and every
 * argument its default, as the type checker resolves them (through the types mapped from the settings table).
 */
const DIST = path.join(REPO_ROOT, "dist");

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? declarationFiles(file) : entry.name.endsWith(".d.ts") ? [file] : [];
  });
}

const ENTRIES = { ".": "index.d.ts", "./policy": "policy/index.d.ts" };
const program = ts.createProgram(Object.values(ENTRIES).map((entry) => path.join(DIST, entry)), { skipLibCheck: true });
const checker = program.getTypeChecker();

/** An exported type of an entry, by name. */
function exported(entry: string, name: string): ts.Type {
  const module = checker.getSymbolAtLocation(program.getSourceFile(path.join(DIST, entry))!)!;
  let symbol = checker.getExportsOfModule(module).find((s) => s.name === name);
  if (!symbol) throw new Error(`${entry} does not export ${name}`);
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/** Each property of a type with its doc comment, as an editor shows it. */
function docs(type: ts.Type): Record<string, string> {
  return Object.fromEntries(checker.getPropertiesOfType(type).map((p) => [p.name, ts.displayPartsToString(p.getDocumentationComment(checker)).replace(/\s+/g, " ")]));
}

/** Each argument names its default (or that Cloudflare's value is kept, or that it is required). */
const DEFAULT = /Defaults to|Unset: Cloudflare's value is kept|left unset keeps Cloudflare's value|Required|Exactly one of/;

const ARGUMENTS: Record<string, string[]> = {
  "index.d.ts": [
    "ZeroTrustOrganizationArgs", "CustomPages", "LoginDesign", "MfaConfig", "MfaPivKeyRequirements", "ServiceTokenInactivity",
    "OrganizationDohArgs", "UserAccessRevocationArgs", "HardenedZeroTrustOrganizationArgs", "RevokeUserArgs", "RevokeUserOptions",
    "GetZeroTrustOrganizationArgs", "GetZeroTrustOrganizationOutputArgs", "GetZeroTrustOrganizationOptions", "AuditArgs", "AuditOptions",
  ],
  "policy/index.d.ts": ["ZeroTrustPolicyOptions"],
};

const RESOURCES = ["ZeroTrustOrganization", "OrganizationDoh", "UserAccessRevocation", "HardenedZeroTrustOrganization"];
/** What every resource inherits from @pulumi/pulumi, documented there. */
const INHERITED = new Set(["id", "urn", "getProvider"]);

describe("the built declarations (dist/**/*.d.ts)", () => {
  it("never reference zod", () => {
    const files = declarationFiles(DIST);
    expect(files.length).toBeGreaterThan(40);
    const referencing = files.filter((file) => /["']zod["'/]/.test(readFileSync(file, "utf8")));
    expect(referencing.map((file) => path.relative(DIST, file))).toEqual([]);
  });

  it.each(Object.entries(ARGUMENTS).flatMap(([entry, names]) => names.map((name) => [entry, name])))(
    "%s: every field of %s says what it is and its default",
    (entry, name) => {
      const fields = docs(exported(entry, name));
      expect(Object.keys(fields).length).toBeGreaterThan(0);
      for (const [field, doc] of Object.entries(fields)) expect({ field, doc }).toEqual({ field, doc: expect.stringMatching(DEFAULT) });
    },
  );

  it("says which arguments replace the resource", () => {
    for (const [name, replacing] of [
      ["ZeroTrustOrganizationArgs", ["accountId", "zoneId"]],
      ["OrganizationDohArgs", ["accountId"]],
      ["UserAccessRevocationArgs", ["accountId", "zoneId", "email", "userUid", "devices", "warpSessionReauth", "triggers"]],
    ] as const) {
      const fields = docs(exported("index.d.ts", name));
      for (const field of replacing) expect({ name, field, doc: fields[field] }).toEqual({ name, field, doc: expect.stringMatching(/replace/) });
    }
  });

  it.each(RESOURCES)("documents every output of %s", (name) => {
    const outputs = Object.entries(docs(exported("index.d.ts", name))).filter(([output]) => !INHERITED.has(output));
    expect(outputs.length).toBeGreaterThan(1);
    for (const [output, doc] of outputs) expect({ output, doc }).toEqual({ output, doc: expect.stringMatching(/\w/) });
  });

  it("names each client option's environment variable, and its Pulumi config key where it has one", () => {
    // each value read from the environment or config is the name it was read under
    const variables = environmentSource(new Proxy({}, { get: (_, name) => String(name) })).values;
    const configKeys = readPackageConfig((key) => key, new OncePerKey(() => undefined)).settings.values;
    const options = docs(exported("index.d.ts", "RevokeUserOptions"));
    expect(Object.keys(options).sort()).toEqual(Object.keys(variables).sort());
    for (const [option, doc] of Object.entries(options)) {
      const named = [variables[option as keyof typeof variables], configKeys[option as keyof typeof configKeys]].filter((key) => key !== undefined);
      for (const key of named) expect({ option, doc }).toEqual({ option, doc: expect.stringContaining(`\`${String(key)}\``) });
      if (named.length === 1) expect({ option, doc }).toEqual({ option, doc: expect.stringContaining("no Pulumi config key") });
    }
  });
});
