/**
 * The floors of provider/, and the one rule between them: an import goes down a floor (or stays on its own), never up.
 * `npm test` runs this check (`npm run floors`); README's "Development" section draws the same floors.
 *
 *   node       the Node.js version check every entry loads first: imports nothing of ours
 *   model      pure: the settings table and all that derives from it, values, rules, bodies, errors (no Pulumi, no HTTP, no I/O)
 *   client     the Cloudflare API client (undici): model only
 *   resources  the dynamic resources, the host entry, plan lines, runtime config
 *   component  HardenedZeroTrustOrganization
 *   actions    revoke and audit: Pulumi-free operations over the client
 *   policy     the CrossGuard policies
 *   cli        the command line (provider/cli.ts and provider/cli/)
 *   testing    the local API and LocalStack
 * provider/index.ts, the package's entry, re-exports from every floor.
 */
const FLOORS = {
  node: [],
  model: [],
  client: ["model"],
  resources: ["node", "model", "client"],
  component: ["node", "model", "resources"],
  actions: ["model", "client"],
  policy: ["node", "model", "resources"],
  cli: ["node", "model", "client", "actions"],
  testing: ["node", "model", "client", "resources", "component"],
};

/** A floor's files: its folder, and for the command line also the entry beside it (provider/cli.ts). */
const filesOf = (floor) => `^provider/${floor}(/|\\.ts$)`;

/** What each floor may take from npm and Node.js beyond its own floors: nothing the floors below promise not to need. */
const PACKAGES = [
  {
    name: "model-is-pure",
    comment: "model uses zod and node:util, nothing else: no Pulumi, no HTTP client, no I/O",
    from: { path: filesOf("model") },
    to: { dependencyTypes: ["npm", "npm-dev", "npm-peer", "npm-optional", "core", "npm-no-pkg", "npm-unknown"], pathNot: ["^(node:)?util$", "node_modules/zod/"] },
  },
  {
    name: "pulumi-free",
    comment: "the client, the actions and the command line run without Pulumi",
    from: { path: ["client", "actions", "cli"].map(filesOf) },
    to: { path: "node_modules/@pulumi/" },
  },
];

module.exports = {
  forbidden: [
    ...Object.entries(FLOORS).map(([floor, below]) => ({
      name: `${floor}-imports-only-below`,
      comment: `${floor} may import ${below.length ? below.join(", ") : "nothing of ours"} (and itself): no import runs up a floor`,
      severity: "error",
      from: { path: filesOf(floor) },
      to: { path: "^provider/", pathNot: [floor, ...below].map(filesOf) },
    })),
    ...PACKAGES.map((rule) => ({ severity: "error", ...rule })),
    { name: "no-circular", severity: "error", comment: "no module depends on itself, by any path", from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // type-only imports count: a type from a floor above is an upward dependency too
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.json$" },
  },
};
