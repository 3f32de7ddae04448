import { ProgressLine } from "../../provider/cli/progress";

/** A stderr stand-in that records what was written. */
function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => (writes.push(text), true) } as unknown as NodeJS.WriteStream };
}

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

describe("ProgressLine", () => {
  it("stays quiet for the first second, then writes a line at most once a second to a log", () => {
    const { writes, stream: err } = stream(false);
    const progress = new ProgressLine(err);
    progress.update("1 of 3");
    jest.advanceTimersByTime(1000);
    progress.update("2 of 3");
    jest.advanceTimersByTime(500);
    progress.update("3 of 3");
    progress.update("retrying", { now: true });
    progress.clear();
    expect(writes).toEqual(["2 of 3\n", "retrying\n"]);
  });

  it("rewrites one line in place on a terminal, and clears it", () => {
    const { writes, stream: err } = stream(true);
    const progress = new ProgressLine(err);
    jest.advanceTimersByTime(1000);
    progress.update("1 of 3");
    jest.advanceTimersByTime(50);
    progress.update("2 of 3"); // within 100 ms of the last: skipped
    jest.advanceTimersByTime(100);
    progress.update("3 of 3");
    progress.clear();
    progress.clear();
    expect(writes).toEqual(["\r\x1b[2K1 of 3", "\r\x1b[2K3 of 3", "\r\x1b[2K"]);
  });
});
