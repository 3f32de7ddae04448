import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { timingSummary } from "./timings";
import { reportFile, timingsFile, workspace } from "./workspace";

/**
 * Prints what the tests measured and how long each class of CLI command took, and removes the run's workspace
 * (ZT_E2E_KEEP=1 keeps it).
 */
export default function tearDown(): void {
  const { root } = workspace();
  const started = Number(readFileSync(path.join(root, "started"), "utf8"));
  const report = existsSync(reportFile()) ? readFileSync(reportFile(), "utf8").trimEnd().split("\n") : [];
  const lines = [...report, `whole suite (setup included): ${((Date.now() - started) / 1000).toFixed(1)} s; CLI commands by class:`, ...timingSummary(timingsFile())];
  process.stderr.write(`\n${lines.map((line) => `[e2e] ${line}`).join("\n")}\n`);
  if (process.env.ZT_E2E_KEEP === "1") process.stderr.write(`[e2e] kept ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
}
