import { REQUIRED_NODE, unsupportedNodeMessage } from "../../provider/node/version";

describe("the Node.js version check", () => {
  it("needs the version package.json's engines field names", () => {
    expect(`>=${REQUIRED_NODE}`).toBe(require("../../package.json").engines.node);
    expect(REQUIRED_NODE).toBe("22.19.0");
  });

  it.each(["22.19.0", "22.19.1", "22.20.0", "23.0.0", "24.11.1", "100.0.0"])("accepts %s", (version) => {
    expect(unsupportedNodeMessage(version)).toBeUndefined();
  });

  it.each(["22.18.9", "22.9.0", "21.99.99", "20.20.2", "18.0.0"])("refuses %s, naming both versions and a way out", (version) => {
    expect(unsupportedNodeMessage(version)).toBe(
      `pulumi-cloudflare-zero-trust needs Node.js 22.19.0 or later, and this is Node.js ${version}. Install Node.js 22 ` +
        "or 24 (LTS), or run one command on Node 22 from the npm registry: npx --yes --package=node@22 -- <command>",
    );
  });
});
