import { splitOuterWhitespace, wordDiff, type DiffPart } from "../../src/compare/word-diff";

const side = (parts: DiffPart[], keep: "insert" | "delete") =>
  parts
    .filter((p) => p.op === "equal" || p.op === keep)
    .map((p) => p.text)
    .join("");
const norm = (s: string) => s.trim().split(/\s+/).filter(Boolean).join(" ");

/** Compact notation for assertions: [-x-] for deletions, {+x+} for insertions. */
const show = (parts: DiffPart[]) =>
  parts
    .map((p) => (p.op === "equal" ? p.text : p.op === "delete" ? `[-${p.text}-]` : `{+${p.text}+}`))
    .join("");

function checkInvariants(before: string, after: string): DiffPart[] {
  const parts = wordDiff(before, after);
  expect(side(parts, "insert")).toBe(after);
  expect(norm(side(parts, "delete"))).toBe(norm(before));
  for (const p of parts) expect(p.text).not.toBe("");
  for (let i = 1; i < parts.length; i++) expect(parts[i]?.op).not.toBe(parts[i - 1]?.op);
  return parts;
}

describe("wordDiff", () => {
  it("returns one equal part for identical text", () => {
    expect(wordDiff("Patient has a cough.", "Patient has a cough.")).toEqual([
      { op: "equal", text: "Patient has a cough." },
    ]);
  });

  it("handles empty sides", () => {
    expect(wordDiff("", "")).toEqual([]);
    expect(wordDiff("", "new text")).toEqual([{ op: "insert", text: "new text" }]);
    expect(wordDiff("old text", "")).toEqual([{ op: "delete", text: "old text" }]);
    expect(wordDiff("   ", "")).toEqual([]);
  });

  it("reports a pure insertion in the middle, at the start and at the end", () => {
    expect(show(checkInvariants("a c", "a b c"))).toBe("a {+b +}c");
    expect(show(checkInvariants("b c", "a b c"))).toBe("{+a +}b c");
    expect(show(checkInvariants("a b", "a b c"))).toBe("a b{+ c+}");
  });

  it("reports a pure deletion in the middle, at the start and at the end", () => {
    expect(show(checkInvariants("a b c", "a c"))).toBe("a [-b -]c");
    expect(show(checkInvariants("a b c", "b c"))).toBe("[-a -]b c");
    expect(show(checkInvariants("a b c", "a b"))).toBe("a b[- c-]");
  });

  it("reports a replacement as a delete followed by an insert", () => {
    const parts = checkInvariants("BP was 120/80 today", "BP was 130/85 today");
    expect(parts).toEqual([
      { op: "equal", text: "BP was " },
      { op: "delete", text: "120/80" },
      { op: "insert", text: "130/85" },
      { op: "equal", text: " today" },
    ]);
    expect(show(checkInvariants("one two three", "uno dos tres"))).toBe("[-one two three-]{+uno dos tres+}");
  });

  it("aligns repeated words sensibly", () => {
    const parts = checkInvariants("the the the cat", "the cat");
    expect(parts.filter((p) => p.op === "delete").map((p) => norm(p.text))).toEqual(["the the"]);
    expect(parts.filter((p) => p.op === "insert")).toEqual([]);
    const parts2 = checkInvariants("a b a b a b", "a b a c a b");
    expect(show(parts2)).toBe("a b a [-b-]{+c+} a b");
  });

  it("keeps newlines and multi-line structure readable", () => {
    const before = "Plan:\n- start amoxicillin\n- review in 2 weeks\n\nSafety-net advice given.";
    const after = "Plan:\n- start amoxicillin 500 mg\n- review in 1 week\n\nSafety-net advice given.";
    const parts = checkInvariants(before, after);
    expect(show(parts)).toBe(
      "Plan:\n- start amoxicillin{+ 500 mg+}\n- review in [-2 weeks-]{+1 week+}\n\nSafety-net advice given.",
    );
  });

  it("treats a whitespace-only change as equal, using the new layout", () => {
    expect(wordDiff("a b", "a\nb")).toEqual([{ op: "equal", text: "a\nb" }]);
    expect(wordDiff("  a  b ", "a b")).toEqual([{ op: "equal", text: "a b" }]);
  });

  it("is case- and punctuation-sensitive at the word level", () => {
    expect(show(checkInvariants("No fever.", "No fever"))).toBe("No [-fever.-]{+fever+}");
  });

  it("stays consistent on random edits", () => {
    const vocab = ["a", "b", "c", "cough", "fever", "the", "\n", "x."];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const text = () =>
      Array.from({ length: Math.floor(rand() * 12) }, () => vocab[Math.floor(rand() * vocab.length)]).join(
        " ",
      );
    for (let i = 0; i < 200; i++) checkInvariants(text(), text());
  });

  it("handles long texts", () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${i % 97}`);
    const before = words.join(" ");
    const after = words.map((w, i) => (i % 100 === 0 ? "CHANGED" : w)).join(" ");
    const parts = checkInvariants(before, after);
    expect(parts.filter((p) => p.op === "insert")).toHaveLength(30);
  });

  it("keeps a longest common subsequence of the words as equal", () => {
    const lcsLength = (a: string[], b: string[]): number => {
      const row = new Array<number>(b.length + 1).fill(0);
      for (const word of a) {
        let diagonal = 0;
        for (let j = 1; j <= b.length; j++) {
          const above = row[j]!;
          row[j] = word === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]!);
          diagonal = above;
        }
      }
      return row[b.length]!;
    };
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    const vocab = ["a", "b", "the", "cough", "x."];
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const text = () =>
      Array.from({ length: Math.floor(rand() * 14) }, () => vocab[Math.floor(rand() * vocab.length)]).join(
        " ",
      );
    for (let i = 0; i < 200; i++) {
      const [before, after] = [text(), text()];
      const equalWords = wordDiff(before, after)
        .filter((p) => p.op === "equal")
        .flatMap((p) => words(p.text));
      expect(equalWords).toHaveLength(lcsLength(words(before), words(after)));
    }
  });

  it("reports the middle of two long, mostly different texts as replaced without aligning it", () => {
    const before = ["same", ...Array.from({ length: 4100 }, (_, i) => `old${i}`), "shared", "end"].join(" ");
    const after = ["same", "shared", ...Array.from({ length: 4100 }, (_, i) => `new${i}`), "end"].join(" ");
    const parts = checkInvariants(before, after);
    expect(parts.map((p) => p.op)).toEqual(["equal", "delete", "insert", "equal"]);
  });
});

describe("splitOuterWhitespace", () => {
  it("splits leading and trailing whitespace", () => {
    expect(splitOuterWhitespace("  ab c\n")).toEqual(["  ", "ab c", "\n"]);
    expect(splitOuterWhitespace("   ")).toEqual(["   ", "", ""]);
    expect(splitOuterWhitespace("x")).toEqual(["", "x", ""]);
  });
});
