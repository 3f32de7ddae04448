import path from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "./support/repo";

/**
 * The package's entry point exports what README documents, name by name, and nothing internal. A new public name
 * belongs in provider/index.ts, in README and here.
 */
const VALUES = [
  "CloudflareApiError",
  "CloudflareAuthenticationError",
  "CloudflareConfigurationError",
  "CloudflareConflictError",
  "CloudflareError",
  "CloudflareNetworkError",
  "CloudflareNotFoundError",
  "CloudflareRateLimitedError",
  "CloudflareResponseError",
  "CloudflareServerError",
  "CloudflareWaitError",
  "HardenedZeroTrustOrganization",
  "InvalidArgumentsError",
  "OrganizationDoh",
  "PRESETS",
  "UserAccessRevocation",
  "ZeroTrustError",
  "ZeroTrustOrganization",
  "auditOrganizations",
  "describeDeviation",
  "getZeroTrustOrganization",
  "getZeroTrustOrganizationOutput",
  "revokeUserAccess",
];
const TYPES = [
  "AuditArgs",
  "AuditFailure",
  "AuditOptions",
  "AuditResult",
  "CloudflareMessage",
  "CustomPages",
  "Deviation",
  "GetZeroTrustOrganizationArgs",
  "GetZeroTrustOrganizationOptions",
  "GetZeroTrustOrganizationOutputArgs",
  "GetZeroTrustOrganizationResult",
  "HardenedZeroTrustOrganizationArgs",
  "LoginDesign",
  "MfaConfig",
  "MfaPivKeyRequirements",
  "OrganizationDohArgs",
  "OrganizationSetting",
  "PresetName",
  "RevokeUserArgs",
  "RevokeUserOptions",
  "ServiceTokenInactivity",
  "UserAccessRevocationArgs",
  "ZeroTrustErrorCode",
  "ZeroTrustOrganizationArgs",
];

describe("the public API (pulumi-cloudflare-zero-trust)", () => {
  it("exports exactly the documented values at run time", () => {
    expect(Object.keys(require("../provider")).sort()).toEqual(VALUES);
  });

  it("declares exactly the documented values and types in the built entry's typings", () => {
    const entry = path.join(REPO_ROOT, require(path.join(REPO_ROOT, "package.json")).types);
    const program = ts.createProgram([entry], { skipLibCheck: true });
    const checker = program.getTypeChecker();
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    const names = checker.getExportsOfModule(module).map((symbol) => symbol.name);
    expect(names.sort()).toEqual([...VALUES, ...TYPES].sort());
  });
});
