import { execFileSync } from "node:child_process";
import { REPO_ROOT } from "../support/repo";

/** The built policy subpath, loaded as a user's program loads it (the package links itself into node_modules). */
describe("the policy subpath as a user loads it", () => {
  it("loads without @pulumi/policy, and the package's main entry does not load the policy code", () => {
    const loaded = (entry: string) =>
      JSON.parse(
        execFileSync(process.execPath, ["-e", `require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(require.cache)))`], { cwd: REPO_ROOT, encoding: "utf8" }),
      ) as string[];
    expect(loaded("pulumi-cloudflare-zero-trust/policy").filter((file) => file.includes("@pulumi/policy"))).toEqual([]);
    expect(loaded("pulumi-cloudflare-zero-trust").filter((file) => file.includes("/dist/policy/"))).toEqual([]);
  });
});
