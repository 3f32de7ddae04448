import { readFileSync } from "node:fs";
import path from "node:path";
import { cli } from "../support/cli";
import { REPO_ROOT } from "../support/repo";

const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };

describe("npx pulumi-cloudflare-zero-trust", () => {
  it.each([[["--help"]], [["-h"]]])("%j lists the commands and exits 0", async (args) => {
    const run = await cli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: pulumi-cloudflare-zero-trust <command> \[options\]/);
    expect(run.stdout).toMatch(/^ {2}revoke-user +revoke every Cloudflare Access token/m);
    expect(run.stdout).toMatch(/^ {2}audit +compare Zero Trust organizations with a baseline/m);
  });

  it.each([
    [["revoke-user", "--email", "x", "--help"], /^Usage: pulumi-cloudflare-zero-trust revoke-user .*\n[^]*Exit codes: 0 revoked; 1 Cloudflare refused or could not be reached; 2 invalid usage/],
    [["audit", "--preset", "x", "--help"], /^Usage: pulumi-cloudflare-zero-trust audit --accounts [^]*Exit codes: 0 every organization complies; 3 some deviate/],
  ])("%j shows that command's help, whatever else is given", async (args, help) => {
    const run = await cli(args);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(help);
  });

  it.each([[["--version"]], [["-v"]], [["audit", "--version"]], [["revoke-user", "-v"]]])("%j prints the package's version", async (args) => {
    expect(await cli(args)).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it.each([
    [[], "no command given"],
    [["revoke"], 'unknown command "revoke"; the commands are revoke-user, audit'],
    [["--colour"], "unknown option --colour"],
  ])("%j exits 2 and says why", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`${message}\n(see \`pulumi-cloudflare-zero-trust --help\`)\n`);
  });
});
