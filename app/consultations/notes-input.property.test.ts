import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText } from "@consult-summary/core/testing";
import { checkNotes, countCharacters, extractNotesFromFile, NOTES_MAX_CHARACTERS } from "./notes-input";

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
});
