/**
 * The Node.js versions the package runs on. Checked before anything else loads: on an older Node, undici 8 fails
 * while loading (`TypeError: Cannot read properties of undefined (reading 'bind')`) with nothing that names Node.
 * package.json's `engines.node` is the one place the version is written.
 */
const ENGINES: string = require("../../package.json").engines.node; // from dist/node/ and provider/node/ alike

const MINIMUM = /^>=(\d+\.\d+\.\d+)$/.exec(ENGINES)?.[1];
if (!MINIMUM) throw new Error(`package.json engines.node must read >=MAJOR.MINOR.PATCH (got ${JSON.stringify(ENGINES)})`);

/** The oldest Node.js the package runs on, e.g. `22.19.0`. */
export const REQUIRED_NODE: string = MINIMUM;

/** Why this Node.js (`process.versions.node`) cannot run the package, naming both versions; undefined when it can. */
export function unsupportedNodeMessage(found: string): string | undefined {
  if (rank(found) >= rank(REQUIRED_NODE)) return undefined;
  return (
    `pulumi-cloudflare-zero-trust needs Node.js ${REQUIRED_NODE} or later, and this is Node.js ${found}. ` +
    "Install Node.js 22 or 24 (LTS), or run one command on Node 22 from the npm registry: " +
    "npx --yes --package=node@22 -- <command>"
  );
}

/** A version as one comparable number (minor and patch stay below 1000). */
function rank(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map((part) => Number.parseInt(part, 10) || 0);
  return (major * 1000 + minor) * 1000 + patch;
}
