import path from "node:path";

/**
 * This repository's root: the Pulumi project directory of the root `Pulumi.yaml`. The examples' `file:../..`
 * dependency (npm workspaces) links the package into the root `node_modules`, so the serialized providers'
 * `require("pulumi-cloudflare-zero-trust/host")` resolves here as it does in a user's project.
 */
export const REPO_ROOT = path.resolve(__dirname, "../..");
