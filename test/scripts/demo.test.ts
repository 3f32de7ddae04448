import { spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../support/repo";

/** `npm run demo` (after its install and build steps), as a new user runs it: it must exit 0 and stop everything. */
describe("the demo", () => {
  it("adopts the hand-made organization through the provider host, then finds nothing to change", async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/demo.ts"], {
      cwd: REPO_ROOT,
      // no Pulumi CLI on this PATH: the host path is the one exercised here
      env: { PATH: path.dirname(process.execPath), HOME: process.env.HOME ?? "/tmp" },
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    // the process only exits once the fake API and the provider host are stopped
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/Pulumi CLI not found: running examples\/basic through Pulumi's own dynamic-provider host/);
    expect(output).toMatch(/\+ ZeroTrustOrganization zero-trust \(create; adopts the organization if one exists\)/);
    expect(output).toMatch(/created, id accounts\/699d98642c564d2e855e9661899b7252, adopted the existing organization/);
    expect(output).toMatch(/no changes for accounts\/699d98642c564d2e855e9661899b7252 \(0 API calls\)/);
    // the hand-made settings survived, the baseline was added
    expect(output).toMatch(/deny_unmatched_requests: true/);
    expect(output).toMatch(/mfa_required_for_all_apps: true/);
    expect(output).toMatch(/Everything the demo started is stopped/);
  });
});
