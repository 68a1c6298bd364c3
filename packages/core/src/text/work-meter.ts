/**
 * Counts the basic steps a text algorithm takes (characters scanned, postings visited, windows
 * compared), so tests can check that the work grows linearly with the input instead of timing it.
 * Functions take one as an optional last argument and count nothing without it.
 */
export class WorkMeter {
  steps = 0;

  add(steps: number): void {
    this.steps += steps;
  }
}
