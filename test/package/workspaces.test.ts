import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/repo";

/**
 * The examples are Pulumi projects of their own, and npm workspaces of this repository: their `file:../..`
 * dependency is npm's own link of the package into the root node_modules, recorded in the lock file, so that
 * `npm install` and `npm ci` both keep it (the serialized providers `require("pulumi-cloudflare-zero-trust/host")`
 * from the project directory, the root for the demo and the host-based tests).
 */
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
const examples = readdirSync(path.join(REPO_ROOT, "examples"));

describe("the examples as projects", () => {
  it.each(examples)("examples/%s has its Pulumi.yaml (a policy pack: PulumiPolicy.yaml), tsconfig.json and a package.json depending on the package", (example) => {
    const dir = path.join(REPO_ROOT, "examples", example);
    expect(existsSync(path.join(dir, example === "policy-pack" ? "PulumiPolicy.yaml" : "Pulumi.yaml"))).toBe(true);
    expect(existsSync(path.join(dir, "tsconfig.json"))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(manifest.dependencies).toMatchObject({ [pkg.name]: "file:../..", "@pulumi/pulumi": pkg.peerDependencies["@pulumi/pulumi"] });
    expect(manifest.scripts.typecheck).toBe("tsc --noEmit");
  });

  it("are workspaces whose dependency links the package into the root node_modules, as the lock file records", () => {
    expect(pkg.workspaces).toEqual(["examples/*"]);
    const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"));
    expect(lock.packages[`node_modules/${pkg.name}`]).toMatchObject({ link: true });
    expect(realpathSync(path.join(REPO_ROOT, "node_modules", pkg.name))).toBe(realpathSync(REPO_ROOT));
  });
});
