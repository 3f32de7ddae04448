/**
 * Imported first by every library entry (main, `/host`, `/testing`): on a Node.js the package does not support,
 * loading it fails here, with the versions needed and found, before undici loads and fails obscurely.
 */
import { unsupportedNodeMessage } from "./version";

const message = unsupportedNodeMessage(process.versions.node);
if (message) throw new Error(message);
