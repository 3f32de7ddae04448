import path from "node:path";

/** This repository's root: the Pulumi project directory of the root `Pulumi.yaml`, where the package links itself. */
export const REPO_ROOT = path.resolve(__dirname, "../..");
