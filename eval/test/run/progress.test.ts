import { createProgressReporter, formatProgress, type ProgressState } from "../../src/run/progress";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

const state = (done: number, total = 8, errors = 0): ProgressState => ({ done, total, errors, startedAt: 0 });

describe("formatProgress", () => {
  it("shows the bar, count, percentage, rate, ETA and errors", () => {
    expect(formatProgress(state(2, 8, 1), 1000)).toBe(
      "[######..................] 2/8 25% · 2.0 cases/s · ETA 3.0s · 1 errors",
    );
  });

  it("shows a full bar for an empty run and a dash while the rate is unknown", () => {
    expect(formatProgress(state(0, 0), 1000)).toBe(
      "[########################] 0/0 100% · 0.0 cases/s · ETA — · 0 errors",
    );
    expect(formatProgress(state(0, 8), 1000)).toMatch(/ETA — /);
  });
});

describe("createProgressReporter", () => {
  it("redraws one line in place on a terminal and ends it on the final update", () => {
    const { stream, writes } = fakeStream(true);
    const reporter = createProgressReporter(stream);
    reporter.update(state(1));
    reporter.update(state(2), true);
    expect(writes.every((text) => text.startsWith("\r"))).toBe(true);
    expect(writes.at(-1)).toMatch(/ 2\/8 .*\n$/);
    expect(writes.slice(0, -1).join("")).not.toContain("\n");
  });

  it("prints a line per quarter elsewhere, and the final state once", () => {
    const { stream, writes } = fakeStream(false);
    const reporter = createProgressReporter(stream);
    for (let done = 0; done <= 7; done++) reporter.update(state(done));
    reporter.update(state(7), true);
    reporter.update(state(7), true);
    expect(writes.map((text) => /\] (\d+)\/8/.exec(text)?.[1])).toEqual(["0", "2", "4", "6", "7"]);
    expect(writes.every((text) => !text.startsWith("\r") && text.endsWith("\n"))).toBe(true);
  });
});
