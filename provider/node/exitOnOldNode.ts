/**
 * Imported first by the command line: on a Node.js the package does not support, it prints the versions needed and
 * found and exits 2 (bad usage), before undici loads and fails obscurely with the exit code of a Cloudflare failure.
 */
import { unsupportedNodeMessage } from "./version";

const message = unsupportedNodeMessage(process.versions.node);
if (message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
