import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import refuseStaleBuild from "../../support/freshBuild";
import { REPO_ROOT } from "../../support/repo";
import { publishWorkspace, type Workspace } from "./workspace";

const say = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

/**
 * Once per run: the Pulumi CLI (built, or reused from its cache), the package packed as users get it, and a template
 * project with the tarball installed, under which every test file makes its projects.
 */
export default function setUp(): void {
  const started = Date.now();
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) throw new Error(`The end-to-end suite needs Node >= 22 on PATH (the CLI's language host runs it); this is ${process.version}`);
  refuseStaleBuild(); // the tarball is packed from dist/ without its prepare script
  const cliBin = pulumiCli();
  const root = mkdtempSync(path.join(tmpdir(), "zt-e2e-"));
  const template = path.join(root, "template");
  mkdirSync(path.join(template, "projects"), { recursive: true });

  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", root], { cwd: REPO_ROOT, stdio: "ignore" });
  const tarball = path.join(root, readdirSync(root).find((file) => file.endsWith(".tgz"))!);
  writeFileSync(
    path.join(template, "package.json"),
    JSON.stringify(
      {
        name: "zt-e2e-template",
        private: true,
        dependencies: { "pulumi-cloudflare-zero-trust": `file:${tarball}`, ...installedVersions("@pulumi/pulumi", "@pulumi/policy") },
        // TypeScript for the CLI's ts-node (without it, @pulumi/pulumi falls back to its bundled TypeScript 3.8, which
        // cannot read the projects' tsconfig) and the types the examples' tsconfigs name; ajv for the local API of
        // pulumi-cloudflare-zero-trust/testing
        devDependencies: installedVersions("typescript", "@types/node", "@types/jest", "ajv", "ajv-formats"),
      },
      null,
      2,
    ),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: template, stdio: "ignore" });

  const workspace: Workspace = { root, template, cliBin };
  publishWorkspace(workspace);
  writeFileSync(path.join(root, "started"), String(started));
  say(`workspace ${root}: tarball packed and installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** scripts/pulumi-cli.sh's bin directory: given (PULUMI_CLI_BIN), else built or reused from its cache. */
function pulumiCli(): string {
  const given = process.env.PULUMI_CLI_BIN;
  const bin =
    given ??
    execFileSync(path.join(REPO_ROOT, "scripts", "pulumi-cli.sh"), {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"], // the script announces a build (minutes) on stderr
      env: { ...process.env, PULUMI_LANGUAGE_NODEJS: process.env.PULUMI_LANGUAGE_NODEJS ?? "auto" },
    })
      .trim()
      .split("\n")
      .at(-1)!;
  const version = execFileSync(path.join(bin, "pulumi"), ["version"], { encoding: "utf8" }).trim();
  say(`Pulumi CLI ${version} from ${bin}`);
  return bin;
}

/** The versions this repository is installed with, as dependencies of the template. */
function installedVersions(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, require(`${name}/package.json`).version as string]));
}
