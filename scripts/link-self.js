// Makes this repository's own package resolvable by name from its node_modules, as it is in a user's project.
// The serialized providers `require("pulumi-cloudflare-zero-trust/host")` from the Pulumi project directory; this
// lets the root program, the examples and the tests run the package the way users install it. Part of
// `npm run build`, since npm prunes unknown entries from node_modules whenever it installs.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", require(path.join(root, "package.json")).name);
if (!fs.existsSync(path.join(root, "node_modules"))) process.exit(0);
try {
  if (fs.readlinkSync(link) === "..") process.exit(0);
} catch {
  // not a link yet
}
fs.rmSync(link, { recursive: true, force: true });
fs.symlinkSync("..", link, "dir");
