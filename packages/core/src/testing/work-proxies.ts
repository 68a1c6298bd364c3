// Measures of the work a text function does that do not depend on its code having a work meter:
// they also show the quadratic behaviour of code written before meters existed (issue #14).
// Neither is a clock: both count steps. (Plain wrappers rather than vi.spyOn, which would keep the
// arguments of millions of calls.)

/** Replaces `object[name]` by a wrapper for the duration of `run`. */
function wrapping<T extends object, K extends keyof T>(
  object: T,
  name: K,
  wrap: (original: T[K]) => T[K],
  run: () => void,
): void {
  const original = object[name];
  object[name] = wrap(original);
  try {
    run();
  } finally {
    object[name] = original;
  }
}

/**
 * Characters handed to regular expressions while `run` runs: for a global expression the distance
 * its search advanced (to the end of the text when it failed), for a sticky one (String#split tries
 * one at every position) the length of its match or 1, for any other the length of the text it was
 * given. Re-running an expression over a growing piece of text shows up as a quadratic total;
 * backtracking inside one search does not (the linter's regexp rules catch that).
 */
export function regexInputCharacters(run: () => void): number {
  let characters = 0;
  wrapping(
    RegExp.prototype,
    "exec",
    (exec) =>
      function (this: RegExp, input: string) {
        const from = this.global || this.sticky ? this.lastIndex : 0;
        const match = exec.call(this, input);
        if (this.sticky) characters += match ? Math.max(1, this.lastIndex - from) : 1;
        else if (this.global) characters += match ? this.lastIndex - from : input.length - from;
        else characters += input.length;
        return match;
      },
    run,
  );
  return characters;
}

/** Calls of Set#has, Map#has and Map#get while `run` runs: lookups in the collections an index is made of. */
export function collectionLookups(run: () => void): number {
  let lookups = 0;
  const counted = <F extends (...args: never[]) => unknown>(original: F) =>
    function (this: unknown, ...args: Parameters<F>) {
      lookups++;
      return original.apply(this, args);
    } as unknown as F;
  wrapping(Set.prototype, "has", counted, () =>
    wrapping(Map.prototype, "has", counted, () => wrapping(Map.prototype, "get", counted, run)),
  );
  return lookups;
}
