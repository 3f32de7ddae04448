import path from "node:path";

/**
 * What the suite's global setup prepared once per run (test/e2e/support/globalSetup.ts), handed to the test files
 * through the environment: the Pulumi CLI, and a workspace holding the packed package installed into a template
 * project. Every test project is a folder under the template, so Node and TypeScript resolve the tarball's install
 * from there (one `npm install` per run, not one per project).
 */
export interface Workspace {
  /** The temporary folder of this run. */
  readonly root: string;
  /** The project the tarball, @pulumi/pulumi, @pulumi/policy, typescript and ajv are installed into. */
  readonly template: string;
  /** The bin directory of scripts/pulumi-cli.sh: pulumi, its Node.js language host and the launchers. */
  readonly cliBin: string;
}

const VARIABLE = "ZT_E2E_WORKSPACE";

export function publishWorkspace(workspace: Workspace): void {
  process.env[VARIABLE] = JSON.stringify(workspace);
}

export function workspace(): Workspace {
  const published = process.env[VARIABLE];
  if (!published) throw new Error(`${VARIABLE} is not set: run the suite with \`npm run test:e2e\` (jest -c jest.e2e.config.js)`);
  return JSON.parse(published) as Workspace;
}

/** Where the projects of the test files live: under the template, which holds node_modules. */
export function projectsDir(): string {
  return path.join(workspace().template, "projects");
}

/** Where each CLI command's duration is appended (one JSON line each), summed up by the global teardown. */
export function timingsFile(): string {
  return path.join(workspace().root, "timings.jsonl");
}

/** Lines for the end of the run (figures the suite measured), printed by the global teardown. */
export function reportFile(): string {
  return path.join(workspace().root, "report.txt");
}
