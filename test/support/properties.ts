import fc from "fast-check";
import path from "node:path";
import { REPO_ROOT } from "./repo";
import { runs, SEED } from "./seed";

/**
 * Jest setup for every test file (jest.config.js): every fast-check property runs with the suite's seed and ZT_RUNS
 * (see seed.ts), and a failure says, besides fast-check's own report (seed, path, counterexample), the command that
 * replays it.
 */
// a property that sets no numRuns: fast-check's 100, unless ZT_RUNS says otherwise
fc.configureGlobal({ seed: SEED, numRuns: runs(100) });
fc.installGlobalPlugin(() => ({
  onAllRunsComplete: (details) => {
    if (details.failed) throw new Error(`${fc.defaultReportMessage(details)}\n\n${replayCommand(details.seed)}`, { cause: details.errorInstance });
  },
}));

function replayCommand(seed: number): string {
  const { testPath, currentTestName } = expect.getState();
  const runs = process.env.ZT_RUNS ? `ZT_RUNS=${process.env.ZT_RUNS} ` : "";
  const file = testPath ? path.relative(REPO_ROOT, testPath) : "<test file>";
  const name = (currentTestName ?? "").replace(/[\\^$.*+?()[\]{}|]/g, "\\$&").replace(/'/g, "'\\''");
  return `Replay it: ZT_SEED=${seed} ${runs}npx jest ${file} -t '${name}'`;
}
