/**
 * The same rollout sharded across stacks with Pulumi's Automation API, for fleets that outgrow one stack:
 *
 *   npx tsx examples/multi-account/automation.ts accounts.json
 *
 * Each shard is its own stack and its own `pulumi up`, hence its own provider process. Shards that share a token
 * need no slice of it: each sees in Cloudflare's rate-limit headers what the others used, and waits at the reserve.
 */
import { readFileSync } from "node:fs";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { fleet, type FleetAccount } from "./index";

const SHARD_SIZE = 200;
const PARALLEL = 2;

export function shards<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

async function rollOut(shard: FleetAccount[], index: number): Promise<void> {
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "zero-trust-fleet", stackName: `shard-${index}`, program: async () => void fleet(shard) },
    {
      // The provider host loads this package from the project directory; an inline program's default work
      // directory is a temporary one, where it is not installed.
      workDir: __dirname,
    },
  );
  const result = await stack.up({ onOutput: (line) => process.stdout.write(`[shard-${index}] ${line}`) });
  console.log(`shard-${index}: ${JSON.stringify(result.summary.resourceChanges)}`);
}

async function main(): Promise<void> {
  const accounts = JSON.parse(readFileSync(process.argv[2] ?? "accounts.json", "utf8")) as FleetAccount[];
  const queue = shards(accounts, SHARD_SIZE).map((shard, index) => () => rollOut(shard, index));
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await next();
  }));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
