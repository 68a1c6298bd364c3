import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText } from "@consult-summary/core/testing";
import {
  checkNotes,
  countCharacters,
  extractNotesFromFile,
  NOTES_MAX_CHARACTERS,
  readNotesFile,
} from "./notes-input";

// The plain-text rule stated another way, code point by code point, as the properties' oracle.
function isPlainTextByCodePoints(notes: string): boolean {
  if (/^(?:%PDF-|%!PS|\{\\rtf|GIF8[79]a)/.test(notes)) return false;
  for (const character of notes) {
    const code = character.codePointAt(0)!;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (control && !"\t\n\f\r".includes(character)) return false;
    if (code === 0xfffd || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

describe("notes input on adversarial text (issue #14)", () => {
  it("checkNotes decides by blankness, plain text and code points, and never quotes the notes", () => {
    fc.assert(
      fc.property(anyAdversarialText(120_000), (notes) => {
        const problem = checkNotes(notes);
        expect(countCharacters(notes)).toBe([...notes].length);
        if (!notes.trim()) expect(problem?.code).toBe("notes_required");
        else if (!isPlainTextByCodePoints(notes)) expect(problem?.code).toBe("notes_not_text");
        else if (countCharacters(notes) > NOTES_MAX_CHARACTERS) expect(problem?.code).toBe("notes_too_long");
        else expect(problem).toBeUndefined();
        // The message is about the notes, never of them (they are PHI).
        if (problem && notes.trim().length > 12) expect(problem.message).not.toContain(notes.trim());
      }),
      { numRuns: 80 },
    );
  });

  it("extractNotesFromFile reads back any text from a JSON file or a text file", () => {
    fc.assert(
      fc.property(
        anyAdversarialText(),
        fc.constantFrom("notes", "dialogue", "transcript", "text"),
        (notes, field) => {
          expect(extractNotesFromFile("visit.json", JSON.stringify({ [field]: notes }))).toBe(notes);
          expect(extractNotesFromFile("visit.json", JSON.stringify(notes))).toBe(notes);
          expect(extractNotesFromFile("visit.txt", notes)).toBe(notes);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("readNotesFile loads a text file's bytes exactly when its text would pass, and never quotes it", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        const bytes = new TextEncoder().encode(text);
        // What the file holds as text: lone surrogates were written as U+FFFD, a BOM is dropped.
        const held = new TextDecoder().decode(bytes);
        const expected = checkNotes(held);
        const result = readNotesFile("visit.txt", bytes);
        if (!expected) expect(result).toEqual({ notes: held });
        else {
          expect("problem" in result && result.problem.code).toBe(expected.code);
          if ("problem" in result && held.trim().length > 12) {
            expect(result.problem.message).not.toContain(held.trim());
          }
        }
      }),
      { numRuns: 80 },
    );
  });
});
