import fc from "fast-check";
import { DEFAULT_SEED, SEED } from "./seed";

/** The suite's fast-check setup (properties.ts): the fixed seed unless ZT_SEED says otherwise, and a replayable failure. */
describe("every fast-check property", () => {
  it("runs the suite's seed: the fixed one unless ZT_SEED is set", () => {
    expect(SEED).toBe(process.env.ZT_SEED ? SEED : DEFAULT_SEED);
    let seen: number | undefined;
    fc.assert(fc.property(fc.integer(), () => true), { reporter: (details) => (seen = details.seed) });
    expect(seen).toBe(SEED);
  });

  it("says, when it fails, the seed and the command that replays it", () => {
    const failure = (() => {
      try {
        fc.assert(fc.property(fc.integer(), (n) => n < 1000));
      } catch (error) {
        return (error as Error).message;
      }
      return "no failure";
    })();
    expect(failure).toContain(`seed: ${SEED}`);
    expect(failure).toMatch(new RegExp(`Replay it: ZT_SEED=${SEED} (ZT_RUNS=\\d+ )?npx jest test/support/properties.test.ts -t 'every fast-check property says, when it fails, the seed and the command that replays it'`));
  });
});
